/**
 * One HTTP server that does three jobs for a LAN game night: serves the built app, answers
 * `/healthz`, and hosts the Socket.IO signalling that puts tabs of a room in touch. Everything
 * lives on the returned instance, so tests can run many servers side by side on port 0.
 */
import { createServer, type IncomingMessage, type Server as HttpServer, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Server } from 'socket.io';
import { SIGNAL_MAX_BYTES, SIGNALLING_MAX_FRAME_BYTES, TOPOLOGY_SWITCH_MIN_MS } from '../shared/protocol/signalling';
import type { SignalEvent } from '../shared/protocol/signalling';
import type { Budget } from './budgets';
import { SECURITY_HEADERS, secureAllResponses } from './http-headers';
import { lanIPv4Addresses } from './lan-addresses';
import { attachNicknameChange } from './nickname-change';
import { joinCluster, type Cluster } from './cluster';
import { attachReportRelay } from './report-relay';
import { RoomRegistry } from './rooms';
import { RoomSettingsStore } from './room-settings';
import { attachTeacherDesk } from './teacher-desk';
import { newTeacherKey, teacherKeyCheck } from './teacher-key';
import { attachSignalRelay, type SignalIo } from './signal-relay';
import { attachSocketGuard } from './socket-guard';
import { createStaticHandler, type StaticHandler } from './static-files';
import { attachTopologySwitch } from './topology-switch';

/** How often close() retries idle keep-alive connections, and when it stops waiting for busy ones. */
const CLOSE_SWEEP_MS = 25;
const CLOSE_GRACE_MS = 2_000;

export type SignalServerOptions = {
  /** Directory of the built web app; `null` serves no files (tests, signalling-only). Default `dist`. */
  staticDir?: string | null;
  /** Largest relayed signal, as UTF-8 JSON bytes. Default SIGNAL_MAX_BYTES (16 KiB). */
  maxSignalBytes?: number;
  /** Clock for `uptimeSeconds`, join acks, `clock` and topology switches; injectable for tests. Default `Date.now`. */
  now?: () => number;
  /** Shortest time between two topology switches of one room. Default TOPOLOGY_SWITCH_MIN_MS (3 s). */
  topologySwitchMinMs?: number;
  /** Shortest time between two `room-reports` of one room. Default REPORTS_INTERVAL_MS (1 s). */
  reportsIntervalMs?: number;
  /** Hears about exceptions a handler swallowed so one client cannot crash the server. */
  onHandlerError?: (error: unknown, event: string) => void;
  /** Where the periodic summary of refused messages and dropped sockets goes (default: nowhere). */
  log?: (line: string) => void;
  /** How often that summary is written. Default SUMMARY_EVERY_MS (60 s). */
  summaryEveryMs?: number;
  /** A socket with more than this many bytes the server could not yet write to it is dropped. Default SEND_BUFFER_MAX_BYTES. */
  maxSendBufferBytes?: number;
  /** Per-socket budgets per event. Default BUDGETS (budgets.ts). */
  budgets?: Readonly<Record<SignalEvent, Budget>>;
  /** A room's `room-reports` fan-out budget (bytes × members per second). Default ROOM_FANOUT_BYTES_PER_SECOND. */
  fanoutBytesPerSecond?: number;
  /** The most that budget holds at once. Default ROOM_FANOUT_BURST_BYTES. */
  fanoutBurstBytes?: number;
  /** The LAN's IPv4 addresses for /join-info; injectable for tests. Default: this machine's. */
  lanAddresses?: () => string[];
  /** Engine.IO heartbeat, for tests that want a dead client noticed fast. Defaults: Socket.IO's (25 s / 20 s). */
  pingIntervalMs?: number;
  pingTimeoutMs?: number;
  /** The secret of the teacher's link (docs/PROTOCOL.md §2.3). Default: a fresh random one, which no one can know. */
  teacherKey?: string;
  /**
   * Redis to share rooms with other signalling processes through (REDIS_URL; cluster.ts). Unset:
   * one process on its own, no Redis needed. `listen()` connects first and rejects if it cannot.
   */
  redisUrl?: string;
};

