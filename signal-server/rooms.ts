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

/** What a member is known by: `name` as bound at join (its socket id if it gave none), `nickname` as granted. */
export type Member = RoomMember & { gaveName: boolean };

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
    return { nickname: granted, nicknameChanged: granted !== nickname };
  }

  /** Removes the socket; returns the room it left, if any. Empty rooms are dropped so they do not pile up. */
  leave(socketId: string): string | undefined {
    const room = this.#roomBySocket.get(socketId);
    if (room === undefined) return undefined;
    this.#roomBySocket.delete(socketId);
    const state = this.#rooms.get(room)!;
    const member = state.members.get(socketId)!;
    state.members.delete(socketId);
    state.byName.delete(member.name);
    state.byNicknameKey.delete(nicknameKey(member.nickname));
    if (state.members.size === 0) this.#rooms.delete(room);
    return room;
  }

  modeOf(room: string): RoomMode | undefined {
    return this.#rooms.get(room)?.mode;
  }

  /** Sets the mode of a room that has members; returns false (and keeps nothing) for an empty room. */
  setMode(room: string, mode: RoomMode): boolean {
    const state = this.#rooms.get(room);
    if (!state) return false;
    state.mode = { ...mode };
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
