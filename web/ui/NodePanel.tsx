import { useTranslation } from 'react-i18next';
import type { Session } from '../app/session';
import { shortId } from '../store/attach-node';
import { SyncBar } from './SyncBar';
import { TopologySwitch } from './TopologySwitch';
import { ConfirmButton } from './ConfirmButton';
import { useMesh } from './use-mesh';

export function NodePanel({ session }: { session: Session | null }) {
  const self = useMesh((s) => s.self);
  const tip = useMesh((s) => s.chain.tip);
  const known = useMesh((s) => s.chain.knownBlocks);
  const sync = useMesh((s) => s.sync);
  const { t } = useTranslation('node');
  const dash = t('common:dash');
  return (
    <section className="panel" aria-labelledby="node-title">
      <h2 id="node-title">{t('title')}</h2>
      {self.problems.length > 0 && (
        <p className="problem" role="alert" data-testid="problem">
          {/* Keys are namespace-qualified (helper D's notices): see /work/notes/D-to-C.md. */}
          {self.problems.map((p, i) => (
            <span key={i}>{(i > 0 ? ' ' : '') + t(p.key, p.params)}</span>
          ))}
        </p>
      )}
      <dl className="facts">
        <dt>{t('facts.name')}</dt>
        <dd data-testid="node-name" data-tab-name={self.name ?? undefined} title={t('facts.nameTitle')}>
          {self.name ?? dash}
        </dd>
        <dt>{t('facts.id')}</dt>
        {/* e2e reads the whole signalling id from this title. */}
        <dd data-testid="node-id" title={self.id ?? ''}>
          {self.id ? shortId(self.id) : dash}
        </dd>
        <dt>{t('facts.room')}</dt>
        <dd data-testid="room-name">{self.room}</dd>
        <dt>{t('facts.overlay')}</dt>
        <dd data-testid="topology" data-topology={self.topology} title={t('facts.overlayTitle')}>
          {t(`topology.${self.topology}`, { defaultValue: self.topology })}
        </dd>
        <dt>{t('facts.signalling')}</dt>
        <dd data-testid="signalling-state" data-state={self.signalling}>
          {t(`signallingState.${self.signalling}`)}
        </dd>
        <dt>{t('facts.tipHeight')}</dt>
        <dd data-testid="tip-height">{tip ? tip.height : dash}</dd>
        <dt>{t('facts.tipHash')}</dt>
        <dd className="hash" data-testid="tip-hash" title={tip?.hash}>
          {tip ? tip.hash.slice(0, 16) : dash}
        </dd>
        <dt>{t('facts.known')}</dt>
        <dd title={t('facts.knownTitle')}>{known}</dd>
        <dt>{t('facts.sync')}</dt>
        <dd data-testid="sync-status" data-phase={sync?.phase ?? 'idle'}>
          {sync ? <SyncBar sync={sync} /> : t('facts.nothingToSync')}
        </dd>
      </dl>
      <TopologySwitch session={session} />
      <p className="buttons">
        <ConfirmButton
          testId="reset-chain"
          disabled={!session}
          title={t('reset.title')}
          label={t('reset.button')}
          question={t('desk:student.confirmForget')}
          onConfirm={() => void session?.resetChain()}
        />
      </p>
    </section>
  );
}
