/**
 * The headless peer's mining thread (worker_threads): the page's worker (web/mining/miner.worker.ts)
 * with Node's plumbing. Same messages (web/mining/miner-protocol.ts), same WebAssembly SIMD miner,
 * read from disk instead of fetched (built by `npm run build:wasm`), same pure-JS fallback.
 * It grinds in slices of a few ms and yields between them, so a new job or a stop takes effect
 * within one slice.
 */
import { readFile } from 'node:fs/promises';
import { parentPort } from 'node:worker_threads';
import { searchNonce, type NonceSearch } from '../shared/chain/pow';
import type { BlockHeader } from '../shared/chain/header';
import { createWasmMiner } from '../web/mining/sha256-wasm/wasm-miner';
import type { FromMiner, MinerEngine, ToMiner } from '../web/mining/miner-protocol';

const WASM_FILE = new URL('../web/mining/sha256-wasm/build/sha256x4.wasm', import.meta.url);
const SLICE_MS = 4;
const MIN_SLICE = 1_024;
const MAX_SLICE = 1 << 22;
const REPORT_EVERY_MS = 250;
type Job = Extract<ToMiner, { type: 'mine' }>;
type Search = (header: BlockHeader, startNonce: number, count: number) => NonceSearch;

const port = parentPort;
if (!port) throw new Error('miner-worker.ts runs as a worker thread (peer/miner.ts starts it)');
const post = (message: FromMiner) => port.postMessage(message);
let current: Job | null = null;
let grinding = false;
// setImmediate lets the port's messages in between slices without a timer's clamping.
const yieldToEvents = () => new Promise<void>((resolve) => setImmediate(resolve));

async function loadEngine(): Promise<{ engine: MinerEngine; search: Search; detail?: string }> {
  try {
    const miner = await createWasmMiner(await readFile(WASM_FILE));
    return { engine: 'wasm-simd', search: miner.search };
  } catch (error) {
    return { engine: 'js', search: searchNonce, detail: `WebAssembly SIMD miner unavailable (npm run build:wasm builds it): ${String(error)}` };
  }
}
const engine = loadEngine();
void engine.then(({ engine: name, detail }) => post(detail === undefined ? { type: 'ready', engine: name } : { type: 'ready', engine: name, detail }));

port.on('message', (message: ToMiner) => {
  current = message.type === 'mine' ? message : null;
  if (current && !grinding) void grind();
});

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
      current = null; // the controller sends the next job once the block is in the chain
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
