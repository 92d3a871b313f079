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
  // No automatic rejoin yet: a reconnect would bring a new server-given id (see README).
  return io(url ?? window.location.origin, { transports: ['websocket'], reconnection: false });
}

export function joinRoom(socket: SignallingSocket, room: string, timeoutMs = 10_000): Promise<JoinAck> {
  return new Promise((resolve, reject) => {
    const fail = (message: string) => reject(new Error(message));
    socket.once('connect_error', (error) => fail(`cannot reach the signalling server: ${error.message}`));
    socket.timeout(timeoutMs).emit('join', { room }, (error: Error | null, ack: JoinAck) => {
      if (error) fail(`the signalling server did not answer the join within ${timeoutMs / 1000} s`);
      else resolve(ack);
    });
  });
}
