import { useTranslation } from 'react-i18next';
import type { SyncProgress } from '../../shared/node/sync';
import { useLeadingName } from './TabName';

/** Headers first (the bar cannot know its end yet), then bodies against a known total. */
export function SyncBar({ sync }: { sync: SyncProgress }) {
  const { t } = useTranslation('node');
  const nameOf = useLeadingName();
  const percent = sync.total === 0 ? (sync.phase === 'done' ? 100 : 0) : Math.floor((sync.blocks / sync.total) * 100);
  const values = { peer: nameOf({ peerId: sync.peerId }), headers: sync.headers, blocks: sync.blocks, total: sync.total };
  const label = sync.phase === 'headers' ? t('syncBar.headers', values) : t(sync.phase === 'done' ? 'syncBar.done' : 'syncBar.fetching', values);
  return (
    <div className="sync">
      <progress max={100} value={percent} data-testid="sync-progress" aria-label={t('syncBar.label')} />
      <span data-testid="sync-percent">{t('syncBar.percent', { percent })}</span> <span data-testid="sync-peer" data-peer-id={sync.peerId}>{label}</span>
    </div>
  );
}
