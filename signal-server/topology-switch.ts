/**
 * `set-topology`: any member may switch its whole room between mesh, unstructured and kademlia,
 * until a teacher claims the room (then only teacher sockets may; docs/PROTOCOL.md §2.3).
 * Every tab reloads on a switch, so a room switches at most once per TOPOLOGY_SWITCH_MIN_MS: two
 * students pressing different buttons cannot keep a class reloading.
 */
import { setTopologyRequestSchema, TOPOLOGIES, TOPOLOGY_SWITCH_MIN_MS, type RoomTopology } from '../shared/protocol/signalling';
import type { RoomRegistry } from './rooms';
import { sendError } from './refusals';
import { guarded, socketIoRoom, type SignalIo, type SignalSocket } from './signal-relay';

export type TopologySwitchOptions = {
  now: () => number;
  /** Shortest time between two switches of one room. Default TOPOLOGY_SWITCH_MIN_MS. */
  minIntervalMs?: number;
  onHandlerError?: (error: unknown, event: string) => void;
  /** True when this socket may not switch the room (a teacher claimed it). Default: never. */
  modeLockedFor?: (room: string, socketId: string) => boolean;
};

function handleSetTopology(
  io: SignalIo,
  socket: SignalSocket,
  registry: RoomRegistry,
  options: Required<Omit<TopologySwitchOptions, 'onHandlerError'>>,
  request: unknown,
): void {
  const parsed = setTopologyRequestSchema.safeParse(request);
  if (!parsed.success) {
    sendError(socket, 'set-topology', 'bad-payload', `set-topology expects { topology: ${TOPOLOGIES.map((t) => `"${t}"`).join(' | ')} }.`);
    return;
  }
  const room = registry.roomOf(socket.id);
  const mode = room === undefined ? undefined : registry.modeOf(room);
  if (room === undefined || mode === undefined) {
    sendError(socket, 'set-topology', 'not-joined', 'Join a room before switching its topology.');
    return;
  }
  // Once a teacher has claimed the room, only the teacher's desk switches it (docs/PROTOCOL.md §2.3).
  if (options.modeLockedFor(room, socket.id)) {
    sendError(socket, 'set-topology', 'not-teacher', 'The teacher steers this room: only the teacher can switch its topology.');
    return;
  }
  // The nickname bound to this socket: `by` cannot name someone who did nothing.
  const by = registry.nicknameOf(socket.id) ?? socket.id;
  const result = switchTopology(io, registry, room, parsed.data.topology, by, options.now(), options.minIntervalMs);
  if (!result.ok) sendError(socket, 'set-topology', 'too-soon', result.message);
}

export type SwitchResult = { ok: true } | { ok: false; message: string };

/**
 * Switches a joined room's mode and tells every member, unless it is already that mode (nothing
 * happens) or switched less than `minIntervalMs` ago (refused). `beforeAnnounce` runs just before
 * `topology-changed` goes out, only when the room really switches.
 */
export function switchTopology(
  io: SignalIo,
  registry: RoomRegistry,
  room: string,
  topology: RoomTopology,
  by: string,
  now: number,
  minIntervalMs: number,
  beforeAnnounce?: () => void,
): SwitchResult {
  const mode = registry.modeOf(room);
  // Already the room's mode (or no room): nothing to switch, and no reason to reload anyone.
  if (mode === undefined || topology === mode.topology) return { ok: true };
  if (mode.switchedAt !== null && now - mode.switchedAt < minIntervalMs) {
    const wait = ((mode.switchedAt + minIntervalMs - now) / 1000).toFixed(1);
    return { ok: false, message: `The room switched to ${mode.topology} moments ago (tabs are still reloading); try again in ${wait} s.` };
  }
  registry.setMode(room, { topology, by, switchedAt: now });
  beforeAnnounce?.();
  io.to(socketIoRoom(room)).emit('topology-changed', { topology, by });
  return { ok: true };
}

export function attachTopologySwitch(io: SignalIo, registry: RoomRegistry, options: TopologySwitchOptions): void {
  const settings = {
    now: options.now,
    minIntervalMs: options.minIntervalMs ?? TOPOLOGY_SWITCH_MIN_MS,
    modeLockedFor: options.modeLockedFor ?? (() => false),
  };
  io.on('connection', (socket) => {
    socket.on(
      'set-topology',
      guarded(options.onHandlerError, 'set-topology', (request: unknown) => handleSetTopology(io, socket, registry, settings, request)),
    );
  });
}
