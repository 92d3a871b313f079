/**
 * Who is in which room, kept apart from Socket.IO so the rules (one room per socket, empty rooms
 * vanish, a tab name is held by one socket of a room, nicknames unique by look) are plain data that
 * tests can drive without a network. Socket.IO keeps its own room sets for broadcasting; this
 * registry is the authority the relay consults before it forwards.
 */

import { freeNickname, NAME_LIMITS, nicknameKey } from '../shared/protocol/names';
import type { RoomMember, RoomTopology } from '../shared/protocol/signalling';

export type RoomStats = { rooms: number; peers: number };

/**
 * A room's topology, who set it, and when it last switched (null: never, only set by the first
 * member). `chosen: false` marks the default a first member took without asking for a mode: such a
 * room may outgrow the mesh (class-size.ts); a switch or an asked-for mode is a choice.
 */
export type RoomMode = { topology: RoomTopology; by: string; switchedAt: number | null; chosen?: boolean };

/**
 * What a member is known by: `name` as bound at join (its socket id if it gave none), `nickname` as
 * granted. `home` is the signalling process its socket is connected to (cluster.ts); absent for
 * this process's own sockets.
 */
export type Member = RoomMember & { gaveName: boolean; home?: string };

/** A member as another process publishes it (room-replica.ts). */
export type HomedMember = RoomMember & { gaveName: boolean };

/** Told after a change to a room's members or mode made here (not after an import from another process). */
export type RoomChangeListener = (room: string) => void;

export type Admission =
  | { ok: true; nickname: string; nicknameChanged: boolean }
  | { ok: false; reason: 'already-joined' | 'name-taken' | 'room-full' };

type Room = {
  /** In join order (Map keeps insertion order). */
  members: Map<string, Member>;
  /** Tab name → the socket holding it. */
  byName: Map<string, string>;
  /** nicknameKey → the socket whose nickname has it. */
  byNicknameKey: Map<string, string>;
  mode?: RoomMode;
};

export class RoomRegistry {
  readonly #roomBySocket = new Map<string, string>();
  readonly #rooms = new Map<string, Room>();
  #onChange: RoomChangeListener = () => {};

  /** One listener (the cluster's replica): it publishes what this process changed. */
  onChange(listener: RoomChangeListener): void {
    this.#onChange = listener;
  }

  /** Adds the socket to the room. Returns false (and changes nothing) if it cannot join. */
  join(socketId: string, room: string, name?: string, nickname?: string): boolean {
    return this.admit(socketId, room, name, nickname).ok;
  }

