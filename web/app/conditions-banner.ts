/**
 * What the room's settings impose, as every tab and the stage say it ("teacher: +200 ms per link",
 * "partition: you are in group A with Amy, Ben"): catalogue keys in 'desk' and their values. Pure,
 * so the texts are tested without a browser; the banner only translates and draws them.
 */
import { partitionSide, SLOW_MOTION_MS } from '../../shared/transport/conditioner';
import type { RoomSettings } from '../../shared/protocol/room-controls';

/** Partition groups are called A, B, C…; tabs in no group form one more ("the rest"). */
export const groupLetter = (index: number): string => String.fromCharCode(65 + index);

export interface BannerLine {
  key: string;
  params?: Record<string, string | number>;
  /** People to list in `{{members}}`, joined the language's way (Intl.ListFormat) by the banner. */
  members?: string[];
}

/**
 * @param selfName this tab's name (partition groups list tab names)
 * @param nameOf the name people know a tab by (its nickname), from its tab name
 */
export function bannerLines(
  settings: RoomSettings,
  selfName: string | null,
  nameOf: (tabName: string) => string,
  /** The stage (a projector) lists every group; a student's tab says where it is. */
  view: 'tab' | 'room' = 'tab',
): BannerLine[] {
  const lines: BannerLine[] = [];
  const c = settings.conditions;
  if (c.latencyMs > 0) {
    lines.push(c.jitterMs > 0 ? { key: 'banner.latencyJitter', params: { ms: c.latencyMs, jitter: c.jitterMs } } : { key: 'banner.latency', params: { ms: c.latencyMs } });
  }
  if (c.slowMotion) lines.push({ key: 'banner.slowMotion', params: { ms: SLOW_MOTION_MS } });
  if (c.loss > 0) lines.push({ key: 'banner.loss', params: { percent: Math.round(c.loss * 1000) / 10 } });
  const groups = c.partition?.groups;
  if (groups && view === 'room') {
    groups.forEach((group, index) => lines.push({ key: 'banner.partitionGroup', params: { group: groupLetter(index) }, members: group.map(nameOf) }));
  } else if (groups && selfName) {
    const side = partitionSide(c, selfName);
    const others = side < groups.length ? groups[side]!.filter((name) => name !== selfName).map(nameOf) : [];
    const params = { group: groupLetter(side), groups: groups.length };
    if (side === groups.length) lines.push({ key: 'banner.partitionRest', params }); // joined after the split
    else if (others.length === 0) lines.push({ key: 'banner.partitionAlone', params });
    else lines.push({ key: 'banner.partition', params, members: others });
  } else if (groups) lines.push({ key: 'banner.partitionRoom', params: { groups: groups.length } });
  if (settings.mining.paused) lines.push({ key: 'banner.paused' });
  if (settings.mining.maxWorkers !== null) lines.push({ key: 'banner.workerCap', params: { count: settings.mining.maxWorkers } });
  if (settings.overlay.locked) lines.push({ key: 'banner.locked' });
  if (settings.rules.epoch > 0 && settings.rules.difficulty !== null) {
    lines.push({ key: 'banner.rules', params: { epoch: settings.rules.epoch, difficulty: settings.rules.difficulty, interval: settings.rules.interval ?? 0 } });
  }
  return lines;
}
