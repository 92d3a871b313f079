import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { bannerLines } from '../app/conditions-banner';
import { leadingName, resolveTab } from '../store/names';
import { useMesh } from './use-mesh';
import './desk.css';

/**
 * What the teacher imposes on the room right now, said as what it is, in every tab and on the
 * stage: "teacher: +200 ms per link", "partition: you are in group A with Amy, Ben", "mining
 * paused by the teacher"… Nothing shows while the room runs as it is.
 */
export function RoomConditionsBanner({ view = 'tab' }: { view?: 'tab' | 'room' }) {
  const { t, i18n } = useTranslation('desk');
  const settings = useMesh((s) => s.desk.settings);
  const selfName = useMesh((s) => s.self.name);
  const self = useMesh((s) => s.self);
  const peers = useMesh((s) => s.peers);
  const roster = useMesh((s) => s.roster);
  const lines = useMemo(
    () => bannerLines(settings, selfName, (tabName) => leadingName(resolveTab({ self, peers, roster }, { tabName })), view),
    [settings, selfName, self, peers, roster, view],
  );
  if (lines.length === 0) return null;
  const list = new Intl.ListFormat(i18n.language, { style: 'long', type: 'conjunction' });
  return (
    <div className="conditions-banner" role="status" data-testid="room-conditions">
      <b>{t('banner.title')}</b>
      <ul>
        {lines.map((line) => (
          <li key={`${line.key}-${line.params?.group ?? ''}`} data-testid="room-condition" data-key={line.key}>
            {t(line.key, { ...line.params, members: line.members ? list.format(line.members) : undefined })}
          </li>
        ))}
      </ul>
    </div>
  );
}
