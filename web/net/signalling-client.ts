/**
 * The tab's side of the signalling socket: join a room, then send and receive WebRTC signals.
 * Typed with the same event maps the server uses (shared/protocol/signalling).
 */
import { io, type Socket } from 'socket.io-client';
import type {
  ClientToServerEvents,
  JoinAck,
  ServerToClientEvents,
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

export function joinRoom(socket: SignallingSocket, room: string, name: string, timeoutMs = 10_000): Promise<JoinAck> {
  return new Promise((resolve, reject) => {
    const onConnectError = (error: Error) => {
      socket.off('connect_error', onConnectError);
      reject(new Error(`cannot reach the signalling server: ${error.message}`));
    };
    socket.once('connect_error', onConnectError);
    socket.timeout(timeoutMs).emit('join', { room, name }, (error: Error | null, ack: JoinAck) => {
      socket.off('connect_error', onConnectError);
      if (error) reject(new Error(`the signalling server did not answer the join within ${timeoutMs / 1000} s`));
      else resolve(ack);
    });
  });
}
