import { useMemo } from 'react';
import { Trans, useTranslation } from 'react-i18next';
import { headlessMembers } from '../../shared/telemetry/member-kinds';
import { blockPath, roomGraph } from '../../shared/telemetry/room-view';
import { clockTime } from '../i18n/format';
import { shortId } from '../store/attach-node';
import { NetworkGraph } from './NetworkGraph';
import { TabName } from './TabName';
import { useMesh } from './use-mesh';

export function PeersPanel() {
  const { t, i18n } = useTranslation('peers');
  const selfName = useMesh((s) => s.self.name);
  const peerMap = useMesh((s) => s.peers);
  const reports = useMesh((s) => s.roomReports);
  const selectedBlock = useMesh((s) => s.selectedBlock);
  const rtt = useMesh((s) => s.desk.rttMs);
  const peers = useMemo(() => Object.entries(peerMap).sort(([a], [b]) => a.localeCompare(b)), [peerMap]);
  // The room as the tabs report it, with this tab's own links first-hand (its report is a second old).
  const graph = useMemo(() => {
    const own = { name: selfName ?? 'this-tab', links: peers.map(([id, p]) => p.name ?? shortId(id)), blocks: [] };
    return roomGraph([...reports.filter((r) => r.name !== own.name), own]);
  }, [reports, peers, selfName]);
  const headless = useMemo(() => headlessMembers(reports), [reports]);
  const path = useMemo(
    () => (selectedBlock && selfName ? blockPath(reports, selectedBlock, selfName).names : []),
    [reports, selectedBlock, selfName],
  );
  return (
    <section className="panel" aria-labelledby="peers-title">
      <h2 id="peers-title">
        <Trans t={t} i18nKey="title" values={{ count: peers.length }} components={{ n: <span data-testid="peer-count" /> }} />
      </h2>
      <p className="hint">{t('hint')}</p>
      <NetworkGraph graph={graph} selfName={selfName} ownLinks={peers.length} path={path} headless={headless} />
      {headless.length > 0 && (
        <p className="graph-legend hint" data-testid="graph-legend">
          <svg width="12" height="12" aria-hidden="true">
            <rect x="1" y="1" width="10" height="10" rx="2" className="legend-headless" />
          </svg>{' '}
          {t('legend.headless')}
        </p>
      )}
      <ul className="peer-list" data-testid="peer-list">
        {peers.map(([id, { since, name }]) => (
          <li key={id} data-peer-id={id}>
            <b>
              <TabName peerId={id} />
            </b>{' '}
            {name !== undefined && headless.includes(name) && (
              <span className="badge headless-badge" data-testid="headless-badge">
                {t('headlessBadge')}
              </span>
            )}{' '}
            <span className="hint">
              {name ? t(headless.includes(name) ? 'detailsHeadless' : 'details', { name, time: clockTime(since, i18n.language) }) : t('connectedAt', { time: clockTime(since, i18n.language) })}
            </span>
            {rtt[id] !== undefined && (
              <span className="hint" data-testid="peer-rtt" data-ms={rtt[id]} title={t('desk:rttTitle')}>
                {' · '}
                {t('desk:rtt', { ms: Math.round(rtt[id]) })}
              </span>
            )}
          </li>
        ))}
        {peers.length === 0 && <li className="empty">{t('empty')}</li>}
      </ul>
    </section>
  );
}
