/**
 * One signalling server among several (REDIS_URL): Socket.IO's official Redis adapter carries every
 * broadcast and every message to a socket on another process, and room-replica.ts shares the room
 * state. Without REDIS_URL none of this runs and nothing needs Redis.
 *
 * Why the classic pub/sub adapter (`@socket.io/redis-adapter` on ioredis) and not the Redis Streams
 * one: a signalling message a minute late is worse than one lost (the link it was for has timed out
 * and a tab retries by itself), so the Streams adapter's replay after a Redis outage buys nothing
 * here; pub/sub adds no stream to trim and one round trip less per message.
 */
import { randomBytes } from 'node:crypto';
import { createAdapter } from '@socket.io/redis-adapter';
import { Redis } from 'ioredis';
import { ROOMS_CHANNEL } from './room-keys';
import { RoomReplica } from './room-replica';
import type { RoomSettingsStore } from './room-settings';
import type { RoomRegistry } from './rooms';
import { socketIoRoom, type SignalIo } from './signal-relay';

/** How long a start waits for Redis before it says it cannot reach it. */
const CONNECT_TIMEOUT_MS = 5_000;
/** While Redis is away, how soon each reconnection attempt follows the last (ms), at most. */
const MAX_RETRY_DELAY_MS = 2_000;

export type Cluster = {
  /** This process's id among the cluster's (`/healthz` shows it). */
  home: string;
  /** Whether Redis is reachable now (false: serving this process's rooms alone). */
  attached(): boolean;
  /** Resolves once this process's room changes so far are shared (room-replica.ts `written`). */
  written(): Promise<void>;
  /** Like `written`, then brings the replica's view of `room`'s members up to Redis's (a join's ack). */
  settled(room: string): Promise<void>;
  close(): Promise<void>;
};

/** A REDIS_URL we cannot use, said so that a teacher knows which setting to fix. */
export class RedisUnavailable extends Error {}

/** Hides the password of a redis://user:pass@host URL in messages. */
export function redactRedisUrl(url: string): string {
  return url.replace(/\/\/([^:@/]*):[^@/]*@/, '//$1:***@');
}

/**
 * One connection. `queueWhileAway: false` for those whose commands must fail at once while Redis
 * is away (room writes, publishes): a join must not wait for Redis, and a stale signal delivered
 * minutes later is worse than none. Subscribers keep ioredis's queue, which resubscribes them.
 */
function client(url: string, queueWhileAway: boolean): Redis {
  return new Redis(url, {
    lazyConnect: true,
    connectTimeout: CONNECT_TIMEOUT_MS,
    // Reconnect forever, a little apart: a Redis restart must not need a server restart.
    retryStrategy: (times) => Math.min(times * 200, MAX_RETRY_DELAY_MS),
    maxRetriesPerRequest: null,
    enableOfflineQueue: queueWhileAway,
  });
}

/**
 * The adapter's publisher publishes without awaiting; a publish that fails while Redis is away
 * would be an unhandled rejection and end the process. Those messages are dropped instead: a
 * signal for a link that has meanwhile timed out is worse than none.
 */
function forgivingPublisher(redis: Redis): Redis {
  return new Proxy(redis, {
    get(target, property, receiver) {
      if (property === 'publish') {
        return (...args: Parameters<Redis['publish']>) => target.publish(...args).catch(() => 0);
      }
      const value = Reflect.get(target, property, receiver) as unknown;
      return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(target) : value;
    },
  });
}

/**
 * Connects to Redis at `url` (rejects with RedisUnavailable naming REDIS_URL when it cannot),
 * puts `io` on the Redis adapter and starts the room replica.
 */
export async function joinCluster(
  url: string,
  io: SignalIo,
  registry: RoomRegistry,
  store: RoomSettingsStore,
  log: (line: string) => void,
): Promise<Cluster> {
  const home = randomBytes(6).toString('hex');
  const state = client(url, false);
  const publisher = client(url, false);
  const adapterSubscriber = client(url, true);
  const roomsSubscriber = client(url, true);
  const connections = [state, publisher, adapterSubscriber, roomsSubscriber];
  // Until connected, a failure must reject the start, not retry in a loop. ioredis rejects with
  // "Connection is closed"; the socket's own error (ECONNREFUSED, ENOTFOUND) says more.
  let cause: Error | undefined;
  for (const connection of connections) connection.on('error', (error: Error) => (cause ??= error));
  try {
    await Promise.all(connections.map((connection) => connection.connect()));
  } catch (error) {
    for (const connection of connections) connection.disconnect();
    throw new RedisUnavailable(
      `Cannot reach Redis at REDIS_URL=${redactRedisUrl(url)} (${(cause ?? (error as Error)).message}). Start Redis there, or unset REDIS_URL to run one signalling process on its own.`,
    );
  }

  const replica = new RoomReplica(home, state, registry, store, {
    log,
    onMembersLost: (room, ids) => {
      // Only our own sockets: the other survivors tell theirs.
      for (const id of ids) io.local.to(socketIoRoom(room)).emit('peer-left', { id });
    },
  });
  // One 'close' can be followed by many failed reconnects: the replica says it once.
  state.on('close', () => replica.lost(new Error('connection closed')));
  state.on('ready', () => {
    if (!replica.attached) void replica.resync().catch((error) => replica.lost(error));
  });
  roomsSubscriber.on('message', (channel: string, message: string) => {
    if (channel === ROOMS_CHANNEL) replica.receive(message);
  });
  await roomsSubscriber.subscribe(ROOMS_CHANNEL);
  io.adapter(createAdapter(forgivingPublisher(publisher), adapterSubscriber, { key: 'meshchain-socket.io' }));
  await replica.start();
  log(`Signalling shares its rooms through Redis at ${redactRedisUrl(url)} (this process: ${home}).`);

  return {
    home,
    attached: () => replica.attached,
    written: () => replica.written(),
    settled: async (room) => {
      await replica.written();
      // Redis away: the replica is all there is, and a join must not wait for Redis.
      if (replica.attached) await replica.refresh(room).catch((error: unknown) => replica.lost(error));
    },
    async close() {
      await replica.stop();
      for (const connection of connections) connection.disconnect();
    },
  };
}
