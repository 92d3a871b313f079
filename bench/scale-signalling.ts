/**
 * Signalling at class-of-classes scale: N socket.io-client sockets held in rooms of ROOM_SIZE on one
 * server process, or on two processes sharing rooms through Redis (REDIS_URL; half of each room on
 * either, every signal crossing from one to the other). Clients run in CLIENT_PROCESSES forked
 * processes (bench/scale-clients.ts), apart from the servers' event loops and from each other's.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { startRedis, type RedisProcess } from '../signal-server/redis-process';
import type { FromClients, ToClients } from './scale-clients';
import type { SignallingFigures } from './scale-figures';
import { busyShare, cpuSeconds, machineCpu, onInterrupt, redisPid, rssKiB, startScaleServer, type ScaleServer } from './scale-server';

export const ROOM_SIZE = 25;
/** Each socket signals this often: well under the 100/s signal budget (signal-server/budgets.ts). */
export const SIGNAL_HZ = Number(process.env.SCALE_SIGNAL_HZ ?? 0.5);
const CLIENT_PROCESSES = 2;
const JOIN_CONCURRENCY = 50;
const JOIN_TIMEOUT_MS = 20_000;
const JOIN_PHASE_MS = 240_000;
const SETTLE_MS = 2_000;
const SIGNAL_PLAN = { hz: SIGNAL_HZ, warmupMs: 3_000, measureMs: 15_000, drainMs: 1_500 };

type Reply<T extends FromClients['type']> = Extract<FromClients, { type: T }>;

/** The next message of `type` from a client process; an 'error' message, an exit or the timeout rejects. */
function reply<T extends FromClients['type']>(child: ChildProcess, type: T, timeoutMs: number): Promise<Reply<T>> {
  return new Promise((resolve, reject) => {
    const done = () => {
      clearTimeout(timer);
      child.off('message', onMessage);
      child.off('exit', onExit);
    };
    const timer = setTimeout(() => {
      done();
      reject(new Error(`client process sent no '${type}' within ${timeoutMs / 1000} s`));
    }, timeoutMs);
    const onMessage = (message: FromClients) => {
      if (message.type === 'error') {
        done();
        reject(new Error(`client process failed: ${message.message}`));
      } else if (message.type === type) {
        done();
        resolve(message as Reply<T>);
      }
    };
    const onExit = (code: number | null) => {
      done();
      reject(new Error(`client process exited with ${code} before '${type}'`));
    };
    child.on('message', onMessage);
    child.once('exit', onExit);
  });
}

