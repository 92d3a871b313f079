/**
 * The tab's side of the signalling socket: join a room, then send and receive WebRTC signals.
 * Typed with the same event maps the server uses (shared/protocol/signalling).
 */
import { io, type Socket } from 'socket.io-client';
import type { ClockSample } from '../../shared/telemetry/clock-offset';
import type {
  ClientToServerEvents,
  JoinAck,
  JoinRequest,
  ServerToClientEvents,
  SetNicknameAck,
} from '../../shared/protocol/signalling';

export type SignallingSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

export function connectSignalling(url?: string): SignallingSocket {
  // Reconnects by itself (with back-off) when the server comes back; the session then rejoins.
  return io(url ?? window.location.origin, {
    transports: ['websocket'],
    reconnection: true,
    reconnectionDelay: 500,
    reconnectionDelayMax: 3_000,
  });
}

/** Why a join got no answer at all (a refusal is an ack with ok: false instead). */
export class JoinError extends Error {
  constructor(
    readonly code: 'unreachable' | 'timeout',
    message: string,
    /** For 'timeout': how long we waited, in seconds. */
    readonly seconds = 0,
  ) {
    super(message);
  }
}

/** `topology`: the mode this tab runs, which the room adopts if the tab is its first member. */
export function joinRoom(socket: SignallingSocket, request: JoinRequest, timeoutMs = 10_000): Promise<JoinAck> {
  return new Promise((resolve, reject) => {
    const onConnectError = (error: Error) => {
      socket.off('connect_error', onConnectError);
      reject(new JoinError('unreachable', error.message)); // the page's own sentence says what failed
    };
    socket.once('connect_error', onConnectError);
    socket.timeout(timeoutMs).emit('join', request, (error: Error | null, ack: JoinAck) => {
      socket.off('connect_error', onConnectError);
      if (error) reject(new JoinError('timeout', `the signalling server did not answer the join within ${timeoutMs / 1000} s`, timeoutMs / 1000));
      else resolve(ack);
    });
  });
}

/** Asks the server to rename this tab; null when it does not answer in time (or we are offline). */
export async function requestNickname(socket: SignallingSocket, nickname: string, timeoutMs = 5_000): Promise<SetNicknameAck | null> {
  if (!socket.connected) return null;
  try {
    return await socket.timeout(timeoutMs).emitWithAck('set-nickname', { nickname });
  } catch {
    return null;
  }
}

/** One reading of the server's clock, with the local times around it; null if it takes too long. */
export async function sampleServerClock(socket: SignallingSocket, now: () => number, timeoutMs = 5_000): Promise<ClockSample | null> {
  const sentAt = now();
  try {
    const { serverTime } = await socket.timeout(timeoutMs).emitWithAck('clock');
    return { sentAt, serverTime, receivedAt: now() };
  } catch {
    return null; // disconnected or slow: the next sample will do
  }
}

/**
 * `GET /join-info`: the addresses other machines of the LAN reach this server at, for the join
 * card. Checked like anything from the network; an empty list when it cannot be had (the card
 * then uses the page's own address).
 */
export async function fetchJoinInfo(origin = window.location.origin): Promise<string[]> {
  try {
    const response = await fetch(`${origin}/join-info`, { cache: 'no-store' });
    if (!response.ok) return [];
    const body: unknown = await response.json();
    const lanOrigins = (body as { lanOrigins?: unknown } | null)?.lanOrigins;
    if (!Array.isArray(lanOrigins)) return [];
    return lanOrigins.filter((o): o is string => typeof o === 'string' && o.length <= 200).slice(0, 16);
  } catch {
    return []; // offline or not our server: the page's own address will do
  }
}
