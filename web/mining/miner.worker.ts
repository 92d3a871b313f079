/**
 * Proof of work off the main thread: the page stays responsive while this worker grinds nonces
 * (grinder.ts). It uses the four-lane WebAssembly SIMD miner when the browser can compile it, else
 * the pure-JS probe.
 */
import { jsProbe, type NonceProbe } from '../../shared/chain/best-search';
import { createGrinder } from './grinder';
import { createWasmMiner } from './sha256-wasm/wasm-miner';
import wasmUrl from './sha256-wasm/build/sha256x4.wasm?url';
import type { FromMiner, MinerEngine, ToMiner } from './miner-protocol';

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

const onJob = createGrinder({ probe: engine.then(({ probe }) => probe), post, yieldToEvents, now: () => performance.now() });
self.onmessage = (event: MessageEvent<ToMiner>) => onJob(event.data);
