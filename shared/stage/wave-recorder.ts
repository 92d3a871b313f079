/**
 * The last block's wave, kept so the stage can replay it: every token the stage launched and every
 * tab the block reached (or that mined it), with when, from the first sign of the block until the
 * next block's. A new hash starts a new recording, taking along the tokens of the moment before
 * (the miner's inv leaves before anyone holds the block). Bounded in steps and in time, so a busy
 * room cannot grow it. Pure: times are passed in (the stage's clock, ms).
 */
import type { TokenLaunch } from './message-events';

export type WaveStep =
  | { offsetMs: number; type: 'token'; from: string; to: string; kind: TokenLaunch['kind'] }
  | { offsetMs: number; type: 'reached' | 'mined'; tab: string; hash: string };

export interface WaveRecording {
  hash: string;
  steps: WaveStep[];
}

export interface WaveRecorder {
  startAt: number;
  current: WaveRecording | null;
  /** Tokens of the last LEAD_MS, for the start of the next wave. */
  recent: { at: number; launch: TokenLaunch }[];
  /** Blocks that have had their wave (a late report of an old block must not start a new one). */
  seen: string[];
}

export const WAVE_MAX_STEPS = 400;
/** A wave longer than this is a busy room, not one block: later steps are not kept. */
export const WAVE_MAX_MS = 20_000;
/** Tokens launched this long before the block's first arrival belong to its wave. */
export const LEAD_MS = 1_000;
const SEEN_MAX = 50;

export const emptyRecorder = (): WaveRecorder => ({ startAt: 0, current: null, recent: [], seen: [] });

const push = (r: WaveRecorder, step: WaveStep): WaveRecorder => {
  if (!r.current || r.current.steps.length >= WAVE_MAX_STEPS || step.offsetMs > WAVE_MAX_MS) return r;
  return { ...r, current: { ...r.current, steps: [...r.current.steps, step] } };
};

/** Tokens the stage launched at `at` (each starting after its own delay). */
export function recordTokens(r: WaveRecorder, launches: readonly TokenLaunch[], at: number): WaveRecorder {
  if (launches.length === 0) return r;
  const recent = [...r.recent.filter((x) => at - x.at <= LEAD_MS), ...launches.map((launch) => ({ at: at + Math.max(0, launch.delayMs ?? 0), launch }))].slice(-WAVE_MAX_STEPS);
  let next = { ...r, recent };
  for (const { from, to, kind, delayMs } of launches) {
    next = push(next, { offsetMs: at + Math.max(0, delayMs ?? 0) - next.startAt, type: 'token', from, to, kind });
  }
  return next;
}

/** A tab got (`reached`) or mined (`mined`) block `hash` at `at`; a hash not seen before starts its wave. */
export function recordBlock(r: WaveRecorder, type: 'reached' | 'mined', tab: string, hash: string, at: number): WaveRecorder {
  let next = r;
  if (r.current?.hash !== hash && !r.seen.includes(hash)) {
    const startAt = Math.min(at, ...r.recent.filter((x) => at - x.at <= LEAD_MS).map((x) => x.at));
    const lead: WaveStep[] = r.recent
      .filter((x) => x.at >= startAt)
      .map((x) => ({ offsetMs: x.at - startAt, type: 'token', from: x.launch.from, to: x.launch.to, kind: x.launch.kind }));
    next = { startAt, current: { hash, steps: lead }, recent: [], seen: [...r.seen, hash].slice(-SEEN_MAX) };
  }
  if (next.current?.hash !== hash) return next; // an old block's late news: not this wave's
  return push(next, { offsetMs: at - next.startAt, type, tab, hash });
}
