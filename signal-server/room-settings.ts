/**
 * What a teacher set for each room, kept beside the registry as plain data (no sockets, no timers)
 * so the rules are tested without a network: settings start at DEFAULT_ROOM_SETTINGS, a claim
 * marks the room as steered by a teacher until the room has stayed empty for EMPTY_ROOM_GRACE_MS, a
 * kicked tab name is refused re-entry for KICK_BAN_MS, and a partition decides which members may
 * signal each other.
 */
import { applyRoomControl, DEFAULT_ROOM_SETTINGS, type RoomControl, type RoomSettings } from '../shared/protocol/room-controls';
import { canReach } from '../shared/transport/conditioner';

/** How long a kicked tab name may not rejoin its room: long enough to notice, short enough to forgive. */
export const KICK_BAN_MS = 60_000;

/**
 * How long an empty room keeps what the teacher set. A reset reloads every tab of the room at once
 * (the teacher's too), so the room is empty for a moment; forgetting then would put a reset room
 * back at round 0 with no claim, lock or conditions, and a late joiner would not follow the reset.
 */
export const EMPTY_ROOM_GRACE_MS = 60_000;

type RoomState = {
  /** When the room's last member left; null while it has members. */
  emptySince: number | null;
  settings: RoomSettings;
  /** Sockets that claimed with the key (a teacher may keep several tabs open). */
  teachers: Set<string>;
  /** Tab name → when it may rejoin. */
  kicked: Map<string, number>;
};

/** What every process of a cluster shares of a room's settings (teacher sockets stay with their process). */
export type SharedRoomSettings = { settings: RoomSettings; kicked: [tabName: string, until: number][] };

export class RoomSettingsStore {
  readonly #rooms = new Map<string, RoomState>();
  #onChange: (room: string) => void = () => {};

  /** One listener (the cluster's replica): told after a change made here, never after an import. */
  onChange(listener: (room: string) => void): void {
    this.#onChange = listener;
  }

  /** The room's shared part, or null when no teacher touched it. */
  shared(room: string): SharedRoomSettings | null {
    const state = this.#live(room);
    return state === undefined ? null : { settings: state.settings, kicked: [...state.kicked] };
  }

  /** Takes another process's shared part of a room (it changed there). */
  importShared(room: string, shared: SharedRoomSettings): void {
    const state = this.#state(room);
    state.settings = shared.settings;
    state.kicked = new Map(shared.kicked);
    state.emptySince = null;
  }

  constructor(private readonly now: () => number) {}

  /** The room's settings now (defaults for a room no teacher touched). Callers get a shared, never-mutated object. */
  settingsOf(room: string): RoomSettings {
    return this.#live(room)?.settings ?? DEFAULT_ROOM_SETTINGS;
  }

  /** A member joined `room`: an empty room within its grace keeps its settings from now on. */
  joined(room: string): void {
    const state = this.#live(room);
    if (state !== undefined) state.emptySince = null;
  }

  /** Records a teacher socket; returns the settings and whether they changed (the room's first claim). */
  claim(room: string, socketId: string): { settings: RoomSettings; changed: boolean } {
    const state = this.#state(room);
    state.teachers.add(socketId);
    const changed = !state.settings.teacher;
    if (changed) {
      state.settings = { ...state.settings, teacher: true };
      this.#onChange(room);
    }
    return { settings: state.settings, changed };
  }

  isTeacher(room: string, socketId: string): boolean {
    return this.#live(room)?.teachers.has(socketId) ?? false;
  }

  /** Whether a non-teacher socket is kept from switching the room's mode: a teacher claimed it (or locked it). */
  modeLockedFor(room: string, socketId: string): boolean {
    const settings = this.settingsOf(room);
    return (settings.teacher || settings.overlay.locked) && !this.isTeacher(room, socketId);
  }

  /** Applies one checked control; returns the new settings. */
  apply(room: string, control: RoomControl): RoomSettings {
    const state = this.#state(room);
    state.settings = applyRoomControl(state.settings, control);
    this.#onChange(room);
    return state.settings;
  }

  /** Keeps `tabName` out of the room for KICK_BAN_MS from now. */
  ban(room: string, tabName: string): void {
    this.#state(room).kicked.set(tabName, this.now() + KICK_BAN_MS);
    this.#onChange(room);
  }

  /** Milliseconds until `tabName` may rejoin the room, or 0 if it may now. */
  bannedFor(room: string, tabName: string): number {
    const state = this.#live(room);
    const until = state?.kicked.get(tabName);
    if (state === undefined || until === undefined) return 0;
    const left = until - this.now();
    if (left > 0) return left;
    state.kicked.delete(tabName);
    return 0;
  }

  /** Whether the room's partition lets members with these tab names signal each other. */
  canSignal(room: string, fromName: string, toName: string): boolean {
    return canReach(this.settingsOf(room).conditions, fromName, toName);
  }

  /**
   * A socket left `room`. A teacher's claim outlives its tab (a reload must not hand the room to
   * the students); everything, claim and bans included, goes once the room has stayed empty for
   * EMPTY_ROOM_GRACE_MS. Rooms whose grace ran out are swept here, so none pile up.
   */
  leave(room: string, socketId: string, roomIsEmpty: boolean): void {
    this.#sweep();
    const state = this.#rooms.get(room);
    if (state === undefined) return;
    state.teachers.delete(socketId);
    if (roomIsEmpty) state.emptySince = this.now();
  }

  /** Rooms with settings held (for tests and /healthz-like checks). */
  get size(): number {
    return this.#rooms.size;
  }

  /** The room's state unless it has stayed empty past its grace (then it is forgotten). */
  #live(room: string): RoomState | undefined {
    const state = this.#rooms.get(room);
    if (state?.emptySince != null && this.now() - state.emptySince >= EMPTY_ROOM_GRACE_MS) {
      this.#rooms.delete(room);
      return undefined;
    }
    return state;
  }

  #sweep(): void {
    for (const room of [...this.#rooms.keys()]) this.#live(room);
  }

  #state(room: string): RoomState {
    let state = this.#live(room);
    if (state === undefined) {
      state = { emptySince: null, settings: DEFAULT_ROOM_SETTINGS, teachers: new Set(), kicked: new Map() };
      this.#rooms.set(room, state);
    }
    return state;
  }
}
