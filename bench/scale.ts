/**
 * `npm run bench:scale` (not part of `npm test`): how far one classroom server stretches.
 *   1. Signalling: 1,000 and 5,000 socket.io clients in rooms of 25, on one server process and on
 *      two sharing rooms through Redis; relay latency p50/p99, server memory per client
 *      (bench/scale-signalling.ts). The goal is p99 < 20 ms.
 *   2. Members: rooms of 32 and 64 (a few Chromium tabs, the rest headless peers) mining a few blocks:
 *      links per member, propagation, convergence (bench/scale-members.ts).
 * SCALE_CLIENTS=1000,5000 SCALE_MEMBERS=32,64 SCALE_PARTS=signalling,members change what runs;
 * SCALE_SIGNAL_HZ the signals per client per second. The last two lines are always exactly
 * `members converged @64: N/64 in T s` and `signalling p99 @5000 on 2 processes: X ms`
 * (or "not measured: why"), for scripts.
 */
import { fileURLToPath } from 'node:url';
import { chromium, type Browser } from 'playwright';
import playwrightConfig from '../playwright.config';
import { formatMembers, formatSignalling, percentile, type MemberFigures, type SignallingFigures } from './scale-figures';
import { measureMembers } from './scale-members';
import { startRoomServer } from './room-server';
import { onInterrupt } from './scale-server';
import { measureSignalling, ROOM_SIZE, SIGNAL_HZ } from './scale-signalling';

const REPO_ROOT = fileURLToPath(new URL('..', import.meta.url));
const list = (raw: string | undefined, fallback: number[]) => (raw ? raw.split(',').map(Number).filter((n) => Number.isInteger(n) && n > 0) : fallback);
const CLIENTS = list(process.env.SCALE_CLIENTS, [1000, 5000]);
const MEMBERS = list(process.env.SCALE_MEMBERS, [32, 64]);
const PARTS = (process.env.SCALE_PARTS ?? 'signalling,members').split(',');
/** 2 cores carry this many tabs beside the headless peers and the server. */
const tabsFor = (members: number) => (members >= 64 ? 8 : 6);

const firstLine = (error: unknown) => String((error as Error)?.message ?? error).split('\n')[0] ?? '';
const seconds = (since: number) => `${((performance.now() - since) / 1000).toFixed(0)} s`;

async function signallingPart(): Promise<Map<string, SignallingFigures | string>> {
  const results = new Map<string, SignallingFigures | string>();
  console.log(`signalling: rooms of ${ROOM_SIZE}, each client sends a candidate signal to one room member ${SIGNAL_HZ} times a second (websocket transport)`);
  for (const clients of CLIENTS) {
    for (const servers of [1, 2] as const) {
      const started = performance.now();
      try {
        const figures = await measureSignalling(REPO_ROOT, clients, servers, String(Date.now() % 100_000));
        results.set(`${clients}/${servers}`, figures);
        for (const line of formatSignalling(figures)) console.log(line);
      } catch (error) {
        results.set(`${clients}/${servers}`, firstLine(error));
        console.log(`signalling ${clients} clients on ${servers} process${servers > 1 ? 'es' : ''}: not measured: ${firstLine(error)}`);
      }
      console.log(`  (took ${seconds(started)})`);
    }
  }
  return results;
}

async function membersPart(): Promise<Map<number, MemberFigures | string>> {
  const results = new Map<number, MemberFigures | string>();
  const started = performance.now();
  const server = await startRoomServer(REPO_ROOT);
  console.log(`members: page built and served in ${seconds(started)}`);
  let browser: Browser | undefined;
  try {
    browser = await chromium.launch({ ...(playwrightConfig.use?.launchOptions ?? {}), headless: true });
    for (const members of MEMBERS) {
      const roomStarted = performance.now();
      try {
        const figures = await measureMembers(REPO_ROOT, browser, server.url, members, tabsFor(members));
        results.set(members, figures);
        for (const line of formatMembers(figures)) console.log(line);
      } catch (error) {
        results.set(members, firstLine(error));
        console.log(`members @${members}: not measured: ${firstLine(error)}`);
      }
      console.log(`  (took ${seconds(roomStarted)})`);
    }
  } finally {
    await browser?.close();
    await server.close();
  }
  return results;
}

async function main(): Promise<void> {
  const started = performance.now();
  const signalling = PARTS.includes('signalling') ? await signallingPart() : new Map<string, SignallingFigures | string>();
  const members = PARTS.includes('members') ? await membersPart() : new Map<number, MemberFigures | string>();
  console.log(`bench:scale took ${seconds(started)}`);

  const room = members.get(64);
  if (room === undefined) console.log('members converged @64: not measured: SCALE_MEMBERS/SCALE_PARTS left it out');
  else if (typeof room === 'string') console.log(`members converged @64: not measured: ${room}`);
  else console.log(`members converged @64: ${room.atTip}/64 in ${(room.convergedMs / 1000).toFixed(2)} s`);
  const pair = signalling.get('5000/2');
  if (pair === undefined) console.log('signalling p99 @5000 on 2 processes: not measured: SCALE_CLIENTS/SCALE_PARTS left it out');
  else if (typeof pair === 'string') console.log(`signalling p99 @5000 on 2 processes: not measured: ${pair}`);
  else console.log(`signalling p99 @5000 on 2 processes: ${percentile(pair.latenciesMs, 99).toFixed(1)} ms`);
}

// Ctrl-C: the exit hooks kill the servers, clients and peers; the Redis child needs its stop first.
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    void Promise.allSettled([...onInterrupt].map((stop) => stop())).then(() => process.exit(130));
  });
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    void Promise.allSettled([...onInterrupt].map((stop) => stop())).then(() => process.exit(1));
  },
);
