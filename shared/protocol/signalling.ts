/**
 * The signalling socket: the only thing the Socket.IO server does is put tabs of one room in touch
 * and carry WebRTC offers, answers and ICE candidates between them. Both ends import these maps,
 * so a renamed event or field is a compile error on both sides. See docs/PROTOCOL.md.
 */
import { z } from 'zod';
import { isReservedName, nicknameSchema, roomNameSchema } from './names';
import type { ReportBody, RoomReports } from './room-report';
import type { ClaimTeacherRequest, ControlAck, Kicked, RoomControlRequest, RoomSettings } from './room-controls';

export { roomNameSchema, nicknameSchema };

export const DEFAULT_ROOM = 'lobby';
/** One relayed signal (an SDP offer is typically 2–6 KiB). */
export const SIGNAL_MAX_BYTES = 16 * 1024;
/** Engine.IO frame cap (`maxHttpBufferSize`); a bigger frame closes that client's socket. */
export const SIGNALLING_MAX_FRAME_BYTES = 64 * 1024;
/** Socket ids are server-given (20 url-safe chars in Socket.IO 4); accept nothing wilder. */
export const PEER_ID_PATTERN = /^[A-Za-z0-9_-]{1,64}$/;

export const peerIdSchema = z.string().regex(PEER_ID_PATTERN);

/**
 * A tab's own name (random, kept across reloads and reconnects): what reports and links call the
 * tab. The server binds it to the socket at join and keeps it unique in the room; never used for
 * routing. Reserved words ('self', which reports use for "mined here") are refused.
 */
export const TAB_NAME_PATTERN = /^[A-Za-z0-9_-]{1,64}$/;
export const tabNameSchema = z
  .string()
  .regex(TAB_NAME_PATTERN)
  .refine((name) => !isReservedName(name), { message: 'reserved' });

/**
 * How the tabs of a room pick their links. The room has one mode, kept by the server, so a whole
 * class switches together: mesh (everyone to everyone), unstructured (a few random links, Bitcoin's
 * way) or kademlia (routing-table contacts by XOR distance).
 */
export const TOPOLOGIES = ['mesh', 'unstructured', 'kademlia'] as const;
export type RoomTopology = (typeof TOPOLOGIES)[number];
export const topologySchema = z.enum(TOPOLOGIES);
/** A room switches at most once per this many ms: a switch reloads every tab of the room. */
/**
 * A room whose mesh nobody asked for moves to the unstructured overlay when it grows past this many
 * tabs (signal-server/class-size.ts), announced as `topology-changed` by CLASS_SIZE_SWITCHER, a
 * reserved name no tab can take.
 */
export const MESH_DEFAULT_MAX_TABS = 12;
export const CLASS_SIZE_SWITCHER = 'meshchain';
export const TOPOLOGY_SWITCH_MIN_MS = 3_000;
export const setTopologyRequestSchema = z.object({ topology: topologySchema });
export type SetTopologyRequest = z.infer<typeof setTopologyRequestSchema>;
/** `by` is the nickname the server granted to whoever set the mode (the room's first member, or the switcher). */
export type TopologyChanged = { topology: RoomTopology; by: string };

/**
 * `room`: any name the names.ts rule accepts; the server keys rooms by its NFC form.
 * `name`: the tab's identity; refused with 'name-taken' while another live socket of the room holds it.
 * `nickname`: what people call the tab; a clash in the room gets a suffix ("Amy 2"), none means the tab name.
 * `topology`: the mode this tab runs; it becomes the room's if the room is empty, else it is ignored.
 */
