/**
 * `claim-teacher` and `room-control`: the server half of the teacher's desk. The key is checked on
 * every message (in constant time, teacher-key.ts) before anything else about the request is
 * looked at or answered; a wrong key is scored so a socket that guesses is dropped (budgets.ts).
 * A control applies to the sender's own room only, and every accepted change reaches every member
 * as `room-settings`. Nothing sent to any socket, and nothing logged, contains the key.
 */
import {
  claimTeacherRequestSchema,
  roomControlSchema,
  teacherKeySchema,
  type ControlAck,
  type ControlErrorCode,
  type RoomControl,
} from '../shared/protocol/room-controls';
import type { SignalErrorCode, SignalEvent } from '../shared/protocol/signalling';
import { scoreRefusal } from './refusals';
import type { RoomSettingsStore } from './room-settings';
import type { RoomRegistry } from './rooms';
import { guarded, socketIoRoom, type SignalIo, type SignalSocket } from './signal-relay';
import { KICK_BAN_MS } from './room-settings';
import { switchTopology } from './topology-switch';

export type TeacherDeskOptions = {
  /** Tells whether a key is the server's (teacherKeyCheck). */
  keyMatches: (given: string) => boolean;
  now: () => number;
  /** Shortest time between two topology switches of one room (the same rule students have). */
  minIntervalMs: number;
  onHandlerError?: (error: unknown, event: string) => void;
  /** Resolves once room changes made here are shared with the other processes (none: at once). */
  shared?: () => Promise<void>;
};

type Refusal = { ok: false; code: ControlErrorCode; message: string };

/** What each refusal costs the socket's score (budgets.ts PENALTIES). */
const PENALTY_CODE: Record<ControlErrorCode, SignalErrorCode> = {
  'no-teacher-key': 'bad-payload',
  'wrong-key': 'wrong-key',
  'not-joined': 'not-joined',
  'not-teacher': 'not-teacher',
  'rate-limited': 'rate-limited',
  'bad-control': 'bad-payload',
  'unknown-peer': 'unknown-peer',
};

const NO_KEY = 'This needs the teacher key: open the teacher link that `npm start` printed on the teacher\'s computer.';
const WRONG_KEY = 'That is not this server\'s teacher key (it changes every time the server starts unless TEACHER_KEY is set). Repeated wrong keys close the connection.';

/** The key from an untrusted request, or the refusal; the key itself never goes into a message. */
function checkKey(request: unknown, keyMatches: (given: string) => boolean): Refusal | null {
  const key = typeof request === 'object' && request !== null ? (request as { key?: unknown }).key : undefined;
  const parsed = teacherKeySchema.safeParse(key);
  if (!parsed.success) return { ok: false, code: 'no-teacher-key', message: NO_KEY };
  if (!keyMatches(parsed.data)) return { ok: false, code: 'wrong-key', message: WRONG_KEY };
  return null;
}

/** zod's first issue, with its path, never the value (a control may be kilobytes of junk). */
function controlProblem(raw: unknown): Refusal {
  const parsed = roomControlSchema.safeParse(raw);
  const issue = parsed.success ? undefined : parsed.error.issues[0];
  const where = issue && issue.path.length > 0 ? `${issue.path.join('.')}: ` : '';
  return {
    ok: false,
    code: 'bad-control',
    message: `Not a room control (${where}${issue?.message ?? 'unexpected shape'}). Expected { key, control: { kind: "conditions" | "mining" | "overlay" | "reset" | "kick", … } } for your own room.`,
  };
}