export type SignalServer = {
  httpServer: HttpServer;
  io: SignalIo;
  /** Resolves with the bound port (the real one when `port` is 0); rejects on EADDRINUSE etc. */
  listen(port: number, host?: string): Promise<number>;
  /** Disconnects every client and stops listening. Safe to call more than once. */
  close(): Promise<void>;
};

function sendJson(res: ServerResponse, status: number, body: unknown, headOnly: boolean): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(text),
    'cache-control': 'no-store',
  });
  res.end(headOnly ? undefined : text);
}

function sendPlain(res: ServerResponse, status: number, text: string, headers: Record<string, string> = {}): void {
  res.writeHead(status, { 'content-type': 'text/plain; charset=utf-8', ...headers });
  res.end(text);
}

/** The origins (`http://ADDRESS:PORT`) other machines of the LAN reach this server at; never loopback. */
export function lanOrigins(addresses: string[], port: number): string[] {
  return addresses.filter((address) => !address.startsWith('127.')).map((address) => `http://${address}:${port}`);
}

export function createSignalServer(options: SignalServerOptions = {}): SignalServer {
  const now = options.now ?? Date.now;
  const startedAt = now();
  const registry = new RoomRegistry();
  const roomSettings = new RoomSettingsStore(now);
  const staticDir = options.staticDir === undefined ? 'dist' : options.staticDir;
  const serveStatic: StaticHandler | null = staticDir === null ? null : createStaticHandler(staticDir);

  // Socket.IO wraps this listener and takes `/socket.io/` requests before it sees them.
  const handleRequest = (req: IncomingMessage, res: ServerResponse): void => {
    const method = req.method ?? 'GET';
    if (method !== 'GET' && method !== 'HEAD') {
      return sendPlain(res, 405, 'method not allowed\n', { allow: 'GET, HEAD' });
    }
    const pathname = (req.url ?? '/').split(/[?#]/, 1)[0];
    if (pathname === '/healthz') {
      const uptimeSeconds = Math.max(0, Math.floor((now() - startedAt) / 1000));
      const shared = cluster === null ? {} : { cluster: { home: cluster.home, redis: cluster.attached() ? 'connected' : 'unreachable' } };
      return sendJson(res, 200, { ok: true, ...registry.stats(), uptimeSeconds, ...shared }, method === 'HEAD');
    }
    if (pathname === '/join-info') {
      // The page builds its join URL (and QR code) from these when it was opened on localhost.
      const address = httpServer.address();
      const port = typeof address === 'object' && address !== null ? address.port : 0;
      const lanOriginList = lanOrigins((options.lanAddresses ?? lanIPv4Addresses)(), port);
      return sendJson(res, 200, { lanOrigins: lanOriginList }, method === 'HEAD');
    }
    if (serveStatic === null) return sendPlain(res, 404, 'not found\n');
    void serveStatic(req, res);
  };

  let cluster: Cluster | null = null;
  const httpServer = createServer(handleRequest);
  const io: SignalIo = new Server(httpServer, {
    // Bounds every frame (polling body or WebSocket message): an oversized one closes only the
    // sender's connection, long before a 1 MB default could be used to hog memory.
    maxHttpBufferSize: SIGNALLING_MAX_FRAME_BYTES,
    // The web app bundles socket.io-client itself; no need to serve /socket.io/socket.io.js.
    serveClient: false,
    ...(options.pingIntervalMs === undefined ? {} : { pingInterval: options.pingIntervalMs }),
    ...(options.pingTimeoutMs === undefined ? {} : { pingTimeout: options.pingTimeoutMs }),
  });
  secureAllResponses(httpServer);
  // With other processes, some answers wait until they can know of the change (room-replica.ts `written`).
  const shared = options.redisUrl === undefined ? undefined : () => cluster?.written() ?? Promise.resolve();
  const settled = options.redisUrl === undefined ? undefined : (room: string) => cluster?.settled(room) ?? Promise.resolve();
  // The WebSocket upgrade's 101 is written by `ws`, not through a response object: Engine.IO's
  // 'headers' hook is the way onto it.
  io.engine.on('headers', (headers: Record<string, string>) => Object.assign(headers, SECURITY_HEADERS));
  const onHandlerError = options.onHandlerError;
  // First: its middleware gates every event before any handler below sees it.
  const guard = attachSocketGuard(io, {
    now,
    log: options.log,
    summaryEveryMs: options.summaryEveryMs,
    maxSendBufferBytes: options.maxSendBufferBytes,
    budgets: options.budgets,
  });
  attachSignalRelay(io, registry, {
    maxSignalBytes: options.maxSignalBytes ?? SIGNAL_MAX_BYTES,
    now,
    onHandlerError,
    settings: roomSettings,
    settled,
  });
  attachNicknameChange(io, registry, onHandlerError);
  const modeLockedFor = (room: string, socketId: string) => roomSettings.modeLockedFor(room, socketId);
  attachTopologySwitch(io, registry, { now, minIntervalMs: options.topologySwitchMinMs, onHandlerError, modeLockedFor });
  attachTeacherDesk(io, registry, roomSettings, {
    keyMatches: teacherKeyCheck(options.teacherKey ?? newTeacherKey()),
    now,
    minIntervalMs: options.topologySwitchMinMs ?? TOPOLOGY_SWITCH_MIN_MS,
    onHandlerError,
    shared,
  });
  const stopReports = attachReportRelay(io, registry, {
    now,
    // With other processes, a newcomer's first reports come from each of them: none may replace the others'.
    partialSnapshots: options.redisUrl !== undefined,
    intervalMs: options.reportsIntervalMs,
    fanoutBytesPerSecond: options.fanoutBytesPerSecond,
    fanoutBurstBytes: options.fanoutBurstBytes,
    onHandlerError,
  });

  const listen = async (port: number, host?: string): Promise<number> => {
    if (options.redisUrl !== undefined && cluster === null) {
      cluster = await joinCluster(options.redisUrl, io, registry, roomSettings, options.log ?? (() => {}));
    }
    return listenHttp(port, host);
  };
  const listenHttp = (port: number, host?: string): Promise<number> =>
    new Promise((resolve, reject) => {
      const onError = (error: Error) => reject(error);
      httpServer.once('error', onError);
      httpServer.listen(port, host, () => {
        httpServer.off('error', onError);
        resolve((httpServer.address() as AddressInfo).port);
      });
    });

  let closing: Promise<void> | undefined;
  const close = (): Promise<void> => {
    closing ??= (async () => {
      stopReports();
      guard.stop();
      // Only this process's sockets (`local`: with the Redis adapter a plain disconnectSockets would
      // disconnect every process's). Their leaving is shared before the cluster link closes.
      io.local.disconnectSockets(true);
      await cluster?.written();
      await cluster?.close();
      const ioClosed = io.close(); // also closes httpServer, resolving even if it never listened
      // Keep-alive connections (a browser that fetched the app) hold close() open until the
      // client drops them. Node closes the idle ones once, but a response that just ended may
      // not count as idle yet, so sweep until closed and cut whatever remains after a grace.
      const sweep = setInterval(() => httpServer.closeIdleConnections(), CLOSE_SWEEP_MS);
      const deadline = setTimeout(() => httpServer.closeAllConnections(), CLOSE_GRACE_MS);
      httpServer.closeIdleConnections();
      try {
        await ioClosed;
      } finally {
        clearInterval(sweep);
        clearTimeout(deadline);
      }
    })();
    return closing;
  };

  return { httpServer, io, listen, close };
}
