/**
 * Proof of work off the main thread: the page stays responsive while this worker grinds nonces.
 * It uses the four-lane WebAssembly SIMD miner when the browser can compile it, else the pure-JS
 * `searchNonce`. It works in slices of a few milliseconds and yields between them, so a new job
 * (the tip moved) or a stop takes effect within one slice.
 */
import { searchNonce, type NonceSearch } from '../../shared/chain/pow';
import type { BlockHeader } from '../../shared/chain/header';
import { createWasmMiner } from './sha256-wasm/wasm-miner';
import wasmUrl from './sha256-wasm/build/sha256x4.wasm?url';
import type { FromMiner, MinerEngine, ToMiner } from './miner-protocol';

/** Long enough that yielding costs under 1 %, short enough that a new tip waits only this long. */
const SLICE_MS = 4;
const MIN_SLICE = 1_024;
const MAX_SLICE = 1 << 22;
const REPORT_EVERY_MS = 250;
type Job = Extract<ToMiner, { type: 'mine' }>;
type Search = (header: BlockHeader, startNonce: number, count: number) => NonceSearch;

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
async function loadEngine(): Promise<{ engine: MinerEngine; search: Search; detail?: string }> {
  try {
    const response = await fetch(wasmUrl);
    if (!response.ok) throw new Error(`${wasmUrl}: HTTP ${response.status}`);
    const miner = await createWasmMiner(await response.arrayBuffer());
    return { engine: 'wasm-simd', search: miner.search };
  } catch (error) {
    return { engine: 'js', search: searchNonce, detail: `WebAssembly SIMD miner unavailable: ${String(error)}` };
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
  const { search } = await engine;
  let job = -1;
  let nonce = 0;
  let slice = MIN_SLICE;
  let hashes = 0;
  let since = performance.now();
  while (current) {
    if (current.job !== job) {
      job = current.job;
      nonce = current.startNonce;
    }
    const started = performance.now();
    const result = search(current.header, nonce, Math.min(slice, current.endNonce - nonce));
    const now = performance.now();
    // Aim each slice at SLICE_MS whatever the engine and the machine, from the last slice's rate.
    const ms = Math.max(now - started, 0.01);
    slice = Math.round(Math.min(MAX_SLICE, Math.max(MIN_SLICE, (slice * SLICE_MS) / ms)) / 4) * 4;
    hashes += result.tries;
    if (now - since >= REPORT_EVERY_MS) {
      post({ type: 'progress', job, hashes, ms: now - since });
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
