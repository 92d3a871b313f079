/**
 * The mining loop both miner workers run — the page's Web Worker (miner.worker.ts) and the headless
 * peer's worker thread (peer/miner-worker.ts) — without their plumbing: it takes jobs, grinds in
 * slices of a few milliseconds (so a new job, the tip moved, or a stop takes effect within one
 * slice), reports progress with the best hash so far, and posts a find or an exhausted range.
 * Messages: miner-protocol.ts.
 */
import { searchWithBest, type NonceProbe } from '../../shared/chain/best-search';
import type { FromMiner, ToMiner } from './miner-protocol';

/** Long enough that yielding costs under 1 %, short enough that a new tip waits only this long. */
const SLICE_MS = 4;
const MIN_SLICE = 1_024;
const MAX_SLICE = 1 << 22;
/** Four progress reports a second: the nonce counter and best hash move visibly, the page is not flooded. */
const REPORT_EVERY_MS = 250;
type Job = Extract<ToMiner, { type: 'mine' }>;

export type GrinderDeps = {
  /** The engine, once loaded (WebAssembly SIMD or the pure-JS probe). */
  probe: Promise<NonceProbe>;
  post: (message: FromMiner) => void;
  /** Lets the worker's messages in between slices, as cheaply as the platform allows. */
  yieldToEvents: () => Promise<void>;
  now: () => number;
};

/** Returns the handler for the controller's messages. */
export function createGrinder(deps: GrinderDeps): (message: ToMiner) => void {
  let current: Job | null = null;
  let grinding = false;

  async function grind(): Promise<void> {
    grinding = true;
    const probe = await deps.probe;
    let job = -1;
    /** The lowest hash this worker has tried for the current job: the page shows how close mining gets. */
    let best: string | null = null;
    let nonce = 0;
    let slice = MIN_SLICE;
    let hashes = 0;
    let since = deps.now();
    while (current) {
      if (current.job !== job) {
        job = current.job;
        nonce = current.startNonce;
        best = null;
      }
      const started = deps.now();
      const step = searchWithBest(probe, current.header, nonce, Math.min(slice, current.endNonce - nonce), best);
      const result = step.result;
      best = step.best;
      const now = deps.now();
      // Aim each slice at SLICE_MS whatever the engine and the machine, from the last slice's rate.
      const ms = Math.max(now - started, 0.01);
      slice = Math.round(Math.min(MAX_SLICE, Math.max(MIN_SLICE, (slice * SLICE_MS) / ms)) / 4) * 4;
      hashes += result.tries;
      // Also right before a find: a block found in a millisecond still leaves its hash rate on screen.
      if (now - since >= REPORT_EVERY_MS || result.found) {
        deps.post({ type: 'progress', job, hashes, ms: Math.max(now - since, 0.01), ...(best === null ? {} : { best }) });
        hashes = 0;
        since = now;
      }
      if (result.found) {
        deps.post({ type: 'found', job, nonce: result.nonce, hash: result.hash });
        current = null; // the controller sends the next job once the block is in its chain
      } else if (result.nextNonce >= current.endNonce) {
        deps.post({ type: 'exhausted', job });
        current = null;
      } else {
        nonce = result.nextNonce;
      }
      await deps.yieldToEvents();
    }
    grinding = false;
  }

  return (message) => {
    current = message.type === 'mine' ? message : null;
    if (current && !grinding) void grind();
  };
}
