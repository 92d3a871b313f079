import { describe, expect, it } from 'vitest';
import { loadNickname, NICKNAME_KEY, saveNickname } from './nickname';

const memory = () => {
  const map = new Map<string, string>();
  return { getItem: (k: string) => map.get(k) ?? null, setItem: (k: string, v: string) => void map.set(k, v), map };
};

describe('the tab nickname in sessionStorage', () => {
  it('comes back after a save, in NFC', () => {
    const storage = memory();
    expect(loadNickname(storage)).toBeNull();
    expect(saveNickname(storage, '水獺 42')).toBe(true);
    expect(loadNickname(storage)).toBe('水獺 42');
    storage.map.set(NICKNAME_KEY, 'Zoe\u0301');
    expect(loadNickname(storage)).toBe('Zoé');
  });

  it('ignores a stored value that breaks the nickname rule', () => {
    const storage = memory();
    storage.map.set(NICKNAME_KEY, 'evil\u202Eoof');
    expect(loadNickname(storage)).toBeNull();
    storage.map.set(NICKNAME_KEY, 'x'.repeat(200));
    expect(loadNickname(storage)).toBeNull();
  });

  it('copes with storage that throws or is missing', () => {
    const broken = { getItem: () => { throw new Error('SecurityError'); }, setItem: () => { throw new Error('QuotaExceededError'); } };
    expect(loadNickname(broken)).toBeNull();
    expect(saveNickname(broken, 'Amy')).toBe(false);
    expect(loadNickname(null)).toBeNull();
    expect(saveNickname(undefined, 'Amy')).toBe(false);
  });
});
