/**
 * A race, for forks students can cause: one tab asks on the `race` topic, and every tab that hears
 * it mines exactly one block on its own tip at once. At the same moment several tabs hold the same
 * tip, so several blocks at one height appear before any of them has crossed the room: a fork,
 * which the next block resolves (the most work wins). Only in free-difficulty rooms, where a block
 * takes milliseconds. Messages are from strangers: only the exact form is taken, and a tab races at
 * most once per RACE_GAP_MS whoever asks.
 */
import { HASH_HEX_PATTERN } from '../chain/bytes';

export const RACE_TOPIC = 'race';
/** Fewer races than this apart are ignored: nobody can keep a room mining by spamming the topic. */
export const RACE_GAP_MS = 5_000;

/** The message: the tip the asker races from (for the log; each tab mines on its own tip). */
export const raceRequest = (tipHash: string): string => `race ${tipHash}`;

/** The tip a race message names, or null if it is not one. */
export function parseRace(data: string): string | null {
  if (!data.startsWith('race ')) return null;
  const hash = data.slice('race '.length);
  return HASH_HEX_PATTERN.test(hash) ? hash : null;
}

/** Whether to join a race heard at `now`: free-difficulty rooms only, not already mining, not too soon after the last. */
export function shouldRace(input: { freeDifficulty: boolean; mining: boolean; lastRaceAt: number | null; now: number }): boolean {
  if (!input.freeDifficulty || input.mining) return false;
  return input.lastRaceAt === null || input.now - input.lastRaceAt >= RACE_GAP_MS;
}
