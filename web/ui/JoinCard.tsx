import QRCode from 'qrcode';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { DEFAULT_CHAIN_PARAMS } from '../../shared/chain/params';
import { headlessMembers } from '../../shared/telemetry/member-kinds';
import { buildJoinUrl, isLoopbackHost, readableJoinUrl } from '../app/join-url';
import { fetchJoinInfo } from '../net/signalling-client';
import { memberCount } from './member-count';
import { useMesh } from './use-mesh';
import './join-card.css';

/** The masthead's button: one click shows the card a teacher puts on the projector. */
export function JoinCardButton() {
  const { t } = useTranslation('join');
  const [open, setOpen] = useState(false);
  return (
    <>
      <button type="button" className="join-card-button" aria-haspopup="dialog" title={t('card.buttonTitle')} data-testid="join-card-open" onClick={() => setOpen(true)}>
        {t('card.button')}
      </button>
      {open && <JoinCard onClose={() => setOpen(false)} />}
    </>
  );
}

type Qr = { url: string; dataUrl: string } | { url: string; error: string };

/**
 * The address that joins this room, as large text and as a QR code (an <img> of a data: URL, which
 * the page's Content-Security-Policy allows), with the room's name and how many tabs are in it.
 * A modal <dialog>: Escape and the close button shut it.
 */
function JoinCard({ onClose }: { onClose: () => void }) {
  const { t } = useTranslation('join');
  const room = useMesh((s) => s.self.room);
  const rules = useMesh((s) => s.self.rules);
  const members = useMesh((s) => Object.keys(s.roster).length + 1);
  // A headless peer (npm run peer) is a member of the room but not a tab: counted apart.
  const headless = useMesh((s) => {
    const names = new Set(Object.values(s.roster).map((m) => m.name));
    return headlessMembers(s.roomReports).filter((name) => names.has(name)).length;
  });
  const onLoopback = isLoopbackHost(window.location.hostname);
  // Off loopback the page's own address is the one to share: no need to wait for the server.
  const [lanOrigins, setLanOrigins] = useState<string[] | null>(onLoopback ? null : []);
  useEffect(() => {
    if (!onLoopback) return;
    let live = true;
    void fetchJoinInfo().then((origins) => live && setLanOrigins(origins));
    return () => {
      live = false;
    };
  }, [onLoopback]);
  const url =
    lanOrigins === null
      ? null
      : buildJoinUrl({ pageOrigin: window.location.origin, pageHostname: window.location.hostname, lanOrigins, room, chain: rules ?? DEFAULT_CHAIN_PARAMS });
  const [qr, setQr] = useState<Qr | null>(null);
  useEffect(() => {
    if (url === null) return;
    let live = true;
    QRCode.toDataURL(url, { errorCorrectionLevel: 'M', margin: 2, width: 512 }).then(
      (dataUrl) => live && setQr({ url, dataUrl }),
      (error: unknown) => live && setQr({ url, error: error instanceof Error ? error.message : String(error) }),
    );
    return () => {
      live = false;
    };
  }, [url]);

  const dialog = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    const element = dialog.current;
    // No close() on cleanup: its 'close' event would arrive after React Strict Mode's second
    // showModal and shut the card at once. Unmounting removes the dialog, which ends the modal.
    if (element && !element.open) element.showModal();
  }, []);

  const shown = qr !== null && qr.url === url ? qr : null;
  const readable = url === null ? '' : readableJoinUrl(url);
  const stillLocal = url !== null && isLoopbackHost(new URL(url).hostname);
  return (
    <dialog ref={dialog} className="join-card" aria-labelledby="join-card-title" data-testid="join-card" onClose={onClose}>
      <h2 id="join-card-title">{t('card.title', { room })}</h2>
      <p className="join-card-count" data-testid="join-card-count">
        {t('card.members', { members: memberCount(t, members, headless) })}
      </p>
      <div className="join-card-qr-box">
        {shown && 'dataUrl' in shown ? (
          <img className="join-card-qr" src={shown.dataUrl} alt={t('card.qrAlt', { url: readable })} data-testid="join-card-qr" width={512} height={512} />
        ) : shown ? (
          <p className="problem" role="alert">{t('card.qrFailed', { message: shown.error })}</p>
        ) : (
          <p className="hint">{t('card.making')}</p>
        )}
      </div>
      <p className="join-card-scan">{t('card.scan')}</p>
      <p className="join-card-url" data-testid="join-card-url" data-url={url ?? undefined}>
        {readable}
      </p>
      {stillLocal && <p className="hint">{t('card.localOnly')}</p>}
      <button type="button" className="join-card-close" data-testid="join-card-close" autoFocus onClick={() => dialog.current?.close()}>
        {t('card.close')}
      </button>
    </dialog>
  );
}
