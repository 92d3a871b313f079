/**
 * The signalling socket: the only thing the Socket.IO server does is put tabs of one room in touch
 * and carry WebRTC offers, answers and ICE candidates between them. Both ends import these maps,
 * so a renamed event or field is a compile error on both sides. See docs/PROTOCOL.md.
 */
import { z } from 'zod';
import type { ReportBody, RoomReport } from './room-report';

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

/**
 * How the tabs of a room pick their links. The room has one mode, kept by the server, so a whole
 * class switches together: mesh (everyone to everyone), unstructured (a few random links, Bitcoin's
 * way) or kademlia (routing-table contacts by XOR distance).
 */
export const TOPOLOGIES = ['mesh', 'unstructured', 'kademlia'] as const;
export type RoomTopology = (typeof TOPOLOGIES)[number];
export const topologySchema = z.enum(TOPOLOGIES);
/** A room switches at most once per this many ms: a switch reloads every tab of the room. */
export const TOPOLOGY_SWITCH_MIN_MS = 3_000;
export const setTopologyRequestSchema = z.object({ topology: topologySchema });
export type SetTopologyRequest = z.infer<typeof setTopologyRequestSchema>;
/** `by` is the tab name (or, for a tab that gave none, the socket id) of whoever set the mode. */
export type TopologyChanged = { topology: RoomTopology; by: string };

/** `topology`: the mode this tab runs; it becomes the room's if the room is empty, else it is ignored. */
export const joinRequestSchema = z.object({
  room: roomNameSchema,
  name: tabNameSchema.optional(),
  topology: topologySchema.optional(),
});
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
  | 'unknown-peer' // the target is not in the sender's room (or has left)
  | 'too-soon'; // the room's topology changed less than TOPOLOGY_SWITCH_MIN_MS ago

/** The client events the server may refuse with a `signal-error`. */
export type SignalEvent = 'join' | 'signal' | 'set-topology' | 'report' | 'clock';
export type SignalError = { code: SignalErrorCode; message: string; event: SignalEvent };

export type JoinAck =
  | {
      ok: true;
      id: string;
      room: string;
      peers: string[];
      /** Tab names of the listed peers that gave one: after a reconnect, who we are already linked to. */
      names: Record<string, string>;
      /** The room's mode and who set it: a tab running another mode switches to this one. */
      topology: RoomTopology;
      by: string;
      /** The server's Date.now() when it answered: a first sample for the tab's clock offset. */
      serverTime: number;
    }
  | { ok: false; code: SignalErrorCode; message: string };

export interface ClientToServerEvents {
  /** Enter a room. The ack lists the peers already there; the newcomer dials each of them. */
  join: (request: JoinRequest, ack: (result: JoinAck) => void) => void;
  /** Relay one signal to a member of the same room; the server sets `from`. */
  signal: (message: OutgoingSignal) => void;
  /** Switch the whole room's topology; answered by `topology-changed` to every member (or `signal-error`). */
  'set-topology': (request: SetTopologyRequest) => void;
  /** This tab's links and recent block arrivals; the server keeps the latest per member. */
  report: (report: ReportBody) => void;
  /** The server's clock, for estimating this tab's offset to it. */
  clock: (ack: (reply: { serverTime: number }) => void) => void;
}

export interface ServerToClientEvents {
  'peer-joined': (peer: { id: string; name?: string }) => void;
  'peer-left': (peer: { id: string }) => void;
  signal: (message: IncomingSignal) => void;
  'signal-error': (error: SignalError) => void;
  'topology-changed': (change: TopologyChanged) => void;
  /** The latest report of every member of the room that sent one (at most once a second per room). */
  'room-reports': (message: { reports: RoomReport[] }) => void;
}

/** UTF-8 length of the JSON form, which is what crosses the socket. */
export function jsonByteLength(value: unknown): number {
  return new TextEncoder().encode(JSON.stringify(value) ?? '').length;
}
