/**
 * `set-topology`: any member may switch its whole room between mesh, unstructured and kademlia.
 * Every tab reloads on a switch, so a room switches at most once per TOPOLOGY_SWITCH_MIN_MS: two
 * students pressing different buttons cannot keep a class reloading.
 */
import { setTopologyRequestSchema, TOPOLOGIES, TOPOLOGY_SWITCH_MIN_MS } from '../shared/protocol/signalling';
import type { RoomRegistry } from './rooms';
import { sendError } from './refusals';
import { guarded, socketIoRoom, type SignalIo, type SignalSocket } from './signal-relay';

export type TopologySwitchOptions = {
  now: () => number;
  /** Shortest time between two switches of one room. Default TOPOLOGY_SWITCH_MIN_MS. */
  minIntervalMs?: number;
  onHandlerError?: (error: unknown, event: string) => void;
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
  const { topology } = parsed.data;
  // Already the room's mode: nothing to switch, and no reason to reload anyone.
  if (topology === mode.topology) return;
  const now = options.now();
  if (mode.switchedAt !== null && now - mode.switchedAt < options.minIntervalMs) {
    const wait = ((mode.switchedAt + options.minIntervalMs - now) / 1000).toFixed(1);
    sendError(socket, 'set-topology', 'too-soon', `The room switched to ${mode.topology} moments ago (tabs are still reloading); try again in ${wait} s.`);
    return;
  }
  // The nickname bound to this socket: `by` cannot name someone who did nothing.
  const by = registry.nicknameOf(socket.id) ?? socket.id;
  registry.setMode(room, { topology, by, switchedAt: now });
  io.to(socketIoRoom(room)).emit('topology-changed', { topology, by });
}

export function attachTopologySwitch(io: SignalIo, registry: RoomRegistry, options: TopologySwitchOptions): void {
  const settings = { now: options.now, minIntervalMs: options.minIntervalMs ?? TOPOLOGY_SWITCH_MIN_MS };
  io.on('connection', (socket) => {
    socket.on(
      'set-topology',
      guarded(options.onHandlerError, 'set-topology', (request: unknown) => handleSetTopology(io, socket, registry, settings, request)),
    );
  });
}
