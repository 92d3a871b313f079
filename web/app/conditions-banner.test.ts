import { describe, expect, it } from 'vitest';
import { DEFAULT_ROOM_SETTINGS, type RoomSettings } from '../../shared/protocol/room-controls';
import i18next from 'i18next';
import { resources } from '../i18n/resources';
import { bannerLines } from './conditions-banner';

const nicknames: Record<string, string> = { tabAmy: 'Amy', tabBen: 'Ben', tabCat: 'Cat', tabDan: 'Dan' };
const nameOf = (tabName: string) => nicknames[tabName] ?? tabName;
const room = (patch: Partial<RoomSettings>): RoomSettings => ({ ...DEFAULT_ROOM_SETTINGS, ...patch });
const withConditions = (c: Partial<RoomSettings['conditions']>) => room({ conditions: { ...DEFAULT_ROOM_SETTINGS.conditions, ...c } });

describe('the banner of what the teacher set', () => {
  it('says nothing in a room running as it is', () => {
    expect(bannerLines(DEFAULT_ROOM_SETTINGS, 'tabAmy', nameOf)).toEqual([]);
  });

  it('names the partition group this tab is in and who is with it', () => {
    const split = withConditions({ partition: { groups: [['tabAmy', 'tabBen', 'tabCat'], ['tabDan']] } });
    expect(bannerLines(split, 'tabAmy', nameOf)).toEqual([{ key: 'banner.partition', params: { group: 'A', groups: 2 }, members: ['Ben', 'Cat'] }]);
    expect(bannerLines(split, 'tabDan', nameOf)).toEqual([{ key: 'banner.partitionAlone', params: { group: 'B', groups: 2 } }]);
    // A tab that joined after the split is with the other latecomers, in the implicit last group.
    expect(bannerLines(split, 'tabNew', nameOf)[0]).toEqual({ key: 'banner.partitionRest', params: { group: 'C', groups: 2 } });
  });

  it('on the stage, lists every group rather than one tab\'s place', () => {
    const split = withConditions({ partition: { groups: [['tabAmy', 'tabBen'], ['tabCat', 'tabDan']] } });
    expect(bannerLines(split, 'tabStage', nameOf, 'room')).toEqual([
      { key: 'banner.partitionGroup', params: { group: 'A' }, members: ['Amy', 'Ben'] },
      { key: 'banner.partitionGroup', params: { group: 'B' }, members: ['Cat', 'Dan'] },
    ]);
  });

  it('lists every condition at once', () => {
    const settings: RoomSettings = {
      ...DEFAULT_ROOM_SETTINGS,
      conditions: { latencyMs: 200, jitterMs: 0, loss: 0.1, slowMotion: true, partition: null },
      mining: { paused: true, maxWorkers: 2 },
      overlay: { ...DEFAULT_ROOM_SETTINGS.overlay, locked: true },
    };
    expect(bannerLines(settings, 'tabAmy', nameOf).map((l) => l.key)).toEqual([
      'banner.latency',
      'banner.slowMotion',
      'banner.loss',
      'banner.paused',
      'banner.workerCap',
      'banner.locked',
    ]);
  });

  it('reads as the teacher set it, in English and in Chinese', async () => {
    const i18n = i18next.createInstance();
    await i18n.init({ resources, lng: 'en', fallbackLng: 'en', interpolation: { escapeValue: false } });
    const settings: RoomSettings = {
      ...DEFAULT_ROOM_SETTINGS,
      conditions: { latencyMs: 200, jitterMs: 0, loss: 0.1, partition: { groups: [['tabAmy', 'tabBen', 'tabCat'], ['tabDan']] } },
      mining: { paused: true, maxWorkers: null },
      overlay: { ...DEFAULT_ROOM_SETTINGS.overlay, locked: true },
    };
    const texts = async (language: string) => {
      await i18n.changeLanguage(language);
      const list = new Intl.ListFormat(language, { style: 'long', type: 'conjunction' });
      return bannerLines(settings, 'tabAmy', nameOf).map((l) => i18n.t(l.key, { ns: 'desk', ...l.params, members: l.members && list.format(l.members) }));
    };
    expect(await texts('en')).toEqual([
      'teacher: +200 ms per link',
      'loss 10 %',
      'partition: you are in group A with Ben and Cat',
      'mining paused by the teacher',
      'room locked: only the teacher changes its mode and settings',
    ]);
    expect(await texts('zh-Hant')).toEqual(['老師：每條連線 +200 毫秒', '遺失率 10 %', '分區：你在 A 組，同組有 Ben和Cat', '老師已暫停挖礦', '房間已鎖定：只有老師能更改模式和設定']);
  });
});