  /**
   * Adds the socket under `name` (default: its socket id) and a nickname free in the room: the
   * asked one (default: the name), or it with a suffix ("Amy 2") when its look is taken.
   */
  admit(socketId: string, room: string, name?: string, nickname?: string): Admission {
    if (this.#roomBySocket.has(socketId)) return { ok: false, reason: 'already-joined' };
    const bound = name ?? socketId;
    const state = this.#rooms.get(room);
    if (state?.byName.has(bound)) return { ok: false, reason: 'name-taken' };
    // Tab names may be longer than a nickname may: a default nickname is cut to fit.
    const wanted = nickname ?? [...bound].slice(0, NAME_LIMITS.nickname.chars).join('');
    const granted = freeNickname(wanted, new Set(state?.byNicknameKey.keys() ?? []));
    if (granted === null) return { ok: false, reason: 'room-full' };
    const target = state ?? this.#newRoom(room);
    target.members.set(socketId, { id: socketId, name: bound, nickname: granted, gaveName: name !== undefined });
    target.byName.set(bound, socketId);
    target.byNicknameKey.set(nicknameKey(granted), socketId);
    this.#roomBySocket.set(socketId, room);
    this.#onChange(room);
    return { ok: true, nickname: granted, nicknameChanged: granted !== nickname };
  }

  /** Gives a joined socket a new nickname (suffixed on a clash); null if it is not joined. */
  rename(socketId: string, nickname: string): { nickname: string; nicknameChanged: boolean } | null {
    const room = this.#roomBySocket.get(socketId);
    const state = room === undefined ? undefined : this.#rooms.get(room);
    const member = state?.members.get(socketId);
    if (!state || !member) return null;
    // Our own current nickname does not clash with us.
    const taken = new Set(state.byNicknameKey.keys());
    taken.delete(nicknameKey(member.nickname));
    const granted = freeNickname(nickname, taken);
    if (granted === null) return null;
    state.byNicknameKey.delete(nicknameKey(member.nickname));
    state.byNicknameKey.set(nicknameKey(granted), socketId);
    member.nickname = granted;
    this.#onChange(room!);
    return { nickname: granted, nicknameChanged: granted !== nickname };
  }

  /** Removes the socket; returns the room it left, if any. Empty rooms are dropped so they do not pile up. */
  leave(socketId: string): string | undefined {
    const room = this.#roomBySocket.get(socketId);
    if (room === undefined) return undefined;
    this.#roomBySocket.delete(socketId);
    const state = this.#rooms.get(room)!;
    this.#forget(room, state, state.members.get(socketId)!);
    if (state.members.size === 0) this.#rooms.delete(room);
    this.#onChange(room);
    return room;
  }

  /**
   * Makes `members` the room's members homed on process `home`, replacing what that process had
   * there before (its published list is the truth about its sockets). A look-alike nickname two
   * processes granted in the same instant stays as granted: the index keeps the newer one.
   */
  importHome(room: string, home: string, members: readonly HomedMember[]): void {
    const existing = this.#rooms.get(room);
    for (const member of existing?.members.values() ?? []) {
      if (member.home === home) this.#forget(room, existing!, member);
    }
    if (members.length === 0) {
      if (existing && existing.members.size === 0) this.#rooms.delete(room);
      return;
    }
    const target = this.#rooms.get(room) ?? this.#newRoom(room);
    for (const member of members) {
      // A socket id is one connection on one process: an id we hold ourselves is not replaced.
      if (this.#roomBySocket.has(member.id)) continue;
      target.members.set(member.id, { ...member, home });
      target.byName.set(member.name, member.id);
      target.byNicknameKey.set(nicknameKey(member.nickname), member.id);
      this.#roomBySocket.set(member.id, room);
    }
    if (target.members.size === 0) this.#rooms.delete(room);
  }

  /** This process's own members of `room` (those without a home), as published to the others. */
  ownMembers(room: string): HomedMember[] {
    return [...(this.#rooms.get(room)?.members.values() ?? [])]
      .filter((member) => member.home === undefined)
      .map(({ id, name, nickname, gaveName }) => ({ id, name, nickname, gaveName }));
  }

  /** The homes (other processes) with members in `room`. */
  homesIn(room: string): Set<string> {
    const homes = new Set<string>();
    for (const member of this.#rooms.get(room)?.members.values() ?? []) if (member.home !== undefined) homes.add(member.home);
    return homes;
  }

  /** Every room with members, here or on other processes. */
  allRooms(): string[] {
    return [...this.#rooms.keys()];
  }

  /** The ids of `room`'s members homed on process `home`. */
  homeMembers(room: string, home: string): string[] {
    return [...(this.#rooms.get(room)?.members.values() ?? [])].filter((member) => member.home === home).map((member) => member.id);
  }

  /** Rooms with at least one of this process's own members. */
  ownRooms(): string[] {
    return [...this.#rooms.entries()].filter(([, state]) => [...state.members.values()].some((m) => m.home === undefined)).map(([room]) => room);
  }

  /** Sets a room's mode as another process published it; no listener is told. */
  importMode(room: string, mode: RoomMode): void {
    const state = this.#rooms.get(room);
    if (state) state.mode = { ...mode };
  }

  #forget(room: string, state: Room, member: Member): void {
    state.members.delete(member.id);
    if (state.byName.get(member.name) === member.id) state.byName.delete(member.name);
    const key = nicknameKey(member.nickname);
    if (state.byNicknameKey.get(key) === member.id) state.byNicknameKey.delete(key);
    if (this.#roomBySocket.get(member.id) === room) this.#roomBySocket.delete(member.id);
  }

  modeOf(room: string): RoomMode | undefined {
    return this.#rooms.get(room)?.mode;
  }

  /** Sets the mode of a room that has members; returns false (and keeps nothing) for an empty room. */
  setMode(room: string, mode: RoomMode): boolean {
    const state = this.#rooms.get(room);
    if (!state) return false;
    state.mode = { ...mode };
    this.#onChange(room);
    return true;
  }

  /** The tab name the socket joined under, if it gave one. */
  nameOf(socketId: string): string | undefined {
    const member = this.member(socketId);
    return member?.gaveName ? member.name : undefined;
  }

  nicknameOf(socketId: string): string | undefined {
    return this.member(socketId)?.nickname;
  }

  member(socketId: string): Member | undefined {
    const room = this.#roomBySocket.get(socketId);
    return room === undefined ? undefined : this.#rooms.get(room)?.members.get(socketId);
  }

  roomOf(socketId: string): string | undefined {
    return this.#roomBySocket.get(socketId);
  }

  /** A copy, in join order, so callers cannot alter the registry through it. */
  members(room: string): string[] {
    return [...(this.#rooms.get(room)?.members.keys() ?? [])];
  }

  /** The room's members as the join ack lists them, in join order (copies). */
  roster(room: string): RoomMember[] {
    return [...(this.#rooms.get(room)?.members.values() ?? [])].map(({ id, name, nickname }) => ({ id, name, nickname }));
  }

  size(room: string): number {
    return this.#rooms.get(room)?.members.size ?? 0;
  }

  /** True only when both sockets are joined and share a room; an unknown id is never a match. */
  sameRoom(a: string, b: string): boolean {
    const roomA = this.#roomBySocket.get(a);
    return roomA !== undefined && roomA === this.#roomBySocket.get(b);
  }

  stats(): RoomStats {
    return { rooms: this.#rooms.size, peers: this.#roomBySocket.size };
  }

  #newRoom(room: string): Room {
    const state: Room = { members: new Map(), byName: new Map(), byNicknameKey: new Map() };
    this.#rooms.set(room, state);
    return state;
  }
}
