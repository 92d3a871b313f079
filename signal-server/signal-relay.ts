/**
 * The signalling rules: which socket may join which room and whom it may signal. Every frame is
 * hostile until zod says otherwise, and no handler may throw, because one process serves every
 * tab of the LAN and a throw inside a Socket.IO listener would crash it for all of them.
 */
import type { Server, Socket } from 'socket.io';
import { checkNickname, checkRoomName } from '../shared/protocol/names';
import {
  joinRequestSchema,
  jsonByteLength,
  tabNameSchema,
  outgoingSignalSchema,
  type ClientToServerEvents,
  type JoinAck,
  type ServerToClientEvents,
  type SignalErrorCode,
} from '../shared/protocol/signalling';
import { DEFAULT_ROOM_SETTINGS } from '../shared/protocol/room-controls';
import { sendError } from './refusals';
import type { RoomSettingsStore } from './room-settings';
import type { RoomMode, RoomRegistry } from './rooms';
import { CLASS_SIZE_SWITCHER, outgrownMode } from './class-size';

/** How each name rule reads to a person, for refusals. */
export const NAME_RULE = {
  room: 'room names are 1 to 32 characters in any script, without control, bidi or invisible characters, and without / ? # % \\ or :.',
  nickname: 'nicknames are 1 to 24 characters in any script, without control, bidi or invisible characters, and not a reserved word such as "self".',
} as const;

export type SignalIo = Server<ClientToServerEvents, ServerToClientEvents>;
export type SignalSocket = Socket<ClientToServerEvents, ServerToClientEvents>;

export type RelayOptions = {
  maxSignalBytes: number;
  /** The server's clock: join acks carry it, and the room's topology switches are timed by it. */
  now: () => number;
  /** Told about anything a handler threw (a bug, since input is validated); the client is not. */
  onHandlerError?: (error: unknown, event: string) => void;
  /** The teacher's settings per room: join acks carry them, kicked names wait, partitions bound signals. */
  settings?: RoomSettingsStore;
  /**
   * Resolves once room changes made here are shared with the other processes and the room's members
   * are as Redis holds them (none: at once). A join is answered only then (cluster.ts).
   */
  settled?: (room: string) => Promise<void>;
};

/**
 * Socket.IO also puts each socket in a room named after its id, and a room name like
 * "AbCd1234..." is a valid id. The prefix contains ':', which neither room names nor ids may
 * contain, so a room can never alias a socket's private room and leak broadcasts to it.
 */
export function socketIoRoom(room: string): string {
  return `room:${room}`;
}

export { sendError };

/**
 * Wraps a listener so that a throw (a bug, since input is validated) is reported and swallowed:
 * a throw inside a Socket.IO listener would crash the server for every tab of the LAN.
 */
export function guarded<A extends unknown[]>(
  onHandlerError: ((error: unknown, event: string) => void) | undefined,
  event: string,
  handler: (...args: A) => void,
): (...args: A) => void {
  return (...args: A): void => {
    try {
      handler(...args);
    } catch (error) {
      onHandlerError?.(error, event);
    }
  };
}

const JOIN_SHAPE =
  'join expects an object like { room: "數學課", name: "tab-1", nickname: "Amy", topology: "mesh" } (name optional: 1 to 64 letters, digits, "_" or "-"; nickname optional; topology optional: mesh, unstructured or kademlia).';

/** Why a join request was refused, as specific as we can say without echoing what was sent. */
function joinRefusal(request: unknown): { code: SignalErrorCode; message: string } {
  if (typeof request !== 'object' || request === null) return { code: 'bad-payload', message: JOIN_SHAPE };
  const { room, name, nickname } = request as { room?: unknown; name?: unknown; nickname?: unknown };
  // The refused name is not echoed: it may be 60 KiB of junk.
  if (typeof room === 'string') {
    const check = checkRoomName(room);
    if (!check.ok) return { code: 'bad-room', message: `That room name cannot be used (${check.problem}): ${NAME_RULE.room}` };
  }
  if (typeof name === 'string' && !tabNameSchema.safeParse(name).success) {
    return { code: 'bad-name', message: 'Tab names are 1 to 64 letters, digits, "_" or "-", and not a reserved word such as "self".' };
  }
  if (typeof nickname === 'string') {
    const check = checkNickname(nickname);
    if (!check.ok) return { code: 'bad-name', message: `That nickname cannot be used (${check.problem}): ${NAME_RULE.nickname}` };
  }
  return { code: 'bad-payload', message: JOIN_SHAPE };
}

