/**
 * Room state across signalling processes (REDIS_URL): the truth is in Redis, each process keeps a
 * replica it reads synchronously (so every handler stays as simple and fast as with one process).
 *
 * - Each process ("home") owns the list of its own sockets in each room and is the only writer of
 *   it: `meshchain:room:<room>:home:<home>`. Two processes never write the same member key, so
 *   joins on different processes never conflict.
 * - A room's mode (topology, lock via settings) and its shared settings (teacher claim, conditions,
 *   bans) are one value each, versioned (`rev`, ties broken by home id): the newest wins everywhere.
 * - Every change made here is written and announced on `meshchain:rooms` in one MULTI, so every
 *   replica applies changes in Redis's order.
 * - Everything expires: a home's keys live HOME_TTL_MS unless refreshed by its heartbeat, a room's
 *   mode and settings ROOM_TTL_MS (longer than EMPTY_ROOM_GRACE_MS). A process that dies without a
 *   word is noticed when its liveness key lapses; its members leave every other replica.
 * - Redis lost: writes fail fast, this process's rooms keep working on its replica, and once Redis
 *   is back it rewrites what it owns and reloads what the others wrote (`resync`).
 * - Every heartbeat also re-announces this process's members, so a missed message heals by itself.
 */
import type { Redis } from 'ioredis';
import type { RoomSettingsStore, SharedRoomSettings } from './room-settings';
import type { HomedMember, RoomMode, RoomRegistry } from './rooms';
import { EMPTY_ROOM_GRACE_MS } from './room-settings';

export const ROOMS_CHANNEL = 'meshchain:rooms';
const KEY_PREFIX = 'meshchain:room:';
const LIVENESS_PREFIX = 'meshchain:home:';
/** How often a process refreshes its keys and looks for processes that died. */
export const HEARTBEAT_MS = 5_000;
/**
 * A home's member lists and liveness outlive three missed heartbeats, no more; a process that died
 * is dropped after its key lapsed on two heartbeats, so within HOME_TTL_MS + 2 × HEARTBEAT_MS.
 */
export const HOME_TTL_MS = 3 * HEARTBEAT_MS;
/** A room's mode and settings outlive its emptiness grace, so a reset room comes back as set. */
export const ROOM_TTL_MS = EMPTY_ROOM_GRACE_MS + 2 * HEARTBEAT_MS;

type Versioned<T> = { value: T; rev: number; home: string };
/** One announcement on ROOMS_CHANNEL: the sender's members of the room and its view of the room. */
export type RoomAnnouncement = {
  home: string;
  room: string;
  members: HomedMember[];
  mode: Versioned<RoomMode> | null;
  settings: Versioned<SharedRoomSettings> | null;
  /** Sent by a survivor for a process that died: its members have left (their tabs must be told). */
  lost?: true;
};

export type ReplicaEvents = {
  /** Members of `room` that lived on a process that died: this process's sockets must hear they left. */
  onMembersLost: (room: string, ids: string[]) => void;
  log: (line: string) => void;
};

const newer = (a: { rev: number; home: string }, b: { rev: number; home: string } | undefined) =>
  b === undefined || a.rev > b.rev || (a.rev === b.rev && a.home > b.home);

const homeKey = (room: string, home: string) => `${KEY_PREFIX}${room}:home:${home}`;
const modeKey = (room: string) => `${KEY_PREFIX}${room}:mode`;
const settingsKey = (room: string) => `${KEY_PREFIX}${room}:settings`;

export class RoomReplica {
  readonly #modes = new Map<string, Versioned<RoomMode>>();
  readonly #settings = new Map<string, Versioned<SharedRoomSettings>>();
  /** Rooms changed here and not yet written (written together on the next tick). */
  readonly #dirty = new Set<string>();
  #flushScheduled = false;
  /** Homes whose liveness key was missing at the last heartbeat. */
  readonly #missed = new Set<string>();
  #heartbeat: ReturnType<typeof setInterval> | undefined;
  #attached = true;

  get attached(): boolean {
    return this.#attached;
  }

