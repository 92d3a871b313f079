/**
 * Room telemetry: `report` keeps each member's latest report and forwards the room's reports to
 * its members as `room-reports`: at most one per room per interval, only what changed (a
 * newcomer gets everything once), and within the room's fan-out budget (bytes sent × members),
 * so a room's chatter cannot take the server's uplink. `clock` tells a tab the server's time so its
 * block arrival times can be put on one clock. The server only stores and forwards; the tabs do
 * the sums (shared/telemetry).
 */
import { REPORT_MAX_BYTES, reportBodySchema, type RoomReports as RoomReportsMessage } from '../shared/protocol/room-report';
import { jsonByteLength } from '../shared/protocol/signalling';
import { ownLinkEvents } from '../shared/stage/message-events';
import { sendError } from './refusals';
import type { RoomRegistry } from './rooms';
import { RoomReports } from './room-reports';
import { RoomThrottle, type Timers } from './room-throttle';
import { guarded, socketIoRoom, type SignalIo, type SignalSocket } from './signal-relay';
import { TokenBucket } from './token-bucket';

/** At most one `room-reports` per room per second: the tabs report about once a second. */
export const REPORTS_INTERVAL_MS = 1_000;
/**
 * What one room's `room-reports` may cost the server per second, counted as message bytes × the
 * members it goes to: 4 MiB/s (burst 8 MiB). A 30-tab room whose every tab changes a 4 KiB report
 * each second costs 3.5 MiB/s; past the budget the room's updates come less often, never lost.
 * Measured: 65 tabs joining at once with 4 KiB reports cost ≈ 17 MB of first snapshots (each tab
 * gets the room once), after which 3 tabs changing their report each second cost ≈ 160 KiB/s
 * (the old whole-room messages: ≈ 260 KiB to every member every second, ≈ 17 MB/s).
 */
export const ROOM_FANOUT_BYTES_PER_SECOND = 4 * 1024 * 1024;
export const ROOM_FANOUT_BURST_BYTES = 8 * 1024 * 1024;

export type ReportRelayOptions = {
  now: () => number;
  /** Shortest time between two `room-reports` of one room. Default REPORTS_INTERVAL_MS. */
  intervalMs?: number;
  maxReportBytes?: number;
  fanoutBytesPerSecond?: number;
  fanoutBurstBytes?: number;
  /** Timers for flushes (default: real ones on `now`); tests inject fake ones. */
  timers?: Timers;
  onHandlerError?: (error: unknown, event: string) => void;
  /**
   * Send a newcomer its first reports as a delta (`full: false`): with several signalling
   * processes each sends only its own members' reports, so none may replace the others'.
   */
  partialSnapshots?: boolean;
};

export const realTimers = (now: () => number): Timers => ({
  now,
  setTimer: (fn, ms) => {
    const timer = setTimeout(fn, ms);
    timer.unref(); // a pending flush must not keep a closing server alive
    return () => clearTimeout(timer);
  },
});

/**
 * New message batches a tab may send: one a second (a report a second carries one), with room for
 * one early tick, so a tab cannot make the stages of its room draw more than it really sent.
 */
export const BATCHES_PER_SECOND = 1;
export const BATCHES_BURST = 2;

/** Per socket: the last batch seq it sent and its budget for new ones. */
type BatchPace = { seq: number | null; bucket: TokenBucket };

