import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { headlessMembers } from '../../shared/telemetry/member-kinds';
import { blockPath, roomBlockStats } from '../../shared/telemetry/room-view';
import { useLeadingName } from './TabName';
import { useMesh } from './use-mesh';

/**
 * How one block spread over the whole room, from every tab's report: how many tabs have it, how
 * long they waited after the miner, what it cost the room, and the way it came to this tab.
 */
export function RoomBlockStats({ hash }: { hash: string }) {
  const { t } = useTranslation('chain');
  const nameOf = useLeadingName();
  const ms = (value: number | null) => (value === null ? t('common:dash') : t('room.ms', { value: Math.round(value) }));
  const reports = useMesh((s) => s.roomReports);
  const selfName = useMesh((s) => s.self.name);
  const stats = useMemo(() => roomBlockStats(reports, hash), [reports, hash]);
  // With a headless peer reporting, the count is of members, not tabs.
  const withHeadless = useMemo(() => headlessMembers(reports).length > 0, [reports]);
  const path = useMemo(() => (selfName ? blockPath(reports, hash, selfName) : null), [reports, hash, selfName]);
  if (!stats) {
    return <p className="hint">{t('room.none')}</p>;
  }
  return (
    <>
      <p data-testid="room-block-stats" data-reached={stats.reached} data-tabs={stats.tabs}>
        {/* Counts stay plain digits: e2e reads them with \d+. */}
        {t(withHeadless ? 'room.statsMembers' : 'room.stats', { reached: stats.reached, tabs: stats.tabs, p50: ms(stats.p50), p90: ms(stats.p90), messages: stats.messages, bytes: stats.bytes })}
      </p>
      <p className="hint">{t('room.hint')}</p>
      {path && path.names.length > 0 && (
        <p>
          {t(path.complete ? 'room.path' : 'room.pathPartial')}{' '}
          <span className="block-path" data-testid="block-path" data-path={path.names.join(',')} data-complete={path.complete}>
            {path.names.map((name) => nameOf({ tabName: name })).join(' → ')}
          </span>
        </p>
      )}
    </>
  );
}
