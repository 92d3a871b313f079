import { describe, expect, it } from 'vitest';
import { parseRace, raceRequest, RACE_GAP_MS, shouldRace } from './race';

const TIP = 'ab'.repeat(32);

describe('race requests', () => {
  it('reads back exactly what a tab sends, nothing else', () => {
    expect(parseRace(raceRequest(TIP))).toBe(TIP);
    for (const bad of ['', 'race', `race ${TIP} `, `race ${TIP.toUpperCase()}`, `race ${TIP.slice(2)}`, `RACE ${TIP}`, `race  ${TIP}`, `hello`]) expect(parseRace(bad)).toBeNull();
  });

  it('joins a race only in free-difficulty rooms, when idle, and not twice within the gap', () => {
    const base = { freeDifficulty: true, mining: false, lastRaceAt: null, now: 10_000 };
    expect(shouldRace(base)).toBe(true);
    expect(shouldRace({ ...base, freeDifficulty: false })).toBe(false);
    expect(shouldRace({ ...base, mining: true })).toBe(false);
    expect(shouldRace({ ...base, lastRaceAt: 10_000 - RACE_GAP_MS + 1 })).toBe(false);
    expect(shouldRace({ ...base, lastRaceAt: 10_000 - RACE_GAP_MS })).toBe(true);
  });
});
