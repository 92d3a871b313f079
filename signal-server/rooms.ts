/**
 * Who is in which room, kept apart from Socket.IO so the rules (one room per socket, empty rooms
 * vanish) are plain data that tests can drive without a network. Socket.IO keeps its own room
 * sets for broadcasting; this registry is the authority the relay consults before it forwards.
 */

import type { RoomTopology } from '../shared/protocol/signalling';

export type RoomStats = { rooms: number; peers: number };

/** A room's topology, who set it, and when it last switched (null: never, only set by the first member). */
export type RoomMode = { topology: RoomTopology; by: string; switchedAt: number | null };

export class RoomRegistry {
  readonly #roomBySocket = new Map<string, string>();
  readonly #membersByRoom = new Map<string, Set<string>>();
  /** Tab names as the tabs gave them: for display and reconnects only, never for routing. */
  readonly #nameBySocket = new Map<string, string>();
  /** One mode per non-empty room; it goes with the room, so the next class starts afresh. */
  readonly #modeByRoom = new Map<string, RoomMode>();

  /** Adds the socket to the room. Returns false (and changes nothing) if it is already in one. */
  join(socketId: string, room: string, name?: string): boolean {
    if (this.#roomBySocket.has(socketId)) return false;
    this.#roomBySocket.set(socketId, room);
    if (name !== undefined) this.#nameBySocket.set(socketId, name);
    let members = this.#membersByRoom.get(room);
    if (!members) {
      members = new Set();
      this.#membersByRoom.set(room, members);
    }
    members.add(socketId);
    return true;
  }

  /** Removes the socket; returns the room it left, if any. Empty rooms are dropped so they do not pile up. */
  leave(socketId: string): string | undefined {
    const room = this.#roomBySocket.get(socketId);
    if (room === undefined) return undefined;
    this.#roomBySocket.delete(socketId);
    this.#nameBySocket.delete(socketId);
    const members = this.#membersByRoom.get(room);
    members?.delete(socketId);
    if (members && members.size === 0) {
      this.#membersByRoom.delete(room);
      this.#modeByRoom.delete(room);
    }
    return room;
  }

  modeOf(room: string): RoomMode | undefined {
    return this.#modeByRoom.get(room);
  }

  /** Sets the mode of a room that has members; returns false (and keeps nothing) for an empty room. */
  setMode(room: string, mode: RoomMode): boolean {
    if (!this.#membersByRoom.has(room)) return false;
    this.#modeByRoom.set(room, { ...mode });
    return true;
  }

  nameOf(socketId: string): string | undefined {
    return this.#nameBySocket.get(socketId);
  }

  roomOf(socketId: string): string | undefined {
    return this.#roomBySocket.get(socketId);
  }

  /** A copy, in join order, so callers cannot alter the registry through it. */
  members(room: string): string[] {
    return [...(this.#membersByRoom.get(room) ?? [])];
  }

  /** True only when both sockets are joined and share a room; an unknown id is never a match. */
  sameRoom(a: string, b: string): boolean {
    const roomA = this.#roomBySocket.get(a);
    return roomA !== undefined && roomA === this.#roomBySocket.get(b);
  }

  stats(): RoomStats {
    return { rooms: this.#membersByRoom.size, peers: this.#roomBySocket.size };
  }
}
