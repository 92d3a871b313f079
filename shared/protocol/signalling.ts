/**
 * The signalling socket: the only thing the Socket.IO server does is put tabs of one room in touch
 * and carry WebRTC offers, answers and ICE candidates between them. Both ends import these maps,
 * so a renamed event or field is a compile error on both sides. See docs/PROTOCOL.md.
 */
import { z } from 'zod';

export const DEFAULT_ROOM = 'lobby';
/** Room names travel in URLs and are shown on screen: keep them short and plain. */
export const ROOM_NAME_PATTERN = /^[A-Za-z0-9_-]{1,32}$/;
/** One relayed signal (an SDP offer is typically 2–6 KiB). */
export const SIGNAL_MAX_BYTES = 16 * 1024;
/** Engine.IO frame cap (`maxHttpBufferSize`); a bigger frame closes that client's socket. */
export const SIGNALLING_MAX_FRAME_BYTES = 64 * 1024;
/** Socket ids are server-given (20 url-safe chars in Socket.IO 4); accept nothing wilder. */
export const PEER_ID_PATTERN = /^[A-Za-z0-9_-]{1,64}$/;

export const peerIdSchema = z.string().regex(PEER_ID_PATTERN);
export const roomNameSchema = z.string().regex(ROOM_NAME_PATTERN);

/** A tab's own name (kept across reloads and reconnects); shown to others, never used for routing. */
export const tabNameSchema = z.string().regex(/^[A-Za-z0-9_-]{1,64}$/);
export const joinRequestSchema = z.object({ room: roomNameSchema, name: tabNameSchema.optional() });
export type JoinRequest = z.infer<typeof joinRequestSchema>;

/** What simple-peer emits on 'signal' and accepts in `signal()`. Unknown keys are stripped. */
export const signalDataSchema = z.object({
  type: z.enum(['offer', 'answer', 'candidate', 'renegotiate', 'transceiverRequest']),
  sdp: z.string().max(SIGNAL_MAX_BYTES).optional(),
  candidate: z
    .object({
      candidate: z.string().max(1024),
      sdpMLineIndex: z.number().int().min(0).max(64).nullable().optional(),
      sdpMid: z.string().max(64).nullable().optional(),
      usernameFragment: z.string().max(256).nullable().optional(),
    })
    .optional(),
  renegotiate: z.boolean().optional(),
  transceiverRequest: z
    .object({ kind: z.string().max(16), init: z.object({}).optional() })
    .optional(),
});
export type SignalData = z.infer<typeof signalDataSchema>;

export const outgoingSignalSchema = z.object({ to: peerIdSchema, data: signalDataSchema });
export type OutgoingSignal = z.infer<typeof outgoingSignalSchema>;
export type IncomingSignal = { from: string; data: SignalData };

export type SignalErrorCode =
  | 'bad-payload' // not the shape the schema demands
  | 'too-large' // over SIGNAL_MAX_BYTES
  | 'bad-room' // room name fails ROOM_NAME_PATTERN
  | 'already-joined' // one socket, one room
  | 'not-joined' // signalling before joining a room
  | 'unknown-peer'; // the target is not in the sender's room (or has left)

export type SignalError = { code: SignalErrorCode; message: string; event: string };

export type JoinAck =
  | {
      ok: true;
      id: string;
      room: string;
      peers: string[];
      /** Tab names of the listed peers that gave one: after a reconnect, who we are already linked to. */
      names: Record<string, string>;
    }
  | { ok: false; code: SignalErrorCode; message: string };

export interface ClientToServerEvents {
  /** Enter a room. The ack lists the peers already there; the newcomer dials each of them. */
  join: (request: JoinRequest, ack: (result: JoinAck) => void) => void;
  /** Relay one signal to a member of the same room; the server sets `from`. */
  signal: (message: OutgoingSignal) => void;
}

export interface ServerToClientEvents {
  'peer-joined': (peer: { id: string; name?: string }) => void;
  'peer-left': (peer: { id: string }) => void;
  signal: (message: IncomingSignal) => void;
  'signal-error': (error: SignalError) => void;
}

/** UTF-8 length of the JSON form, which is what crosses the socket. */
export function jsonByteLength(value: unknown): number {
  return new TextEncoder().encode(JSON.stringify(value) ?? '').length;
}