function handleJoin(socket: SignalSocket, registry: RoomRegistry, options: RelayOptions, request: unknown, ack: unknown): void {
  if (typeof ack !== 'function') {
    sendError(socket, 'join', 'bad-payload', 'join needs an acknowledgement callback: emit("join", { room }, callback).');
    return;
  }
  const reply = ack as (result: JoinAck) => void;
  const parsed = joinRequestSchema.safeParse(request);
  if (!parsed.success) {
    reply({ ok: false, ...joinRefusal(request) });
    return;
  }
  const current = registry.roomOf(socket.id);
  if (current !== undefined) {
    reply({
      ok: false,
      code: 'already-joined',
      message: `This connection is already in room "${current}"; reconnect to change rooms.`,
    });
    return;
  }
  // `room` is the NFC form: two spellings that normalise the same are one room.
  const { room, name, nickname, topology } = parsed.data;
  const banned = name === undefined ? 0 : (options.settings?.bannedFor(room, name) ?? 0);
  if (banned > 0) {
    reply({ ok: false, code: 'kicked', message: `The teacher removed this tab from the room; it may rejoin in ${Math.ceil(banned / 1000)} s.` });
    return;
  }
  const admission = registry.admit(socket.id, room, name, nickname);
  if (!admission.ok) {
    reply({ ok: false, code: admission.reason === 'room-full' ? 'bad-name' : admission.reason, message: ADMISSION_MESSAGES[admission.reason] });
    return;
  }
  // The first member sets the room's mode; everyone after is told it and switches to it.
  let mode = registry.modeOf(room);
  if (mode === undefined) {
    mode = { topology: topology ?? 'mesh', by: admission.nickname, switchedAt: null, chosen: topology !== undefined };
    registry.setMode(room, mode);
  }
  void socket.join(socketIoRoom(room));
  options.settings?.joined(room);
  const answer = () => {
    if (registry.roomOf(socket.id) !== room) return; // it left while the room was being shared
    welcome(socket, registry, options, reply, { room, name, admission, mode: mode! });
  };
  if (options.settled === undefined) answer();
  else void options.settled(room).then(answer).catch((error: unknown) => options.onHandlerError?.(error, 'join'));
}

type Welcome = {
  room: string;
  name: string | undefined;
  admission: { nickname: string; nicknameChanged: boolean };
  mode: RoomMode;
};

/** The join's answer and what the room hears of it, once the member is admitted (and shared). */
function welcome(socket: SignalSocket, registry: RoomRegistry, options: RelayOptions, reply: (result: JoinAck) => void, joinedAs: Welcome): void {
  const { room, name, admission, mode } = joinedAs;
  // The room as it is now (with other processes, as Redis holds it), in join order, without us.
  const peers = registry.members(room).filter((id) => id !== socket.id);
  const members = registry.roster(room).filter((member) => member.id !== socket.id);
  const names: Record<string, string> = {};
  for (const id of peers) {
    const peerName = registry.nameOf(id);
    if (peerName !== undefined) names[id] = peerName;
  }
  reply({
    ok: true,
    id: socket.id,
    room,
    peers,
    names,
    members,
    nickname: admission.nickname,
    nicknameChanged: admission.nicknameChanged,
    topology: mode.topology,
    by: mode.by,
    serverTime: options.now(),
    settings: options.settings?.settingsOf(room) ?? DEFAULT_ROOM_SETTINGS,
  });
  const joined = { id: socket.id, nickname: admission.nickname };
  socket.to(socketIoRoom(room)).emit('peer-joined', name === undefined ? joined : { ...joined, name });
  // A class-sized room in a mesh nobody asked for moves to bounded links (class-size.ts).
  const settings = options.settings?.settingsOf(room) ?? DEFAULT_ROOM_SETTINGS;
  const outgrown = outgrownMode(mode, registry.size(room), settings.overlay.locked);
  if (outgrown !== null) {
    registry.setMode(room, { topology: outgrown, by: CLASS_SIZE_SWITCHER, switchedAt: options.now() });
    socket.nsp.to(socketIoRoom(room)).emit('topology-changed', { topology: outgrown, by: CLASS_SIZE_SWITCHER });
  }
}

