/**
 * The headless peer's mining thread (worker_threads): the page's mining loop (web/mining/grinder.ts)
 * with Node's plumbing. Same messages (web/mining/miner-protocol.ts), same WebAssembly SIMD miner,
 * read from disk instead of fetched (built by `npm run build:wasm`), same pure-JS fallback.
 */
import { readFile } from 'node:fs/promises';
import { parentPort } from 'node:worker_threads';
import { jsProbe, type NonceProbe } from '../shared/chain/best-search';
import { createGrinder } from '../web/mining/grinder';
import { createWasmMiner } from '../web/mining/sha256-wasm/wasm-miner';
import type { FromMiner, MinerEngine, ToMiner } from '../web/mining/miner-protocol';

const WASM_FILE = new URL('../web/mining/sha256-wasm/build/sha256x4.wasm', import.meta.url);

const port = parentPort;
if (!port) throw new Error('miner-worker.ts runs as a worker thread (peer/miner.ts starts it)');
const post = (message: FromMiner) => port.postMessage(message);
// setImmediate lets the port's messages in between slices without a timer's clamping.
const yieldToEvents = () => new Promise<void>((resolve) => setImmediate(resolve));

async function loadEngine(): Promise<{ engine: MinerEngine; probe: NonceProbe; detail?: string }> {
  try {
    return { engine: 'wasm-simd', probe: await createWasmMiner(await readFile(WASM_FILE)) };
  } catch (error) {
    return { engine: 'js', probe: jsProbe(), detail: `WebAssembly SIMD miner unavailable (npm run build:wasm builds it): ${String(error)}` };
  }
}
const engine = loadEngine();
void engine.then(({ engine: name, detail }) => post(detail === undefined ? { type: 'ready', engine: name } : { type: 'ready', engine: name, detail }));

const onJob = createGrinder({ probe: engine.then(({ probe }) => probe), post, yieldToEvents, now: () => performance.now() });
port.on('message', (message: ToMiner) => onJob(message));
