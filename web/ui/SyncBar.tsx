import type { SyncProgress } from '../../shared/node/sync';
import { shortId } from '../store/attach-node';

/** Headers first (the bar cannot know its end yet), then bodies against a known total. */
export function SyncBar({ sync }: { sync: SyncProgress }) {
  const percent = sync.total === 0 ? (sync.phase === 'done' ? 100 : 0) : Math.floor((sync.blocks / sync.total) * 100);
  const label =
    sync.phase === 'headers'
      ? `fetching headers from ${shortId(sync.peerId)}: ${sync.headers}`
      : `${sync.phase === 'done' ? 'synced' : 'fetching'} ${sync.blocks} of ${sync.total} blocks from ${shortId(sync.peerId)}`;
  return (
    <div className="sync">
      <progress max={100} value={percent} data-testid="sync-progress" aria-label="sync progress" />
      <span data-testid="sync-percent">{percent} %</span> <span>{label}</span>
    </div>
  );
}
