/**
 * The bench page: runs the app's real mining worker (web/mining/miner.worker.ts, the same slices
 * and yields users get) and the baselines in Web Workers, and reports rates to `npm run bench`.
 */
import type { BlockHeader } from '../../shared/chain/header';
import { splitNonceSpace, type FromMiner, type ToMiner } from '../../web/mining/miner-protocol';
import type { BaselineKind, BaselineReport } from './baseline.worker';

export interface MinerRate {
  hashesPerSecond: number;
  perWorker: number[];
  engines: string[];
}

/** Target 1 (compact 0x01010000): no hash meets it, so every worker grinds for the whole window. */
const UNREACHABLE_BITS = 0x01010000;
const HEADER: BlockHeader = {
  version: 1,
  prevHash: '00'.repeat(32),
  merkleRoot: '5e'.repeat(32),
  time: 1_700_000_000,
  bits: UNREACHABLE_BITS,
  nonce: 0,
};
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function measureMiner(workers: number, warmupMs: number, ms: number): Promise<MinerRate> {
  const spawned = Array.from(
    { length: workers },
    () => new Worker(new URL('../../web/mining/miner.worker.ts', import.meta.url), { type: 'module' }),
  );
  const engines: string[] = [];
  const totals = spawned.map(() => ({ hashes: 0, ms: 0 }));
  let measuring = false;
  spawned.forEach((worker, i) => {
    worker.onmessage = ({ data }: MessageEvent<FromMiner>) => {
      if (data.type === 'ready') engines[i] = data.engine;
      // Each report is a rate over its own interval; summing both sides keeps a straddling one fair.
      if (data.type === 'progress' && measuring) {
        totals[i]!.hashes += data.hashes;
        totals[i]!.ms += data.ms;
      }
    };
  });
  splitNonceSpace(workers).forEach((range, i) =>
    spawned[i]!.postMessage({ type: 'mine', job: 1, header: HEADER, ...range } satisfies ToMiner),
  );
  await sleep(warmupMs);
  measuring = true;
  await sleep(ms);
  measuring = false;
  for (const worker of spawned) worker.terminate();
  const perWorker = totals.map((t) => (t.ms > 0 ? (t.hashes * 1000) / t.ms : 0));
  return { hashesPerSecond: perWorker.reduce((a, b) => a + b, 0), perWorker, engines };
}

/**
 * How long a grinding worker takes to switch to a new job (what a new tip costs): post an easy job
 * (difficulty 0, the first nonce wins) mid-slice and time until its answer arrives.
 */
async function measureRestart(times: number): Promise<{ medianMs: number; maxMs: number }> {
  const worker = new Worker(new URL('../../web/mining/miner.worker.ts', import.meta.url), { type: 'module' });
  const easy = { ...HEADER, bits: 0x2100ffff }; // difficulty 0: all but 1 in 65,536 hashes meet it
  const delays: number[] = [];
  let resolveFound: (() => void) | null = null;
  worker.onmessage = ({ data }: MessageEvent<FromMiner>) => {
    if (data.type === 'found') resolveFound?.();
  };
  for (let job = 1; job <= times * 2; job += 2) {
    worker.postMessage({ type: 'mine', job, header: HEADER, startNonce: 0, endNonce: 2 ** 32 } satisfies ToMiner);
    await sleep(50 + Math.random() * 20); // land anywhere inside a slice
    const found = new Promise<void>((resolve) => (resolveFound = resolve));
    const posted = performance.now();
    worker.postMessage({ type: 'mine', job: job + 1, header: easy, startNonce: 0, endNonce: 2 ** 32 } satisfies ToMiner);
    await found;
    delays.push(performance.now() - posted);
  }
  worker.terminate();
  delays.sort((a, b) => a - b);
  return { medianMs: delays[Math.floor(delays.length / 2)]!, maxMs: delays.at(-1)! };
}

function measureBaseline(kind: BaselineKind, warmupMs: number, ms: number): Promise<BaselineReport> {
  const worker = new Worker(new URL('./baseline.worker.ts', import.meta.url), { type: 'module' });
  return new Promise((resolve) => {
    worker.onmessage = ({ data }: MessageEvent<BaselineReport>) => {
      worker.terminate();
      resolve(data);
    };
    worker.postMessage({ kind, warmupMs, ms });
  });
}

const bench = { measureMiner, measureRestart, measureBaseline, cores: navigator.hardwareConcurrency };
export type BenchApi = typeof bench;
(globalThis as unknown as { bench: BenchApi }).bench = bench;