export const joinRequestSchema = z.object({
  room: roomNameSchema,
  name: tabNameSchema.optional(),
  nickname: nicknameSchema.optional(),
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
  | 'too-large' // over SIGNAL_MAX_BYTES / REPORT_MAX_BYTES
  | 'too-deep' // nested deeper than PAYLOAD_MAX_DEPTH (or more than PAYLOAD_MAX_NODES values): refused before anything walks it
  | 'bad-room' // room name fails the names.ts rule (the message says which problem)
  | 'bad-name' // tab name or nickname fails its rule (reserved word, control/bidi/invisible character, too long…)
  | 'name-taken' // another live socket of the room holds this tab name: retry shortly, or take a fresh one
  | 'already-joined' // one socket, one room
  | 'not-joined' // signalling before joining a room
  | 'unknown-peer' // the target is not in the sender's room (or has left)
  | 'partitioned' // the teacher's partition puts the target in another group: no signal crosses it
  | 'not-teacher' // a teacher has claimed the room: only the teacher's desk switches its mode
  | 'kicked' // a teacher removed this tab name from the room moments ago; it may not rejoin yet
  | 'wrong-key' // a claim-teacher or room-control carried a key that is not the server's (scored, so guessing gets the socket dropped)
  | 'too-soon' // the room's topology changed less than TOPOLOGY_SWITCH_MIN_MS ago
  | 'rate-limited' // over this socket's rate or byte budget for the event; nothing was done
  | 'disconnected'; // sent just before the server closes this socket for misbehaving (the message says why)

/** The client events the server may refuse with a `signal-error`. */
export type SignalEvent = 'join' | 'signal' | 'set-topology' | 'set-nickname' | 'report' | 'clock' | 'claim-teacher' | 'room-control';
export type SignalError = { code: SignalErrorCode; message: string; event: SignalEvent };

/**
 * Any payload nested deeper than this (objects and arrays), or holding more values than
 * PAYLOAD_MAX_NODES, is refused with 'too-deep' before a schema or JSON.stringify walks it.
 * The deepest honest payload (a candidate signal) is 4 levels.
 */
export const PAYLOAD_MAX_DEPTH = 8;
export const PAYLOAD_MAX_NODES = 4_096;

/** Another tab of the room, as the join ack lists it. */
export type RoomMember = { id: string; name: string; nickname: string };

export const setNicknameRequestSchema = z.object({ nickname: nicknameSchema });
export type SetNicknameRequest = z.input<typeof setNicknameRequestSchema>;
export type SetNicknameAck =
  | { ok: true; nickname: string; nicknameChanged: boolean }
  | { ok: false; code: SignalErrorCode; message: string };

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
      /** The nickname the room knows this tab by (the asked one, suffixed on a clash, or the tab name). */
      nickname: string;
      /** True when `nickname` differs from the one asked for (a clash was suffixed, or none was asked). */
      nicknameChanged: boolean;
      /** The others already in the room, in join order (same ids as `peers`). */
      members: RoomMember[];
      /** The teacher's settings for the room now (room-controls.ts); defaults when no teacher acted. */
      settings: RoomSettings;
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
  /**
   * Change this tab's nickname (after joining). A clash is suffixed as at join. On success every
   * member of the room, the sender included, gets `peer-renamed`. Rate-limited like the rest.
   */
  'set-nickname': (request: SetNicknameRequest, ack: (result: SetNicknameAck) => void) => void;
  /** Make this socket a teacher of its room (after joining); the key is the server's teacher key. */
  'claim-teacher': (request: ClaimTeacherRequest, ack: (result: ControlAck) => void) => void;
  /** Change a room-wide setting; the key is checked on every control. Applies to the sender's room only. */
  'room-control': (request: RoomControlRequest, ack: (result: ControlAck) => void) => void;
}

export interface ServerToClientEvents {
  /** A tab joined; `name` is its tab name if it gave one, `nickname` the one the server granted. */
  'peer-joined': (peer: { id: string; name?: string; nickname: string }) => void;
  /** A member's nickname changed (sent to the whole room, the renamed tab included). */
  'peer-renamed': (peer: { id: string; nickname: string }) => void;
  'peer-left': (peer: { id: string }) => void;
  signal: (message: IncomingSignal) => void;
  'signal-error': (error: SignalError) => void;
  'topology-changed': (change: TopologyChanged) => void;
  /**
   * Room telemetry, at most once a second per room and within the room's fan-out budget:
   * `full: true` carries every member's latest report (a newcomer's first message); otherwise only
   * the reports that changed since the last one, plus the ids whose reports are gone (`removed`).
   * Merge with applyRoomReports (room-report.ts).
   */
  'room-reports': (message: RoomReports) => void;
  /** The room's settings, to every member on every change (a teacher's claim or control). */
  'room-settings': (settings: RoomSettings) => void;
  /** A teacher removed this tab from the room; the server disconnects it next. */
  kicked: (message: Kicked) => void;
}

/** UTF-8 length of the JSON form, which is what crosses the socket. */
export function jsonByteLength(value: unknown): number {
  return new TextEncoder().encode(JSON.stringify(value) ?? '').length;
}
