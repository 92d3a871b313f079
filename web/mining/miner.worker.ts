/**
 * Proof of work off the main thread: the page stays responsive while this worker grinds nonces.
 * It uses the four-lane WebAssembly SIMD miner when the browser can compile it, else the pure-JS
 * `searchNonce`. It works in slices of a few milliseconds and yields between them, so a new job
 * (the tip moved) or a stop takes effect within one slice.
 */
import { jsProbe, searchWithBest, type NonceProbe } from '../../shared/chain/best-search';
import { createWasmMiner } from './sha256-wasm/wasm-miner';
import wasmUrl from './sha256-wasm/build/sha256x4.wasm?url';
import type { FromMiner, MinerEngine, ToMiner } from './miner-protocol';

/** Long enough that yielding costs under 1 %, short enough that a new tip waits only this long. */
const SLICE_MS = 4;
const MIN_SLICE = 1_024;
const MAX_SLICE = 1 << 22;
/** Four progress reports a second: the nonce counter and best hash move visibly, the page is not flooded. */
const REPORT_EVERY_MS = 250;
type Job = Extract<ToMiner, { type: 'mine' }>;

let current: Job | null = null;
let grinding = false;
// setTimeout(0) is clamped to 4 ms when nested; a MessageChannel round trip yields without that cost.
const yielder = new MessageChannel();
const yieldToEvents = () =>
  new Promise<void>((resolve) => {
    yielder.port1.onmessage = () => resolve();
    yielder.port2.postMessage(null);
  });

const post = (message: FromMiner) => postMessage(message);

/** Compiling the module is the SIMD feature test: a browser without SIMD rejects it. */
async function loadEngine(): Promise<{ engine: MinerEngine; probe: NonceProbe; detail?: string }> {
  try {
    const response = await fetch(wasmUrl);
    if (!response.ok) throw new Error(`${wasmUrl}: HTTP ${response.status}`);
    const miner = await createWasmMiner(await response.arrayBuffer());
    return { engine: 'wasm-simd', probe: miner };
  } catch (error) {
    return { engine: 'js', probe: jsProbe(), detail: `WebAssembly SIMD miner unavailable: ${String(error)}` };
  }
}
const engine = loadEngine();
void engine.then(({ engine: name, detail }) =>
  post(detail === undefined ? { type: 'ready', engine: name } : { type: 'ready', engine: name, detail }),
);

self.onmessage = (event: MessageEvent<ToMiner>) => {
  const message = event.data;
  current = message.type === 'mine' ? message : null;
  if (current && !grinding) void grind();
};

async function grind(): Promise<void> {
  grinding = true;
  const { probe } = await engine;
  let job = -1;
  /** The lowest hash this worker has tried for the current job: the page shows how close mining gets. */
  let best: string | null = null;
  let nonce = 0;
  let slice = MIN_SLICE;
  let hashes = 0;
  let since = performance.now();
  while (current) {
    if (current.job !== job) {
      job = current.job;
      nonce = current.startNonce;
      best = null;
    }
    const started = performance.now();
    const step = searchWithBest(probe, current.header, nonce, Math.min(slice, current.endNonce - nonce), best);
    const result = step.result;
    best = step.best;
    const now = performance.now();
    // Aim each slice at SLICE_MS whatever the engine and the machine, from the last slice's rate.
    const ms = Math.max(now - started, 0.01);
    slice = Math.round(Math.min(MAX_SLICE, Math.max(MIN_SLICE, (slice * SLICE_MS) / ms)) / 4) * 4;
    hashes += result.tries;
    // Also right before a find: a block found in a millisecond still leaves its hash rate on screen.
    if (now - since >= REPORT_EVERY_MS || result.found) {
      post({ type: 'progress', job, hashes, ms: Math.max(now - since, 0.01), ...(best === null ? {} : { best }) });
      hashes = 0;
      since = now;
    }
    if (result.found) {
      post({ type: 'found', job, nonce: result.nonce, hash: result.hash });
      current = null; // the page sends the next job once the block is in its chain
    } else if (result.nextNonce >= current.endNonce) {
      post({ type: 'exhausted', job });
      current = null;
    } else {
      nonce = result.nextNonce;
    }
    await yieldToEvents();
  }
  grinding = false;
}
