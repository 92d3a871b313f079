/**
 * Room state across signalling processes (REDIS_URL): the truth is in Redis, each process keeps a
 * replica it reads synchronously (so every handler stays as simple and fast as with one process).
 *
 * - Each process ("home") owns the list of its own sockets in each room and is the only writer of
 *   it: field <home> of the hash `meshchain:room:<room>:members`. Two processes never write the same
 *   field, so joins on different processes never conflict.
 * - A room's mode (topology, lock via settings) and its shared settings (teacher claim, conditions,
 *   bans) are one value each, versioned (`rev`, ties broken by home id): the newest wins everywhere.
 * - Every change made here is written and announced on `meshchain:rooms` in one MULTI, so every
 *   replica applies changes in Redis's order.
 * - Everything expires: a home's keys live HOME_TTL_MS unless refreshed by its heartbeat, a room's
 *   mode and settings ROOM_TTL_MS (longer than EMPTY_ROOM_GRACE_MS). A process that dies without a
 *   word is noticed when its liveness key lapses; its members leave every other replica.
 * - Redis lost: writes fail fast, this process's rooms keep working on its replica, and once Redis
 *   is back it rewrites what it owns and reloads what the others wrote (`resync`).
 */
import type { Redis } from 'ioredis';
import type { RoomSettingsStore, SharedRoomSettings } from './room-settings';
import type { HomedMember, RoomMode, RoomRegistry } from './rooms';
import {
  HEARTBEAT_MS,
  HOME_TTL_MS,
  KEY_PREFIX,
  LIVENESS_PREFIX,
  membersKey,
  modeKey,
  newer,
  parseJson,
  ROOM_TTL_MS,
  ROOMS_CHANNEL,
  settingsKey,
  type RoomAnnouncement,
  type Versioned,
} from './room-keys';

export type ReplicaEvents = {
  /** Members of `room` that lived on a process that died: this process's sockets must hear they left. */
  onMembersLost: (room: string, ids: string[]) => void;
  log: (line: string) => void;
};

export class RoomReplica {
  readonly #modes = new Map<string, Versioned<RoomMode>>();
  readonly #settings = new Map<string, Versioned<SharedRoomSettings>>();
  /** Rooms changed here and not yet written (written together on the next tick). */
  readonly #dirty = new Set<string>();
  #flushScheduled = false;
  /** This process's member writes so far (each list it writes carries the next number). */
  #seq = 0;
  /** Per room and home, the seq of the member list applied last. */
  readonly #applied = new Map<string, number>();
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
        multi.hdel(membersKey(room), this.home);
        multi.publish(ROOMS_CHANNEL, JSON.stringify(this.#announcement(room, [], ++this.#seq)));
      }
      await multi.exec();
    } catch {
      // Redis gone too: the keys expire on their own.
    }
  }

  #apply(message: RoomAnnouncement): void {
    const { room, home } = message;
    if (message.lost === true) return this.#dropHome(room, home);
    this.#importMembers(room, home, message.seq, message.members);
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
  /**
   * Applies a home's member list unless a newer one was applied already: an announcement and a
   * re-read of the hash (refresh) arrive on different connections, in either order.
   */
  #importMembers(room: string, home: string, seq: unknown, members: unknown): void {
    if (typeof seq !== 'number' || !Array.isArray(members)) return;
    const key = `${room}\n${home}`;
    if (seq <= (this.#applied.get(key) ?? -1)) return;
    this.#applied.set(key, seq);
    this.registry.importHome(room, home, members as HomedMember[]);
  }

  #announcement(room: string, members: HomedMember[], seq: number): RoomAnnouncement {
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
    return { home: this.home, room, members, seq, mode: modeVersion ?? null, settings: settingsVersion ?? null };
  }

  async #flush(): Promise<void> {
    if (this.#dirty.size === 0) return;
    const rooms = [...this.#dirty];
    this.#dirty.clear();
    const multi = this.redis.multi();
    for (const room of rooms) {
      const members = this.registry.ownMembers(room);
      const message = this.#announcement(room, members, ++this.#seq);
      if (members.length > 0) {
        multi.hset(membersKey(room), this.home, JSON.stringify({ seq: message.seq, members })).pexpire(membersKey(room), HOME_TTL_MS);
      }
      else multi.hdel(membersKey(room), this.home);
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
      multi.pexpire(membersKey(room), HOME_TTL_MS);
      multi.pexpire(modeKey(room), ROOM_TTL_MS);
      multi.pexpire(settingsKey(room), ROOM_TTL_MS);
    }
    await multi.exec();
    if (!this.#attached) await this.resync();
    await this.#dropDeadHomes();
  }

  /**
   * Brings the replica's view of `room`'s members up to what Redis holds now. A join reads this
   * after its own write: of two tabs joining on two processes at once, the later writer is sure to
   * see the earlier (Redis orders the writes), so at least one of the pair is told of the other.
   */
  async refresh(room: string): Promise<void> {
    const homes = await this.redis.hgetall(membersKey(room));
    for (const [home, raw] of Object.entries(homes)) {
      if (home === this.home) continue;
      const stored = parseJson(raw) as { seq?: unknown; members?: unknown } | null;
      if (stored !== null) this.#importMembers(room, home, stored.seq, stored.members);
    }
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
        const obituary: RoomAnnouncement = { home, room, members: [], seq: Number.MAX_SAFE_INTEGER, mode: null, settings: null, lost: true };
        void this.redis
          .multi()
          .hdel(membersKey(room), home)
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
    const rooms = new Set<string>();
    const versioned = keys.filter((key) => /:(mode|settings)$/.test(key));
    const values = versioned.length === 0 ? [] : await this.redis.mget(versioned);
    versioned.forEach((key, i) => {
      const match = /^meshchain:room:(.+):(mode|settings)$/.exec(key);
      const value = parseJson(values[i] ?? null) as (Versioned<RoomMode> & Versioned<SharedRoomSettings>) | null;
      if (!match || value === null || typeof value.rev !== 'number') return;
      const room = match[1]!;
      rooms.add(room);
      if (match[2] === 'mode') {
        if (newer(value, this.#modes.get(room))) this.#modes.set(room, value);
      } else if (newer(value, this.#settings.get(room))) {
        this.#settings.set(room, value);
        this.store.importShared(room, value.value);
      }
    });
    for (const key of keys) {
      const match = /^meshchain:room:(.+):members$/.exec(key);
      if (!match) continue;
      const room = match[1]!;
      await this.refresh(room);
      const mode = this.#modes.get(room);
      if (mode) this.registry.importMode(room, mode.value);
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
