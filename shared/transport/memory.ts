/**
 * An in-memory network of transports for protocol tests and simulations. Messages really travel:
 * each one is delivered later, through the injected scheduler, after the link's own latency (the
 * test chooses it) plus what the room's conditions add (conditioner.ts, the same model the
 * browser uses), in order per link (as an ordered data channel delivers them); conditions may drop
 * a message (loss, partition). Transport ids are the tab names the partition groups list.
 */
import { Emitter } from '../events/emitter';
import { canReach, NO_CONDITIONS, parseLinkConditions, type DropReason, type LinkConditions } from './conditioner';
import { ReceivingLinks } from './receiving-links';
import type { Transport, TransportEvents } from './transport';

export interface MemoryNetworkOptions {
  /** Runs `fn` after `delayMs`; tests pass setTimeout (or a fake clock's). */
  schedule: (fn: () => void, delayMs: number) => void;
  now: () => number;
  /** One-way latency of a message from `from` to `to`, in ms. Default 0. */
  latency?: (from: string, to: string) => number;
  /** Probability a message is lost, drawn from `random`. Default 0. The same as `conditions.loss`. */
  loss?: number;
  random?: () => number;
  /** The room's conditions at the start (default none); change them with `setConditions`. */
  conditions?: LinkConditions;
}

const linkKey = (from: string, to: string) => `${from}>${to}`;

export class MemoryNetwork {
  private readonly transports = new Map<string, MemoryTransport>();
  private readonly links = new Set<string>();
  /** Each link's order and each message's fate under the conditions (later messages never overtake). */
  private readonly receiving: ReceivingLinks;
  private conditions: LinkConditions;

  constructor(private readonly options: MemoryNetworkOptions) {
    this.conditions = options.conditions ?? { ...NO_CONDITIONS, loss: options.loss ?? 0 };
    this.receiving = new ReceivingLinks(options.random ?? Math.random);
  }

  /** Messages the conditions dropped, by reason (real errors are not counted here). */
  get dropped(): Readonly<Record<DropReason, number>> {
    return this.receiving.dropped;
  }

  /** Replaces the room's conditions (validated: a bad value throws and changes nothing). */
  setConditions(conditions: LinkConditions): void {
    const parsed = parseLinkConditions(conditions);
    if (!parsed.ok) throw new Error(`bad link conditions: ${parsed.detail}`);
    this.conditions = parsed.value;
  }

  get currentConditions(): LinkConditions {
    return this.conditions;
  }

  createTransport(id: string): MemoryTransport {
    if (this.transports.has(id)) throw new Error(`transport ${id} already exists`);
    const transport = new MemoryTransport(id, this);
    this.transports.set(id, transport);
    return transport;
  }

  isLinked(a: string, b: string): boolean {
    return this.links.has(linkKey(a, b));
  }

  /**
   * Opens a channel between two transports; both sides see `peer-open` after the latency. No new
   * link crosses a partition (as in the browser, where dial and accept refuse): false then.
   */
  connect(a: string, b: string): boolean {
    if (a === b || !canReach(this.conditions, a, b)) return false;
    if (this.isLinked(a, b)) return true;
    this.links.add(linkKey(a, b)).add(linkKey(b, a));
    this.deliver(a, b, () => this.transports.get(b)?.events.emit('peer-open', a));
    this.deliver(b, a, () => this.transports.get(a)?.events.emit('peer-open', b));
    return true;
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
    const { now, latency, schedule } = this.options;
    const at = now();
    const fate = this.receiving.frame(this.conditions, linkKey(from, to), from, to, data, at, latency?.(from, to) ?? 0);
    if (!fate.deliver) {
      this.transports.get(to)?.events.emit('dropped', from, fate.reason, data);
      return true; // lost on the way: the sender cannot tell
    }
    schedule(() => {
      if (this.isLinked(from, to)) this.transports.get(to)?.events.emit('message', from, data);
    }, fate.at - at);
    return true;
  }

  peersOf(id: string): string[] {
    const prefix = `${id}>`;
    return [...this.links].filter((key) => key.startsWith(prefix)).map((key) => key.slice(prefix.length));
  }

  /** Opening and closing are never dropped nor slowed by conditions (only data is, on receive). */
  private deliver(from: string, to: string, fn: () => void): void {
    const { schedule, now, latency } = this.options;
    const at = now();
    schedule(fn, this.receiving.control(linkKey(from, to), at, latency?.(from, to) ?? 0) - at);
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
