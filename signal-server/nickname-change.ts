/**
 * `set-nickname`: a joined tab takes a new nickname. Nicknames are display names only, so the
 * rules are those of the join: the names.ts rule, unique in the room by look (a clash gets a
 * suffix), and the whole room, the renamed tab included, hears `peer-renamed`.
 */
import { checkNickname } from '../shared/protocol/names';
import type { SetNicknameAck } from '../shared/protocol/signalling';
import { sendError } from './refusals';
import type { RoomRegistry } from './rooms';
import { guarded, NAME_RULE, socketIoRoom, type SignalIo, type SignalSocket } from './signal-relay';

function handleSetNickname(io: SignalIo, socket: SignalSocket, registry: RoomRegistry, request: unknown, ack: unknown): void {
  const reply = typeof ack === 'function' ? (ack as (result: SetNicknameAck) => void) : undefined;
  const refuse = (code: 'bad-payload' | 'bad-name' | 'not-joined', message: string) => {
    reply?.({ ok: false, code, message });
    sendError(socket, 'set-nickname', code, message);
  };
  if (reply === undefined) return refuse('bad-payload', 'set-nickname needs an acknowledgement callback: emit("set-nickname", { nickname }, callback).');
  const raw = typeof request === 'object' && request !== null ? (request as { nickname?: unknown }).nickname : undefined;
  if (typeof raw !== 'string') return refuse('bad-payload', 'set-nickname expects { nickname: "Amy" }.');
  const check = checkNickname(raw);
  if (!check.ok) return refuse('bad-name', `That nickname cannot be used (${check.problem}): ${NAME_RULE.nickname}`);
  const room = registry.roomOf(socket.id);
  const renamed = room === undefined ? null : registry.rename(socket.id, check.value);
  if (room === undefined || renamed === null) return refuse('not-joined', 'Join a room before choosing a nickname in it.');
  reply({ ok: true, ...renamed });
  io.to(socketIoRoom(room)).emit('peer-renamed', { id: socket.id, nickname: renamed.nickname });
}

export function attachNicknameChange(io: SignalIo, registry: RoomRegistry, onHandlerError?: (error: unknown, event: string) => void): void {
  io.on('connection', (socket) => {
    socket.on(
      'set-nickname',
      guarded(onHandlerError, 'set-nickname', (request: unknown, ack: unknown) => handleSetNickname(io, socket, registry, request, ack)),
    );
  });
}
