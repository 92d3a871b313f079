/**
 * Real server on port 0, real socket.io-client clients: the tests see exactly what a browser tab
 * would. Waiting is always on an event or an ack, never on a timer.
 */
import { io as connectClient, type Socket } from 'socket.io-client';
import type {
  ClientToServerEvents,
  JoinAck,
  ServerToClientEvents,
  SignalError,
  SignalEvent,
} from '../shared/protocol/signalling';
import type { Budget } from './budgets';
import { createSignalServer, type SignalServer, type SignalServerOptions } from './server';

/** Budgets no test will reach: for tests about something else that send many refused messages. */
export const UNLIMITED_BUDGETS: Record<SignalEvent, Budget> = Object.fromEntries(
  (['join', 'signal', 'report', 'set-topology', 'set-nickname', 'clock', 'claim-teacher', 'room-control'] as const).map((event) => [
    event,
    { perSecond: 1e6, burst: 1e6, bytesPerSecond: 1e9, burstBytes: 1e9 },
  ]),
) as Record<SignalEvent, Budget>;

export type TestClient = Socket<ServerToClientEvents, ClientToServerEvents>;
/** The same socket without the event maps, for sending what an honest client never would. */
export type RawClient = Socket;
export type Transport = 'websocket' | 'polling';

export function raw(client: TestClient): RawClient {
  return client as unknown as RawClient;
}

/** Resolves with the first arguments of the next `event` on `client`. */
export function nextEvent<T = unknown>(client: TestClient, event: string): Promise<T> {
  return new Promise((resolve) => raw(client).once(event, (value: T) => resolve(value)));
}

export function nextSignalError(client: TestClient): Promise<SignalError> {
  return nextEvent<SignalError>(client, 'signal-error');
}

/** Everything `event` delivers from now on, in arrival order. */
export function record<T = unknown>(client: TestClient, event: string): T[] {
  const seen: T[] = [];
  raw(client).on(event, (value: T) => seen.push(value));
  return seen;
}

export class Harness {
  readonly clients: TestClient[] = [];

  private constructor(
    readonly server: SignalServer,
    readonly url: string,
  ) {}

  static async start(options: SignalServerOptions = {}): Promise<Harness> {
    const server = createSignalServer({ staticDir: null, ...options });
    const port = await server.listen(0, '127.0.0.1');
    return new Harness(server, `http://127.0.0.1:${port}`);
  }

  /** A connected client. Reconnection is off so a socket the server drops stays dropped. */
  async connect(transport: Transport = 'websocket'): Promise<TestClient> {
    const client: TestClient = connectClient(this.url, {
      transports: [transport],
      reconnection: false,
      forceNew: true,
    });
    this.clients.push(client);
    await new Promise<void>((resolve, reject) => {
      client.once('connect', resolve);
      client.once('connect_error', reject);
    });
    return client;
  }

  /** A connected client that has joined `room`; fails the test if the join is refused. */
  async joined(
    room: string,
    transport: Transport = 'websocket',
    names: { name?: string; nickname?: string } = {},
  ): Promise<{ client: TestClient; peers: string[]; ack: Extract<JoinAck, { ok: true }> }> {
    const client = await this.connect(transport);
    const ack: JoinAck = await client.emitWithAck('join', { room, ...names });
    if (!ack.ok) throw new Error(`join ${room} refused: ${ack.code} ${ack.message}`);
    return { client, peers: ack.peers, ack };
  }

  /** Joins under a tab name (and optionally a nickname), over WebSocket. */
  named(room: string, name: string, nickname?: string) {
    return this.joined(room, 'websocket', nickname === undefined ? { name } : { name, nickname });
  }

  async close(): Promise<void> {
    for (const client of this.clients) client.disconnect();
    await this.server.close();
  }
}