function forkClients(repoRoot: string): ChildProcess {
  const child = fork('bench/scale-clients.ts', [], { cwd: repoRoot, execArgv: ['--import', 'tsx'], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  const kill = () => child.kill('SIGKILL');
  process.on('exit', kill);
  child.once('exit', () => process.off('exit', kill));
  return child;
}

async function stopClients(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  if (child.connected) child.send({ type: 'close' } satisfies ToClients);
  const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
  await exited;
  clearTimeout(timer);
}

/** Holds `clients` sockets on `servers` processes, measures, and takes everything down again. */
export async function measureSignalling(repoRoot: string, clients: number, servers: 1 | 2, runTag: string): Promise<SignallingFigures> {
  let redis: RedisProcess | undefined;
  const started: ScaleServer[] = [];
  const children: ChildProcess[] = [];
  try {
    const env: Record<string, string> = {};
    if (servers === 2) {
      redis = await startRedis();
      onInterrupt.add(redis.stop);
      env.REDIS_URL = redis.url;
    }
    for (let s = 0; s < servers; s++) started.push(await startScaleServer(repoRoot, env));
    const before = await Promise.all(started.map((s) => rssKiB(s.pid)));

    const rooms = Array.from({ length: Math.ceil(clients / ROOM_SIZE) }, (_x, r) => ({
      room: `scale-${runTag}-${servers}-${r}`,
      size: Math.min(ROOM_SIZE, clients - r * ROOM_SIZE),
    }));
    for (let p = 0; p < CLIENT_PROCESSES; p++) children.push(forkClients(repoRoot));
    const urls = started.map((s) => s.url);
    const joined = await Promise.all(
      children.map((child, p) => {
        const waiting = reply(child, 'joined', JOIN_PHASE_MS);
        const mine = rooms.filter((_room, r) => r % CLIENT_PROCESSES === p);
        child.send({ type: 'join', plan: { rooms: mine, urls, concurrency: JOIN_CONCURRENCY, joinTimeoutMs: JOIN_TIMEOUT_MS } } satisfies ToClients);
        return waiting;
      }),
    );
    await new Promise((resolve) => setTimeout(resolve, SETTLE_MS));
    const afterJoin = await Promise.all(started.map((s) => rssKiB(s.pid)));

    const cpuBefore = await Promise.all(started.map((s) => cpuSeconds(s.pid)));
    const redisProcess = redis ? await redisPid(redis.port) : null;
    const redisCpuBefore = redisProcess === null ? NaN : await cpuSeconds(redisProcess);
    const signalStart = performance.now();
    const machineBefore = await machineCpu();
    const signalMs = SIGNAL_PLAN.warmupMs + SIGNAL_PLAN.measureMs + SIGNAL_PLAN.drainMs + 30_000;
    const signalled = await Promise.all(
      children.map((child) => {
        const waiting = reply(child, 'signalled', signalMs);
        child.send({ type: 'signal', plan: SIGNAL_PLAN } satisfies ToClients);
        return waiting;
      }),
    );
    const afterSignals = await Promise.all(started.map((s) => rssKiB(s.pid)));
    const cpuAfter = await Promise.all(started.map((s) => cpuSeconds(s.pid)));
    const signalSeconds = (performance.now() - signalStart) / 1000;
    const machineBusy = busyShare(machineBefore, await machineCpu());
    const redisCpu = redisProcess === null ? NaN : ((await cpuSeconds(redisProcess)) - redisCpuBefore) / signalSeconds;

    const held = joined.reduce((sum, j) => sum + j.clients, 0);
    const errors: Record<string, number> = {};
    for (const s of signalled) for (const [code, n] of Object.entries(s.errors)) errors[code] = (errors[code] ?? 0) + n;
    return {
      clients,
      servers,
      held: held - signalled.reduce((sum, s) => sum + s.disconnected, 0),
      failedJoins: joined.reduce((sum, j) => sum + j.failed, 0),
      firstFailure: joined.find((j) => j.firstFailure)?.firstFailure ?? null,
      roomsComplete: joined.reduce((sum, j) => sum + j.roomsComplete, 0),
      rooms: rooms.length,
      unaware: joined.reduce((sum, j) => sum + j.unaware, 0),
      unawareLater: signalled.reduce((sum, s) => sum + s.unaware, 0),
      rate: held * SIGNAL_HZ,
      latenciesMs: signalled.flatMap((s) => s.latenciesMs),
      sentOffsetsMs: signalled.flatMap((s) => s.sentOffsetsMs),
      sent: signalled.reduce((sum, s) => sum + s.sent, 0),
      received: signalled.reduce((sum, s) => sum + s.received, 0),
      errors,
      clientLoopDelayP99Ms: Math.max(...signalled.map((s) => s.loopDelayP99Ms)),
      clientProcesses: CLIENT_PROCESSES,
      rssKiB: started.map((_s, i) => ({ before: before[i]!, joined: afterJoin[i]!, after: afterSignals[i]! })),
      redisCpuShare: redis ? redisCpu : null,
      machineBusy,
      serverCpuShare: started.map((_s, i) => (cpuAfter[i]! - cpuBefore[i]!) / signalSeconds),
      serverLog: started.flatMap((s) => s.log),
    };
  } finally {
    await Promise.all(children.map(stopClients));
    await Promise.all(started.map((s) => s.close()));
    if (redis) {
      onInterrupt.delete(redis.stop);
      await redis.stop();
    }
  }
}