export function attachTeacherDesk(io: SignalIo, registry: RoomRegistry, store: RoomSettingsStore, options: TeacherDeskOptions): void {
  const tell = (room: string) => io.to(socketIoRoom(room)).emit('room-settings', store.settingsOf(room));
  // With other processes, a tab hears of new settings only once its own process can enforce them.
  const broadcast = (room: string) => {
    if (options.shared === undefined) return tell(room);
    void options.shared().then(() => tell(room), (error: unknown) => options.onHandlerError?.(error, 'room-settings'));
  };

  /** Common gate: an ack to answer, a right key, a joined socket. Returns the room or null (answered). */
  const admit = (socket: SignalSocket, event: SignalEvent, request: unknown, ack: unknown): { room: string; reply: (r: ControlAck) => void } | null => {
    if (typeof ack !== 'function') {
      scoreRefusal(socket, 'bad-payload');
      socket.emit('signal-error', { code: 'bad-payload', message: `${event} needs an acknowledgement callback.`, event });
      return null;
    }
    const reply = (result: ControlAck) => {
      // Answer first: a refusal that tips the score over the limit closes the socket.
      (ack as (r: ControlAck) => void)(result);
      if (!result.ok) scoreRefusal(socket, PENALTY_CODE[result.code]);
    };
    const keyRefusal = checkKey(request, options.keyMatches);
    if (keyRefusal) {
      reply(keyRefusal);
      return null;
    }
    const room = registry.roomOf(socket.id);
    if (room === undefined) {
      reply({ ok: false, code: 'not-joined', message: 'Join the room first: a teacher steers the room its tab is in.' });
      return null;
    }
    return { room, reply };
  };

  const handleClaim = (socket: SignalSocket, request: unknown, ack: unknown) => {
    const gate = admit(socket, 'claim-teacher', request, ack);
    if (!gate) return;
    if (!claimTeacherRequestSchema.safeParse(request).success) {
      gate.reply({ ok: false, code: 'bad-control', message: 'claim-teacher expects exactly { key }.' });
      return;
    }
    const { settings, changed } = store.claim(gate.room, socket.id);
    gate.reply({ ok: true, settings });
    if (changed) broadcast(gate.room);
  };

  const handleControl = (socket: SignalSocket, request: unknown, ack: unknown) => {
    const gate = admit(socket, 'room-control', request, ack);
    if (!gate) return;
    const { room, reply } = gate;
    const fields = Object.keys(request as object);
    if (fields.some((field) => field !== 'key' && field !== 'control')) {
      // Notably `room`: a control always applies to the sender's own room.
      reply({ ok: false, code: 'bad-control', message: 'room-control takes only { key, control }: a control applies to your own room, never another.' });
      return;
    }
    const raw = (request as { control?: unknown }).control;
    const parsed = roomControlSchema.safeParse(raw);
    if (!parsed.success) {
      reply(controlProblem(raw));
      return;
    }
    // The right key is a claim: a desk that reconnected need not claim again before acting.
    if (store.claim(room, socket.id).changed) broadcast(room);
    const control = parsed.data as RoomControl;
    if (control.kind === 'kick') return kick(socket, room, control.id, reply);
    if (control.kind === 'overlay' && control.topology !== undefined) {
      const by = registry.nicknameOf(socket.id) ?? socket.id;
      let applied = false;
      const switched = switchTopology(io, registry, room, control.topology, by, options.now(), options.minIntervalMs, () => {
        store.apply(room, control);
        broadcast(room); // before topology-changed: tabs reload on that, and rejoin with these settings
        applied = true;
      });
      if (!switched.ok) {
        // The same 3 s rule as students: a switch reloads every tab, so nothing of this control is applied.
        reply({ ok: false, code: 'rate-limited', message: switched.message });
        return;
      }
      if (applied) return reply({ ok: true, settings: store.settingsOf(room) });
    }
    store.apply(room, control);
    reply({ ok: true, settings: store.settingsOf(room) });
    broadcast(room);
  };

  const kick = (socket: SignalSocket, room: string, id: string, reply: (r: ControlAck) => void) => {
    const member = registry.member(id);
    // The tab may be connected to another signalling process (REDIS_URL): the adapter reaches it.
    if (id === socket.id || member === undefined || !registry.sameRoom(socket.id, id)) {
      const why = id === socket.id ? 'a desk cannot kick its own tab' : 'no tab with that id is in your room';
      reply({ ok: false, code: 'unknown-peer', message: `Cannot kick "${id}": ${why}.` });
      return;
    }
    store.ban(room, member.name);
    const by = registry.nicknameOf(socket.id) ?? 'the teacher';
    io.to(id).emit('kicked', {
      reason: `The teacher (${by}) removed this tab from room "${room}". It may rejoin in ${KICK_BAN_MS / 1000} s.`,
    });
    io.in(id).disconnectSockets(true);
    reply({ ok: true, settings: store.settingsOf(room) });
  };

  io.on('connection', (socket) => {
    socket.on('claim-teacher', guarded(options.onHandlerError, 'claim-teacher', (request: unknown, ack: unknown) => handleClaim(socket, request, ack)));
    socket.on('room-control', guarded(options.onHandlerError, 'room-control', (request: unknown, ack: unknown) => handleControl(socket, request, ack)));
    // 'disconnecting': the registry still lists the socket, so we know its room and whether it was the last.
    socket.on('disconnecting', guarded(options.onHandlerError, 'disconnecting', () => {
      const room = registry.roomOf(socket.id);
      if (room !== undefined) store.leave(room, socket.id, registry.size(room) <= 1);
    }));
  });
}
