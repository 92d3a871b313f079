/**
 * A room of a class's size must link up and stay usable by default. A full mesh gives every tab a
 * link to every other: fine for a dozen tabs, but a 32-tab mesh is 496 links, 31 WebRTC connections
 * per tab, and on two loaded cores links time out before the mesh completes (measured: never
 * complete at 32 tabs, 74 s at 24). So a room whose mesh nobody asked for (no ?topology= at its
 * first join, never switched, not locked by a teacher) switches to the unstructured overlay when it
 * grows past MESH_DEFAULT_MAX_TABS: each tab then keeps a few links, scaled to the room
 * (shared/overlay/room-scale.ts), and blocks still reach everyone hop by hop. Every tab reloads once, as
 * for any switch; a room that asked for the mesh keeps it.
 */
import { MESH_DEFAULT_MAX_TABS, type RoomTopology } from '../shared/protocol/signalling';
import type { RoomMode } from './rooms';

export { CLASS_SIZE_SWITCHER, MESH_DEFAULT_MAX_TABS } from '../shared/protocol/signalling';

/** The mode a room should switch to now that it has `members` tabs, or null to keep its own. */
export function outgrownMode(mode: RoomMode, members: number, lockedByTeacher: boolean): RoomTopology | null {
  if (mode.chosen !== false || mode.switchedAt !== null || lockedByTeacher) return null;
  return mode.topology === 'mesh' && members > MESH_DEFAULT_MAX_TABS ? 'unstructured' : null;
}
