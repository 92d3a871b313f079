/**
 * How rooms shared across signalling processes are laid out in Redis (room-replica.ts keeps them):
 * key names, how long each lives, the announcement on ROOMS_CHANNEL, and which version wins.
 * docs/PROTOCOL.md §2.4 describes the same layout for people.
 */
import type { SharedRoomSettings } from './room-settings';
import type { HomedMember, RoomMode } from './rooms';
import { EMPTY_ROOM_GRACE_MS } from './room-settings';

export const ROOMS_CHANNEL = 'meshchain:rooms';
export const KEY_PREFIX = 'meshchain:room:';
export const LIVENESS_PREFIX = 'meshchain:home:';
/** How often a process refreshes its keys and looks for processes that died. */
export const HEARTBEAT_MS = 5_000;
/**
 * A home's member lists and liveness outlive three missed heartbeats, no more; a process that died
 * is dropped after its key lapsed on two heartbeats, so within HOME_TTL_MS + 2 × HEARTBEAT_MS.
 */
export const HOME_TTL_MS = 3 * HEARTBEAT_MS;
/** A room's mode and settings outlive its emptiness grace, so a reset room comes back as set. */
export const ROOM_TTL_MS = EMPTY_ROOM_GRACE_MS + 2 * HEARTBEAT_MS;

export type Versioned<T> = { value: T; rev: number; home: string };
/** One announcement on ROOMS_CHANNEL: the sender's members of the room and its view of the room. */
export type RoomAnnouncement = {
  home: string;
  room: string;
  members: HomedMember[];
  /** The sender's count of its member writes: a list older than one already applied is ignored. */
  seq: number;
  mode: Versioned<RoomMode> | null;
  settings: Versioned<SharedRoomSettings> | null;
  /** Sent by a survivor for a process that died: its members have left (their tabs must be told). */
  lost?: true;
};

export const newer = (a: { rev: number; home: string }, b: { rev: number; home: string } | undefined) =>
  b === undefined || a.rev > b.rev || (a.rev === b.rev && a.home > b.home);

/** A hash: process id → that process's members of the room (`{seq, members}` JSON). Each process writes only its field. */
export const membersKey = (room: string) => `${KEY_PREFIX}${room}:members`;
export const modeKey = (room: string) => `${KEY_PREFIX}${room}:mode`;
export const settingsKey = (room: string) => `${KEY_PREFIX}${room}:settings`;

export function parseJson(raw: string | null): unknown {
  if (raw === null) return null;
  try {
    return JSON.parse(raw);
  } catch {
    return null; // not ours: only meshchain processes write these keys
  }
}
