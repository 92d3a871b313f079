/**
 * The gate every inbound event passes before its handler runs, and the watch on every socket's
 * outbound queue. One process serves every room of the LAN, so no single socket may:
 *   - send faster or more than its budget (budgets.ts): refused with 'rate-limited', scored;
 *   - send a payload nested deeper or wider than PAYLOAD_MAX_DEPTH / PAYLOAD_MAX_NODES:
 *     refused with 'too-deep' before JSON.stringify or zod walk it, scored;
 *   - pile up more than SEND_BUFFER_MAX_BYTES the server has not been able to write to it (a client
 *     that stopped reading): dropped at once, so its queue cannot grow the heap;
 *   - keep going past SCORE_LIMIT: told why ('disconnected') and dropped.
 * Refusals are counted and summarised through the injected logger every `summaryEveryMs`.
 */
import type { SignalErrorCode, SignalEvent } from '../shared/protocol/signalling';
import { BUDGETS, isSignalEvent, SCORE_LIMIT, SocketBudget, type Budget } from './budgets';
import { DEFAULT_SHAPE_LIMITS, withinShape, type ShapeLimits } from './payload-shape';
import { RefusalCounts, sendError, setRefusalSink } from './refusals';
import type { SignalIo, SignalSocket } from './signal-relay';

/** 2 MiB: ~4× the biggest honest burst (a full room-reports of a 30-tab room plus a wave of offers). */
export const SEND_BUFFER_MAX_BYTES = 2 * 1024 * 1024;
export const SUMMARY_EVERY_MS = 60_000;

export type GuardOptions = {
  now: () => number;
  /** Where the periodic summary goes (default: nowhere). */
  log?: (line: string) => void;
  summaryEveryMs?: number;
  maxSendBufferBytes?: number;
  budgets?: Readonly<Record<SignalEvent, Budget>>;
  shape?: ShapeLimits;
};

export type SocketGuard = {
  /** Counts so far and resets them (what the next summary would have said). */
  summary(): string | null;
  stop(): void;
};

/** Engine.IO's view of a connection: the parts we read, which its typings do not all expose. */
type EngineConn = {
  on(event: 'packet' | 'packetCreate', fn: (packet: { type: string; data?: unknown }) => void): void;
  on(event: 'flush', fn: () => void): void;
  close(discard?: boolean): void;
  transport?: { name?: string; socket?: { bufferedAmount?: number; terminate?: () => void } };
};

function sizeOf(data: unknown): number {
  if (typeof data === 'string') return data.length;
  if (data instanceof ArrayBuffer || ArrayBuffer.isView(data)) return data.byteLength;
  return 0;
}

const REFUSAL_TEXT: Partial<Record<SignalErrorCode, (event: SignalEvent) => string>> = {
  'rate-limited': (event) => `Too many "${event}" messages (or bytes) too fast; this one was dropped. Slow down: see docs/PROTOCOL.md §8.`,
  'too-deep': (event) => `The "${event}" payload is nested too deeply or holds too many values; refused unread.`,
};

/** Events whose caller waits for an ack, so a refusal answers it as well. */
const ACKED_EVENTS: ReadonlySet<SignalEvent> = new Set(['join', 'set-nickname', 'claim-teacher', 'room-control']);

export function attachSocketGuard(io: SignalIo, options: GuardOptions): SocketGuard {
  const counts = new RefusalCounts();
  const summaryEveryMs = options.summaryEveryMs ?? SUMMARY_EVERY_MS;
  const maxBuffer = options.maxSendBufferBytes ?? SEND_BUFFER_MAX_BYTES;
  const timer = setInterval(() => {
    const line = counts.summary(summaryEveryMs);
    if (line !== null) options.log?.(line);
  }, summaryEveryMs);
  timer.unref();

  io.on('connection', (socket: SignalSocket) => {
    const budget = new SocketBudget(options.now, options.budgets ?? BUDGETS);
    const conn = socket.conn as unknown as EngineConn;
    let dropped = false;

    const drop = (reason: string, tell: SignalEvent | null, detail: string) => {
      if (dropped) return;
      dropped = true;
      counts.dropped(reason);
      if (tell !== null) socket.emit('signal-error', { code: 'disconnected', message: detail, event: tell });
      if (reason === 'send-buffer') {
        // Its queue is what we are protecting the heap from: cut the connection at once rather
        // than wait for a close frame to get past megabytes the client is not reading.
        conn.transport?.socket?.terminate?.();
        conn.close(true);
        return;
      }
      // Tell the room it left and send the goodbye; then, once that is written, cut the
      // connection rather than let the close handshake wait behind frames still in flight.
      socket.disconnect(true);
      setImmediate(() => {
        conn.transport?.socket?.terminate?.();
        conn.close(true);
      });
    };

    let lastEvent: SignalEvent = 'join';
    setRefusalSink(socket, {
      refused(code) {
        counts.refused(code);
        if (budget.penalise(code) >= SCORE_LIMIT) {
          drop('score', lastEvent, 'Too many refused messages from this connection; the server closed it. Reconnect and follow docs/PROTOCOL.md §8.');
        }
      },
    });

    // Outbound: packets Engine.IO holds while the transport is busy, plus what the WebSocket has
    // handed to a socket that has not written it out.
    let queued = 0;
    conn.on('packetCreate', (packet) => {
      queued += sizeOf(packet.data);
      const pending = queued + (conn.transport?.socket?.bufferedAmount ?? 0);
      if (pending > maxBuffer) drop('send-buffer', null, '');
    });
    conn.on('flush', () => {
      queued = 0;
    });

    socket.use((packet, next) => {
      const [event, ...args] = packet as unknown[];
      if (!isSignalEvent(event)) {
        counts.refused('unknown-event');
        return; // no handler would have heard it; no answer either
      }
      lastEvent = event;
      const ack = args.at(-1);
      const refuse = (code: SignalErrorCode) => {
        const message = REFUSAL_TEXT[code]!(event);
        // A join or set-nickname caller waits for its ack; a clock caller times out by itself.
        if (ACKED_EVENTS.has(event) && typeof ack === 'function') {
          // The desk's acks speak ControlErrorCode: an over-deep control is a bad one there.
          const answered = code === 'too-deep' && (event === 'claim-teacher' || event === 'room-control') ? 'bad-control' : code;
          ack({ ok: false, code: answered, message });
        }
        sendError(socket, event, code, message);
      };
      // Shape first: it is cheap and bounded, and after it JSON.stringify cannot overflow. (The
      // raw frame's size is not usable here: Socket.IO decodes a burst of frames before it runs
      // the middleware of the first, and the frame is at most SIGNALLING_MAX_FRAME_BYTES anyway.)
      if (!withinShape(args, options.shape ?? DEFAULT_SHAPE_LIMITS)) return refuse('too-deep');
      const bytes = Buffer.byteLength(JSON.stringify(args.filter((arg) => typeof arg !== 'function')) ?? '');
      if (!budget.allow(event, bytes)) return refuse('rate-limited');
      next();
    });
  });

  return {
    summary: () => counts.summary(summaryEveryMs),
    stop: () => clearInterval(timer),
  };
}
