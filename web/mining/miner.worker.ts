/**
 * Proof of work off the main thread: the page stays responsive while this worker grinds nonces.
 * It works in slices and yields between them, so a new job (the tip moved) or a stop takes effect
 * within one slice (about ten milliseconds).
 */
import { searchNonce } from '../../shared/chain/pow';
import type { FromMiner, ToMiner } from './miner-protocol';

const SLICE = 4_096;
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

self.onmessage = (event: MessageEvent<ToMiner>) => {
  const message = event.data;
  current = message.type === 'mine' ? message : null;
  if (current && !grinding) void grind();
};

async function grind(): Promise<void> {
  let job = -1;
  let nonce = 0;
  let hashes = 0;
  let since = performance.now();
  grinding = true;
  while (current) {
    if (current.job !== job) {
      job = current.job;
      nonce = 0;
    }
    const result = searchNonce(current.header, nonce, SLICE);
    hashes += result.tries;
    const now = performance.now();
    if (now - since >= REPORT_EVERY_MS) {
      post({ type: 'progress', job, hashes, ms: now - since });
      hashes = 0;
      since = now;
    }
    if (result.found) {
      post({ type: 'found', job, nonce: result.nonce, hash: result.hash });
      current = null; // the page sends the next job once the block is in its chain
    } else if (result.exhausted) {
      post({ type: 'exhausted', job });
      current = null;
    } else {
      nonce = result.nextNonce;
    }
    await yieldToEvents();
  }
  grinding = false;
}
