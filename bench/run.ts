/**
 * `npm run bench`: how fast this machine mines in Chromium, against native OpenSSL and against the
 * classic CryptoJS classroom miner, all in one run so the figures share the machine's mood.
 * Not part of `npm test`: it takes about half a minute and its numbers depend on the machine.
 *
 * The last line is always exactly `miner/native ratio: R` (one worker / native), for scripts.
 */
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright';
import playwrightConfig from '../playwright.config';
import { extraMeasurements } from './extra';
import { buildBenchPage, serveDirectory } from './bench-server';
import { measureNativeSha256 } from './native';
import type { BenchApi, MinerRate } from './page/bench-page';
import type { BaselineReport } from './page/baseline.worker';

const REPO_ROOT = fileURLToPath(new URL('..', import.meta.url));
const WARMUP_MS = 1_500;
const MEASURE_MS = Number(process.env.BENCH_MS ?? 4_000);

const perSecond = (n: number, unit: string) => `${Math.round(n).toLocaleString('en')} ${unit}/s`;
const ratio = (a: number, b: number) => (a / b).toFixed(3);

async function main(): Promise<void> {
  // Native first, while nothing else of ours is running on the two cores.
  const native = await measureNativeSha256(3);
  console.log(`native openssl speed -evp sha256 -bytes 80 (1 core): ${perSecond(native.hashesPerSecond, 'hashes')}  [${native.source}]`);

  const server = await serveDirectory(await buildBenchPage(REPO_ROOT));
  const launch = playwrightConfig.use?.launchOptions ?? {};
  const browser = await chromium.launch({ ...launch, headless: true });
  try {
    const page = await browser.newPage();
    await page.goto(server.url);
    await page.waitForFunction(() => 'bench' in globalThis);
    const cores = await page.evaluate(() => (globalThis as unknown as { bench: BenchApi }).bench.cores);
    const miner = (workers: number) =>
      page.evaluate(
        ([n, warm, ms]) => (globalThis as unknown as { bench: BenchApi }).bench.measureMiner(n, warm, ms),
        [workers, WARMUP_MS, MEASURE_MS] as const,
      );
    const baseline = (kind: 'cryptojs' | 'noble') =>
      page.evaluate(
        ([k, warm, ms]) => (globalThis as unknown as { bench: BenchApi }).bench.measureBaseline(k, warm, ms),
        [kind, WARMUP_MS, MEASURE_MS] as const,
      );

    const one: MinerRate = await miner(1);
    console.log(`miner in Chromium, 1 worker (${one.engines.join(', ')}): ${perSecond(one.hashesPerSecond, 'nonces')} (a double SHA-256 of 80 bytes each)`);
    const all: MinerRate = await miner(cores);
    const each = all.perWorker.map((r) => Math.round(r).toLocaleString('en')).join(' + ');
    console.log(`miner in Chromium, ${cores} workers (all cores, ${[...new Set(all.engines)].join(', ')}): ${perSecond(all.hashesPerSecond, 'nonces')}  [${each}]`);
    const restart = await page.evaluate(() => (globalThis as unknown as { bench: BenchApi }).bench.measureRestart(30));
    console.log(`miner restart on a new job (new tip), 30 tries: median ${restart.medianMs.toFixed(1)} ms, max ${restart.maxMs.toFixed(1)} ms`);
    const cryptojs: BaselineReport = await baseline('cryptojs');
    console.log(`CryptoJS classroom miner in Chromium, 1 worker: ${perSecond(cryptojs.hashesPerSecond, 'hashes')}`);
    const noble: BaselineReport = await baseline('noble');
    console.log(`JS reference searchNonce (@noble/hashes) in Chromium, 1 worker: ${perSecond(noble.hashesPerSecond, 'nonces')}`);

    console.log(`ratio miner 1 worker / native: ${ratio(one.hashesPerSecond, native.hashesPerSecond)}`);
    console.log(`ratio miner all workers / native: ${ratio(all.hashesPerSecond, native.hashesPerSecond)}`);
    console.log(`ratio miner 1 worker / CryptoJS: ${ratio(one.hashesPerSecond, cryptojs.hashesPerSecond)}`);
    console.log(`ratio miner 1 worker / JS reference: ${ratio(one.hashesPerSecond, noble.hashesPerSecond)}`);
    for (const { label, value } of await extraMeasurements({ browser, repoRoot: REPO_ROOT })) {
      console.log(`${label}: ${value}`);
    }
    console.log(`miner/native ratio: ${ratio(one.hashesPerSecond, native.hashesPerSecond)}`);
  } finally {
    await browser.close();
    await server.close();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