function handleReport(
  socket: SignalSocket,
  registry: RoomRegistry,
  reports: RoomReports,
  throttle: RoomThrottle,
  maxBytes: number,
  pace: (socketId: string) => BatchPace,
  message: unknown,
): void {
  // Size first (the guard has bounded its depth), so a huge payload never reaches the schema.
  const bytes = jsonByteLength(message);
  if (bytes > maxBytes) {
    sendError(socket, 'report', 'too-large', `Report is ${bytes} bytes; the limit is ${maxBytes}.`);
    return;
  }
  const parsed = reportBodySchema.safeParse(message);
  if (!parsed.success) {
    sendError(socket, 'report', 'bad-payload', 'report expects { name, links: [≤64 tab names], blocks: [≤30 { hash, at, from, messages, bytes }], tip?: { hash, height }, messages?: { seq, events: [≤40], sampledOut } }.');
    return;
  }
  const room = registry.roomOf(socket.id);
  const member = registry.member(socket.id);
  if (room === undefined || member === undefined) {
    sendError(socket, 'report', 'not-joined', 'Join a room before reporting to it.');
    return;
  }
  // Reports are keyed by the socket, and speak only for the tab name this socket joined under.
  if (parsed.data.name !== member.name) {
    sendError(socket, 'report', 'bad-name', 'A report must carry the tab name this connection joined under; it was not stored.');
    return;
  }
  const report = { ...parsed.data, id: socket.id };
  const batch = report.messages;
  if (batch !== undefined) {
    const tab = pace(socket.id);
    if (batch.seq !== tab.seq && !tab.bucket.take()) {
      // Too many new batches: the links and blocks still count, the extra events do not.
      delete report.messages;
      sendError(socket, 'report', 'rate-limited', `At most ${BATCHES_PER_SECOND} new message batch a second; this report was stored without its messages.`);
    } else {
      tab.seq = batch.seq;
      // A tab speaks only for messages over its own links: it cannot draw traffic between two others.
      report.messages = { ...batch, events: ownLinkEvents(report.name, report.links, batch.events).events };
    }
  }
  reports.put(room, report);
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
  const timers = options.timers ?? realTimers(options.now);
  const budgets = new Map<string, TokenBucket>();
  const retries = new Map<string, () => void>();
  const budgetOf = (room: string) => {
    let bucket = budgets.get(room);
    if (!bucket) {
      bucket = new TokenBucket(options.fanoutBytesPerSecond ?? ROOM_FANOUT_BYTES_PER_SECOND, options.fanoutBurstBytes ?? ROOM_FANOUT_BURST_BYTES, timers.now);
      budgets.set(room, bucket);
    }
    return bucket;
  };
  const paces = new Map<string, BatchPace>();
  const pace = (socketId: string): BatchPace => {
    let tab = paces.get(socketId);
    if (!tab) {
      tab = { seq: null, bucket: new TokenBucket(BATCHES_PER_SECOND, BATCHES_BURST, timers.now) };
      paces.set(socketId, tab);
    }
    return tab;
  };
  const send = (to: string, message: RoomReportsMessage, except: string[] = []) =>
    io.to(to).except(except).emit('room-reports', message);

  const flush = (room: string): void => {
    const members = registry.members(room);
    const next = reports.pending(room, members);
    if (next === null) {
      if (members.length === 0) {
        throttle.forget(room);
        budgets.delete(room);
      }
      return;
    }
    const deltaBytes = next.delta === null ? 0 : jsonByteLength(next.delta);
    const fullBytes = next.newcomers.length === 0 ? 0 : jsonByteLength(next.full);
    const cost = deltaBytes * next.synced.length + fullBytes * next.newcomers.length;
    const budget = budgetOf(room);
    const wait = budget.waitFor(cost);
    if (wait > 0) {
      // Over the room's budget: keep collecting changes and send them together later.
      if (!retries.has(room)) {
        retries.set(room, timers.setTimer(() => {
          retries.delete(room);
          throttle.request(room);
        }, wait));
      }
      return;
    }
    budget.spend(cost);
    if (next.delta !== null) send(socketIoRoom(room), next.delta, next.newcomers);
    const snapshot = options.partialSnapshots ? { ...next.full, full: false } : next.full;
    for (const id of next.newcomers) send(id, snapshot);
    reports.flushed(room, next);
    if (members.length === 0) {
      throttle.forget(room);
      budgets.delete(room);
    }
  };
  const throttle = new RoomThrottle(options.intervalMs ?? REPORTS_INTERVAL_MS, timers, flush);

  io.on('connection', (socket) => {
    const guard = <A extends unknown[]>(event: string, handler: (...args: A) => void) => guarded(options.onHandlerError, event, handler);
    socket.on('report', guard('report', (message: unknown) => handleReport(socket, registry, reports, throttle, maxBytes, pace, message)));
    socket.on('clock', guard('clock', (...args: unknown[]) => handleClock(socket, options.now, args)));
    socket.on('disconnect', guard('disconnect', () => {
      paces.delete(socket.id);
      const room = reports.remove(socket.id);
      if (room !== undefined) throttle.request(room);
    }));
  });
  return () => {
    throttle.stop();
    for (const cancel of retries.values()) cancel();
    retries.clear();
  };
}
