/**
 * Room telemetry: `report` keeps each member's latest report and forwards the room's reports to
 * every member as `room-reports` (throttled per room); `clock` tells a tab the server's time so its
 * block arrival times can be put on one clock. The server only stores and forwards; the tabs do the
 * sums (shared/telemetry).
 */
import { REPORT_MAX_BYTES, reportBodySchema } from '../shared/protocol/room-report';
import { jsonByteLength } from '../shared/protocol/signalling';
import type { RoomRegistry } from './rooms';
import { RoomReports } from './room-reports';
import { RoomThrottle, type Timers } from './room-throttle';
import { guarded, sendError, socketIoRoom, type SignalIo, type SignalSocket } from './signal-relay';

/** At most one `room-reports` per room per second: the tabs report about once a second. */
export const REPORTS_INTERVAL_MS = 1_000;

export type ReportRelayOptions = {
  now: () => number;
  /** Shortest time between two `room-reports` of one room. Default REPORTS_INTERVAL_MS. */
  intervalMs?: number;
  maxReportBytes?: number;
  onHandlerError?: (error: unknown, event: string) => void;
};

const realTimers = (now: () => number): Timers => ({
  now,
  setTimer: (fn, ms) => {
    const timer = setTimeout(fn, ms);
    timer.unref(); // a pending flush must not keep a closing server alive
    return () => clearTimeout(timer);
  },
});

function handleReport(socket: SignalSocket, registry: RoomRegistry, reports: RoomReports, throttle: RoomThrottle, maxBytes: number, message: unknown): void {
  // Size first, so a huge payload costs one stringify and never reaches the schema.
  const bytes = jsonByteLength(message);
  if (bytes > maxBytes) {
    sendError(socket, 'report', 'too-large', `Report is ${bytes} bytes; the limit is ${maxBytes}.`);
    return;
  }
  const parsed = reportBodySchema.safeParse(message);
  if (!parsed.success) {
    sendError(socket, 'report', 'bad-payload', 'report expects { name, links: [≤64 tab names], blocks: [≤30 { hash, at, from, messages, bytes }] }.');
    return;
  }
  const room = registry.roomOf(socket.id);
  if (room === undefined) {
    sendError(socket, 'report', 'not-joined', 'Join a room before reporting to it.');
    return;
  }
  reports.put(room, { ...parsed.data, id: socket.id });
  throttle.request(room);
}

function handleClock(socket: SignalSocket, now: () => number, args: unknown[]): void {
  const ack = args.at(-1);
  if (typeof ack !== 'function') {
    sendError(socket, 'clock', 'bad-payload', 'clock needs an acknowledgement callback: emit("clock", callback).');
    return;
  }
  (ack as (reply: { serverTime: number }) => void)({ serverTime: now() });
}

/** Wires `report` and `clock`; returns the function that cancels pending flushes (on close). */
export function attachReportRelay(io: SignalIo, registry: RoomRegistry, options: ReportRelayOptions): () => void {
  const reports = new RoomReports();
  const maxBytes = options.maxReportBytes ?? REPORT_MAX_BYTES;
  const throttle = new RoomThrottle(options.intervalMs ?? REPORTS_INTERVAL_MS, realTimers(options.now), (room) => {
    const current = reports.of(room);
    io.to(socketIoRoom(room)).emit('room-reports', { reports: current });
    // Its last reporter has left: nothing more to say about this room until someone reports again.
    if (current.length === 0) throttle.forget(room);
  });
  io.on('connection', (socket) => {
    const guard = <A extends unknown[]>(event: string, handler: (...args: A) => void) => guarded(options.onHandlerError, event, handler);
    socket.on('report', guard('report', (message: unknown) => handleReport(socket, registry, reports, throttle, maxBytes, message)));
    socket.on('clock', guard('clock', (...args: unknown[]) => handleClock(socket, options.now, args)));
    socket.on('disconnect', guard('disconnect', () => {
      const room = reports.remove(socket.id);
      if (room !== undefined) throttle.request(room);
    }));
  });
  return () => throttle.stop();
}
