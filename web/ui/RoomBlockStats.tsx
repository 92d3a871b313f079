import { useMemo } from 'react';
import { blockPath, roomBlockStats } from '../../shared/telemetry/room-view';
import { useMesh } from './use-mesh';

const ms = (value: number | null) => (value === null ? '—' : `${Math.round(value)} ms`);

/**
 * How one block spread over the whole room, from every tab's report: how many tabs have it, how
 * long they waited after the miner, what it cost the room, and the way it came to this tab.
 */
export function RoomBlockStats({ hash }: { hash: string }) {
  const reports = useMesh((s) => s.roomReports);
  const selfName = useMesh((s) => s.self.name);
  const stats = useMemo(() => roomBlockStats(reports, hash), [reports, hash]);
  const path = useMemo(() => (selfName ? blockPath(reports, hash, selfName) : null), [reports, hash, selfName]);
  if (!stats) {
    return <p className="hint">No tab of the room has reported this block yet (reports come about once a second, for each tab's last 30 blocks).</p>;
  }
  return (
    <>
      <p data-testid="room-block-stats" data-reached={stats.reached} data-tabs={stats.tabs}>
        reached {stats.reached}/{stats.tabs} tabs, p50 {ms(stats.p50)}, p90 {ms(stats.p90)}, {stats.messages} messages,{' '}
        {stats.bytes} bytes over the room
      </p>
      <p className="hint">
        Delays are from the miner's own arrival, on the signalling server's clock; messages and bytes count its
        announcement, request and body on every link, each once.
      </p>
      {path && path.names.length > 0 && (
        <p>
          Its way to this tab{path.complete ? '' : ' (as far as the reports tell)'}:{' '}
          <span className="block-path" data-testid="block-path" data-path={path.names.join(',')} data-complete={path.complete}>
            {path.names.join(' → ')}
          </span>
        </p>
      )}
    </>
  );
}