  constructor(
    private readonly home: string,
    private readonly redis: Redis,
    private readonly registry: RoomRegistry,
    private readonly store: RoomSettingsStore,
    private readonly events: ReplicaEvents,
  ) {
    registry.onChange((room) => this.#changed(room));
    store.onChange((room) => this.#changed(room));
  }

  /** Loads every room the other processes hold, announces this process, and starts the heartbeat. */
  async start(): Promise<void> {
    await this.#reload();
    await this.#beat();
    this.#heartbeat = setInterval(() => void this.#beat().catch((error) => this.lost(error)), HEARTBEAT_MS);
    this.#heartbeat.unref();
  }

  /** Applies one announcement from the channel (ours come back too and are ignored). */
  receive(raw: string): void {
    let message: RoomAnnouncement;
    try {
      message = JSON.parse(raw) as RoomAnnouncement;
    } catch {
      return; // not ours: only meshchain processes write this channel
    }
    if (message.home === this.home || typeof message.room !== 'string') return;
    this.#apply(message);
  }

  /** Redis is back: write what this process owns again and reload what the others wrote. */
  async resync(): Promise<void> {
    await this.redis.set(`${LIVENESS_PREFIX}${this.home}`, '1', 'PX', HOME_TTL_MS);
    for (const room of this.registry.ownRooms()) this.#dirty.add(room);
    await this.#flush();
    await this.#reload();
    if (!this.#attached) this.events.log('Redis is back: this process shares its rooms again.');
    this.#attached = true;
  }

  /** Removes this process's keys (a clean shutdown: the others see its members leave at once). */
  async stop(): Promise<void> {
    clearInterval(this.#heartbeat);
    const rooms = this.registry.ownRooms();
    try {
      const multi = this.redis.multi().del(`${LIVENESS_PREFIX}${this.home}`);
      for (const room of rooms) {
        multi.del(homeKey(room, this.home));
        multi.publish(ROOMS_CHANNEL, JSON.stringify(this.#announcement(room, [])));
      }
      await multi.exec();
    } catch {
      // Redis gone too: the keys expire on their own.
    }
  }

  #apply(message: RoomAnnouncement): void {
    const { room, home } = message;
    if (message.lost === true) return this.#dropHome(room, home);
    this.registry.importHome(room, home, Array.isArray(message.members) ? message.members : []);
    if (message.mode && newer(message.mode, this.#modes.get(room))) {
      this.#modes.set(room, message.mode);
      this.registry.importMode(room, message.mode.value);
    } else {
      // A room new to this replica gets the mode we know, if any.
      const known = this.#modes.get(room);
      if (known && this.registry.modeOf(room) === undefined) this.registry.importMode(room, known.value);
    }
    if (message.settings && newer(message.settings, this.#settings.get(room))) {
      this.#settings.set(room, message.settings);
      this.store.importShared(room, message.settings.value);
    }
  }

  /**
   * Resolves once the changes made here so far are in Redis and announced (or failed to be: a lost
   * Redis must not hold anyone up). A join is acknowledged only then, so a tab that joins on
   * another process a moment later is sure to be told about this one.
   */
  written(): Promise<void> {
    return this.#written;
  }

  #written: Promise<void> = Promise.resolve();

  #changed(room: string): void {
    this.#dirty.add(room);
    if (this.#flushScheduled) return;
    this.#flushScheduled = true;
    // Coalesce a handler's several changes (admit + mode, claim + apply) into one write.
    this.#written = new Promise((resolve) =>
      queueMicrotask(() => {
        this.#flushScheduled = false;
        this.#flush()
          .catch((error) => this.lost(error))
          .finally(resolve);
      }),
    );
  }

  /** Bumps the version of whatever of the room's mode and settings changed here since we last saw it. */
  #announcement(room: string, members: HomedMember[]): RoomAnnouncement {
    const mode = this.registry.modeOf(room);
    let modeVersion = this.#modes.get(room);
    if (mode !== undefined && JSON.stringify(mode) !== JSON.stringify(modeVersion?.value)) {
      modeVersion = { value: { ...mode }, rev: (modeVersion?.rev ?? 0) + 1, home: this.home };
      this.#modes.set(room, modeVersion);
    }
    const shared = this.store.shared(room);
    let settingsVersion = this.#settings.get(room);
    if (shared !== null && JSON.stringify(shared) !== JSON.stringify(settingsVersion?.value)) {
      settingsVersion = { value: shared, rev: (settingsVersion?.rev ?? 0) + 1, home: this.home };
      this.#settings.set(room, settingsVersion);
    }
    return { home: this.home, room, members, mode: modeVersion ?? null, settings: settingsVersion ?? null };
  }

  async #flush(): Promise<void> {
    if (this.#dirty.size === 0) return;
    const rooms = [...this.#dirty];
    this.#dirty.clear();
    const multi = this.redis.multi();
    for (const room of rooms) {
      const members = this.registry.ownMembers(room);
      const message = this.#announcement(room, members);
      if (members.length > 0) multi.set(homeKey(room, this.home), JSON.stringify(members), 'PX', HOME_TTL_MS);
      else multi.del(homeKey(room, this.home));
      if (message.mode) multi.set(modeKey(room), JSON.stringify(message.mode), 'PX', ROOM_TTL_MS);
      if (message.settings) multi.set(settingsKey(room), JSON.stringify(message.settings), 'PX', ROOM_TTL_MS);
      multi.publish(ROOMS_CHANNEL, JSON.stringify(message));
    }
    try {
      await multi.exec();
    } catch (error) {
      // Not written: written again by resync() once Redis is back.
      for (const room of rooms) this.#dirty.add(room);
      throw error;
    }
  }

  /** Refreshes this process's keys, and drops the members of processes whose liveness lapsed. */
  async #beat(): Promise<void> {
    const multi = this.redis.multi().set(`${LIVENESS_PREFIX}${this.home}`, '1', 'PX', HOME_TTL_MS);
    for (const room of this.registry.ownRooms()) {
      // Members rewritten and announced again, so a replica that missed a message (or dropped us
      // while Redis was restarting) is whole again within a heartbeat.
      const members = this.registry.ownMembers(room);
      multi.set(homeKey(room, this.home), JSON.stringify(members), 'PX', HOME_TTL_MS);
      multi.pexpire(modeKey(room), ROOM_TTL_MS);
      multi.pexpire(settingsKey(room), ROOM_TTL_MS);
      multi.publish(ROOMS_CHANNEL, JSON.stringify(this.#announcement(room, members)));
    }
    await multi.exec();
    if (!this.#attached) await this.resync();
    await this.#dropDeadHomes();
  }

  /**
   * Members of processes whose liveness key is gone leave this replica, and our sockets are told.
   * A home must be missed on two heartbeats in a row: right after Redis restarts empty, every
   * process is briefly missing until it writes its keys again.
   */
  async #dropDeadHomes(): Promise<void> {
    const roomsOf = new Map<string, string[]>();
    for (const room of this.registry.allRooms()) {
      for (const home of this.registry.homesIn(room)) roomsOf.set(home, [...(roomsOf.get(home) ?? []), room]);
    }
    const homes = [...roomsOf.keys()];
    if (homes.length === 0) return;
    const alive = await this.redis.mget(homes.map((home) => `${LIVENESS_PREFIX}${home}`));
    homes.forEach((home, i) => {
      if (alive[i] !== null) return void this.#missed.delete(home);
      if (!this.#missed.has(home)) return void this.#missed.add(home);
      this.#missed.delete(home);
      for (const room of roomsOf.get(home) ?? []) {
        this.#dropHome(room, home);
        // Said on its behalf, so every replica drops it now, not at its own next heartbeat.
        const obituary: RoomAnnouncement = { home, room, members: [], mode: null, settings: null, lost: true };
        void this.redis
          .multi()
          .del(homeKey(room, home))
          .publish(ROOMS_CHANNEL, JSON.stringify(obituary))
          .exec()
          .catch((error) => this.lost(error));
      }
    });
  }

  #dropHome(room: string, home: string): void {
    const ids = this.registry.homeMembers(room, home);
    this.registry.importHome(room, home, []);
    if (ids.length > 0) this.events.onMembersLost(room, ids);
  }

  /** Reads every room key the cluster holds into the replica (start and after an outage). */
  async #reload(): Promise<void> {
    const keys: string[] = [];
    let cursor = '0';
    do {
      const [next, batch] = await this.redis.scan(cursor, 'MATCH', `${KEY_PREFIX}*`, 'COUNT', 500);
      keys.push(...batch);
      cursor = next;
    } while (cursor !== '0');
    if (keys.length === 0) return;
    const values = await this.redis.mget(keys);
    const byRoom = new Map<string, RoomAnnouncement[]>();
    keys.forEach((key, i) => {
      const value = values[i];
      if (value === null) return;
      const match = /^meshchain:room:(.+):(home):(.+)$|^meshchain:room:(.+):(mode|settings)$/.exec(key);
      if (!match) return;
      const room = (match[1] ?? match[4])!;
      const kind = match[2] ?? match[5];
      const home = match[3] ?? '';
      let parsed: unknown;
      try {
        parsed = JSON.parse(value!);
      } catch {
        return;
      }
      const list = byRoom.get(room) ?? [];
      byRoom.set(room, list);
      if (kind === 'home') {
        if (home !== this.home) list.push({ home, room, members: parsed as HomedMember[], mode: null, settings: null });
      } else if (kind === 'mode') {
        list.unshift({ home: '', room, members: [], mode: parsed as Versioned<RoomMode>, settings: null });
      } else {
        list.unshift({ home: '', room, members: [], mode: null, settings: parsed as Versioned<SharedRoomSettings> });
      }
    });
    for (const announcements of byRoom.values()) {
      for (const message of announcements) {
        if (message.home === '') {
          // Mode and settings alone: remember them, apply once the room has members here.
          if (message.mode && newer(message.mode, this.#modes.get(message.room))) this.#modes.set(message.room, message.mode);
          if (message.settings && newer(message.settings, this.#settings.get(message.room))) {
            this.#settings.set(message.room, message.settings);
            this.store.importShared(message.room, message.settings.value);
          }
        } else this.#apply(message);
      }
    }
  }

  /** Redis failed under us: say so once, keep serving from the replica, resync when it is back. */
  lost(error: unknown): void {
    if (!this.#attached) return;
    this.#attached = false;
    this.events.log(
      `Redis unreachable (${(error as Error)?.message ?? String(error)}): rooms on this process keep working on their own; they are shared again when Redis is back.`,
    );
  }
}