const ADMISSION_MESSAGES = {
  'already-joined': 'This connection is already in a room; reconnect to change rooms.',
  'name-taken':
    'Another tab of this room holds that tab name (perhaps this tab before a reload, not yet gone): retry in a second, and take a fresh name if it stays taken.',
  'room-full': 'No free nickname is left in this room.',
} as const;

function handleSignal(io: SignalIo, socket: SignalSocket, registry: RoomRegistry, options: RelayOptions, message: unknown) {
  // Size first, so a huge payload costs one stringify and never reaches the schema.
  const bytes = jsonByteLength(message);
  if (bytes > options.maxSignalBytes) {
    sendError(socket, 'signal', 'too-large', `Signal is ${bytes} bytes; the limit is ${options.maxSignalBytes}.`);
    return;
  }
  const parsed = outgoingSignalSchema.safeParse(message);
  if (!parsed.success) {
    sendError(socket, 'signal', 'bad-payload', 'signal expects { to: peerId, data: { type: "offer" | "answer" | "candidate" | ... } }.');
    return;
  }
  if (registry.roomOf(socket.id) === undefined) {
    sendError(socket, 'signal', 'not-joined', 'Join a room before sending signals.');
    return;
  }
  const { to, data } = parsed.data;
  // A member on another signalling process (REDIS_URL) is reached through the adapter.
  const target = io.sockets.sockets.get(to);
  const elsewhere = target === undefined && registry.member(to)?.home !== undefined;
  if (to === socket.id || (!target && !elsewhere) || !registry.sameRoom(socket.id, to)) {
    const why = to === socket.id ? 'a peer cannot signal itself' : 'it is not in your room or has left';
    sendError(socket, 'signal', 'unknown-peer', `Cannot deliver to peer "${to}": ${why}.`);
    return;
  }
  // The teacher's partition holds here too, so no new link is made across it (docs/PROTOCOL.md §2.3).
  const room = registry.roomOf(socket.id)!;
  const fromName = registry.member(socket.id)?.name ?? socket.id;
  const toName = registry.member(to)?.name ?? to;
  if (options.settings && !options.settings.canSignal(room, fromName, toName)) {
    sendError(socket, 'signal', 'partitioned', `Cannot deliver to peer "${to}": the teacher's partition puts it in another group.`);
    return;
  }
  // `from` comes from the connection, never the payload, and only the schema-stripped data goes
  // on, so a client can neither impersonate a peer nor smuggle extra fields to it.
  if (target) target.emit('signal', { from: socket.id, data });
  else io.to(to).emit('signal', { from: socket.id, data });
}

function handleDisconnect(io: SignalIo, socket: SignalSocket, registry: RoomRegistry): void {
  const room = registry.leave(socket.id);
  if (room !== undefined) io.to(socketIoRoom(room)).emit('peer-left', { id: socket.id });
}

/** Wires the join/signal/disconnect rules onto every connection of `io`. */
export function attachSignalRelay(io: SignalIo, registry: RoomRegistry, options: RelayOptions): void {
  const guard = <A extends unknown[]>(event: string, handler: (...args: A) => void) =>
    guarded(options.onHandlerError, event, handler);

  io.on('connection', (socket) => {
    // Listeners are typed `unknown`: the event maps describe honest clients, not what arrives.
    socket.on('join', guard('join', (request: unknown, ack: unknown) => handleJoin(socket, registry, options, request, ack)));
    socket.on('signal', guard('signal', (message: unknown) => handleSignal(io, socket, registry, options, message)));
    socket.on('disconnect', guard('disconnect', () => handleDisconnect(io, socket, registry)));
  });
}
