/**
 * An in-memory network of transports for protocol tests and simulations. Messages really travel:
 * each one is delivered later, through the injected scheduler, after a latency the test chooses,
 * in order per link (as an ordered data channel delivers them), and may be dropped by `loss`.
 */
import { Emitter } from '../events/emitter';
import type { Transport, TransportEvents } from './transport';

export interface MemoryNetworkOptions {
  /** Runs `fn` after `delayMs`; tests pass setTimeout (or a fake clock's). */
  schedule: (fn: () => void, delayMs: number) => void;
  now: () => number;
  /** One-way latency of a message from `from` to `to`, in ms. Default 0. */
  latency?: (from: string, to: string) => number;
  /** Probability a message is lost, drawn from `random`. Default 0. */
  loss?: number;
  random?: () => number;
}

const linkKey = (from: string, to: string) => `${from}>${to}`;

export class MemoryNetwork {
  private readonly transports = new Map<string, MemoryTransport>();
  private readonly links = new Set<string>();
  /** When the last message queued on each link arrives: later messages never overtake it. */
  private readonly lastArrival = new Map<string, number>();

  constructor(private readonly options: MemoryNetworkOptions) {}

  createTransport(id: string): MemoryTransport {
    if (this.transports.has(id)) throw new Error(`transport ${id} already exists`);
    const transport = new MemoryTransport(id, this);
    this.transports.set(id, transport);
    return transport;
  }

  isLinked(a: string, b: string): boolean {
    return this.links.has(linkKey(a, b));
  }

  /** Opens a channel between two transports; both sides see `peer-open` after the latency. */
  connect(a: string, b: string): void {
    if (a === b || this.isLinked(a, b)) return;
    this.links.add(linkKey(a, b)).add(linkKey(b, a));
    this.deliver(a, b, () => this.transports.get(b)?.events.emit('peer-open', a));
    this.deliver(b, a, () => this.transports.get(a)?.events.emit('peer-open', b));
  }

  disconnect(a: string, b: string): void {
    if (!this.isLinked(a, b)) return;
    this.links.delete(linkKey(a, b));
    this.links.delete(linkKey(b, a));
    this.transports.get(a)?.events.emit('peer-close', b);
    this.deliver(a, b, () => this.transports.get(b)?.events.emit('peer-close', a));
  }

  /** @internal used by MemoryTransport.send */
  transmit(from: string, to: string, data: string): boolean {
    if (!this.isLinked(from, to)) return false;
    const { loss = 0, random = Math.random } = this.options;
    if (loss > 0 && random() < loss) return true;
    this.deliver(from, to, () => {
      if (this.isLinked(from, to)) this.transports.get(to)?.events.emit('message', from, data);
    });
    return true;
  }

  peersOf(id: string): string[] {
    const prefix = `${id}>`;
    return [...this.links].filter((key) => key.startsWith(prefix)).map((key) => key.slice(prefix.length));
  }

  private deliver(from: string, to: string, fn: () => void): void {
    const { schedule, now, latency } = this.options;
    const key = linkKey(from, to);
    const arrival = Math.max(now() + (latency?.(from, to) ?? 0), this.lastArrival.get(key) ?? 0);
    this.lastArrival.set(key, arrival);
    schedule(fn, arrival - now());
  }
}

export class MemoryTransport implements Transport {
  /** @internal the network emits on behalf of this transport */
  readonly events = new Emitter<TransportEvents>();

  constructor(
    readonly localId: string,
    private readonly network: MemoryNetwork,
  ) {}

  connectedPeers(): string[] {
    return this.network.peersOf(this.localId);
  }

  send(peerId: string, data: string): void {
    if (!this.network.transmit(this.localId, peerId, data)) {
      this.events.emit('error', peerId, { code: 'send-failed', message: `no open channel to ${peerId}` });
    }
  }

  disconnect(peerId: string): void {
    this.network.disconnect(this.localId, peerId);
  }

  on<E extends keyof TransportEvents>(event: E, listener: TransportEvents[E]): () => void {
    return this.events.on(event, listener);
  }
}
