import i18next from 'i18next';
import { describe, expect, it } from 'vitest';
import { NAMESPACES, resources } from '../i18n/resources';
import { memberCount } from './member-count';

async function tIn(lng: 'en' | 'zh-Hant') {
  const i18n = i18next.createInstance();
  await i18n.init({ resources, lng, ns: [...NAMESPACES], defaultNS: 'common', interpolation: { escapeValue: false } });
  return i18n.t;
}

describe('counting the members of a room', () => {
  it('calls a room of browser tabs tabs, with the plural each count needs', async () => {
    const t = await tIn('en');
    expect(memberCount(t, 1, 0)).toBe('1 tab');
    expect(memberCount(t, 3, 0)).toBe('3 tabs');
  });

  it('counts members, not tabs, once a headless peer is among them', async () => {
    const t = await tIn('en');
    expect(memberCount(t, 3, 1)).toBe('3 members: 2 tabs, 1 headless peer');
    expect(memberCount(t, 4, 2)).toBe('4 members: 2 tabs, 2 headless peers');
    expect(memberCount(t, 2, 1)).toBe('2 members: 1 tab, 1 headless peer');
  });

  it('says the same in Traditional Chinese', async () => {
    const t = await tIn('zh-Hant');
    expect(memberCount(t, 3, 0)).toBe('3 個分頁');
    expect(memberCount(t, 3, 1)).toBe('3 個成員：2 個分頁、1 個無頭節點');
  });
});
