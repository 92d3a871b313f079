/**
 * One node of the gossip simulation: the thin shell that carries out the decisions of the address
 * book, the connection policy, ADDR gossip and flooding. It is what a browser Node's overlay shell
 * will look like, with the simulated network in place of a Transport.
 */
import { AddressBook, type AddressBookInit } from './address-book';
import { AddrGossip, type AddrAction, type AddrFrame, type AddrGossipInit } from './addr-gossip';
import {
  decideInbound,
  dialsToMake,
  linksToDrop,
  type ConnectionPolicyInit,
  type LinkInfo,
  type LinkSnapshot,
} from './connection-policy';
import { FloodRelay, type FloodAction, type FloodFrame, type FloodInit } from './flood';

export type SimMessage =
  | { kind: 'dial' }
  | { kind: 'dial-ok' }
  | { kind: 'dial-refused' }
  | { kind: 'close' }
  /** Core's ADDR_FETCH connection to a seed: "here is my address, give me some", answered once. */
  | { kind: 'addr-fetch' }
  | { kind: 'addr'; frame: AddrFrame }
  | { kind: 'flood'; frame: FloodFrame };

export interface SimNetwork {
  now(): number;
  random(): number;
  send(from: string, to: string, message: SimMessage): void;
  schedule(delayMs: number, fn: () => void): void;
}

export interface SimNodeOptions {
  book?: AddressBookInit;
  policy?: ConnectionPolicyInit;
  gossip?: AddrGossipInit;
  flood?: FloodInit;
  /** Misbehaviour points at which a link is closed. Default 100, as the Node's. */
  dropThreshold?: number;
}

export class SimNode {
  readonly book: AddressBook;
  readonly gossip: AddrGossip;
  readonly flood: FloodRelay;
  readonly outbound = new Map<string, LinkInfo>();
  readonly inbound = new Map<string, LinkInfo>();
  readonly dialing = new Set<string>();
  /** Every address a seed gave us (and the seeds themselves). */
  readonly toldBySeeds = new Set<string>();
  readonly misbehaviour = new Map<string, number>();
  /** Seeds we are fetching addresses from (not links; closed once they answer). */
  private readonly fetching = new Set<string>();
  private neighbourCache: string[] | undefined;
  penaltyPoints = 0;
  dropsForMisbehaviour = 0;
  /** When the flooded item reached this node. */
  receivedAt: number | undefined;

  constructor(
    readonly id: string,
    private readonly net: SimNetwork,
    private readonly options: SimNodeOptions = {},
  ) {
    this.book = new AddressBook(options.book ?? {}, { selfId: id, random: net.random });
    this.gossip = new AddrGossip(options.gossip ?? {}, { selfId: id, book: this.book, random: net.random });
    this.flood = new FloodRelay(options.flood);
  }

  /** Open links, both directions; cached because every ADDR relay draws from it. */
  neighbours(): readonly string[] {
    return (this.neighbourCache ??= [...this.outbound.keys(), ...this.inbound.keys()]);
  }

  snapshot(): LinkSnapshot {
    return { outbound: [...this.outbound.values()], inbound: [...this.inbound.values()], dialing: [...this.dialing] };
  }

  /** Start knowing only `seeds`: ask each for addresses, then dial. */
  join(seeds: readonly string[]): void {
    const now = this.net.now();
    for (const seed of seeds) {
      if (seed === this.id) continue;
      this.book.add(seed, 'seed', now);
      this.toldBySeeds.add(seed);
      this.fetching.add(seed);
      this.gossip.addPeer(seed, false, now);
      this.gossip.requestAddresses(seed);
      this.net.send(this.id, seed, { kind: 'addr-fetch' });
    }
    if (this.fetching.size === 0) this.maintain();
  }

  /** The periodic check (Core's ThreadOpenConnections): drop what is over the limits, dial up to the target. */
  maintain(): void {
    for (const drop of linksToDrop(this.snapshot(), this.options.policy)) this.close(drop.peer);
    const now = this.net.now();
    for (const peer of dialsToMake(this.snapshot(), this.book, now, this.options.policy)) {
      this.book.attempt(peer, now);
      this.dialing.add(peer);
      this.net.send(this.id, peer, { kind: 'dial' });
    }
  }

  /** Start flooding an item made here. */
  originate(itemId: string): void {
    this.receivedAt = this.net.now();
    this.sendFlood(this.flood.announce(itemId));
  }

  receive(from: string, message: SimMessage): void {
    const now = this.net.now();
    switch (message.kind) {
      case 'dial':
        return this.onDial(from, now);
      case 'dial-ok':
        if (!this.dialing.delete(from)) return this.net.send(this.id, from, { kind: 'close' });
        this.book.good(from, now);
        this.open(from, this.outbound, false, now);
        this.sendAddr(this.gossip.advertiseSelf(from));
        return this.sendAddr(this.gossip.requestAddresses(from));
      case 'dial-refused':
        this.dialing.delete(from);
        return this.book.failed(from, now);
      case 'close':
        return this.forget(from);
      case 'addr-fetch': {
        // Not a relay link: the seed files the newcomer (so later newcomers hear of it) and
        // answers once, but relays nothing, or every join would fan out from a handful of seeds.
        this.book.add(from, from, now);
        return this.sendAddr(this.gossip.answerFetch(from));
      }
      case 'addr':
        return this.onAddr(from, message.frame, now);
      case 'flood':
        return this.onFlood(from, message.frame, now);
    }
  }

  private onDial(from: string, now: number): void {
    const decision = decideInbound(from, this.id, this.snapshot(), this.options.policy);
    if (decision.kind === 'refuse') return this.net.send(this.id, from, { kind: 'dial-refused' });
    if (decision.kind === 'accept-evicting') this.close(decision.drop);
    this.open(from, this.inbound, true, now);
    this.net.send(this.id, from, { kind: 'dial-ok' });
  }

  private onAddr(from: string, frame: AddrFrame, now: number): void {
    const linkedOrFetching = this.outbound.has(from) || this.inbound.has(from) || this.fetching.has(from);
    if (!linkedOrFetching) return;
    if (frame.type === 'getaddr') return this.sendAddr(this.gossip.onGetAddr(from));
    if (this.fetching.delete(from)) {
      frame.addrs.forEach((a) => this.toldBySeeds.add(a));
      this.sendAddr(this.gossip.onAddr(from, frame.addrs, this.neighbours(), now).actions);
      if (!this.outbound.has(from) && !this.inbound.has(from)) this.gossip.removePeer(from);
      return this.maintain();
    }
    this.sendAddr(this.gossip.onAddr(from, frame.addrs, this.neighbours(), now).actions);
  }

  private onFlood(from: string, frame: FloodFrame, now: number): void {
    if (!this.outbound.has(from) && !this.inbound.has(from)) return;
    if (frame.type === 'inv') {
      return this.sendFlood(this.flood.onInv(from, frame.id, now));
    }
    if (frame.type === 'getdata') return this.sendFlood(this.flood.onGetData(from, frame.id));
    if (!this.flood.onItem(from, frame.id).fresh) return;
    // Every simulated item is valid; a real Node validates here before announcing.
    this.receivedAt = now;
    const link = this.outbound.get(from) ?? this.inbound.get(from);
    if (link) link.lastNovelBlockAt = now;
    this.sendFlood(this.flood.announce(frame.id));
  }

  private open(peer: string, table: Map<string, LinkInfo>, inbound: boolean, now: number): void {
    table.set(peer, { id: peer, connectedAt: now });
    this.neighbourCache = undefined;
    this.gossip.addPeer(peer, inbound, now);
    this.flood.addPeer(peer);
  }

  private close(peer: string): void {
    if (!this.outbound.has(peer) && !this.inbound.has(peer)) return;
    this.net.send(this.id, peer, { kind: 'close' });
    this.forget(peer);
  }

  private forget(peer: string): void {
    this.outbound.delete(peer);
    this.inbound.delete(peer);
    this.neighbourCache = undefined;
    this.misbehaviour.delete(peer);
    this.gossip.removePeer(peer);
    this.sendFlood(this.flood.removePeer(peer, this.net.now()));
  }

  private sendAddr(actions: readonly AddrAction[]): void {
    for (const action of actions) {
      if (action.kind === 'send') {
        this.net.send(this.id, action.to, { kind: 'addr', frame: action.frame });
        continue;
      }
      this.penaltyPoints += action.points;
      const score = (this.misbehaviour.get(action.peer) ?? 0) + action.points;
      this.misbehaviour.set(action.peer, score);
      if (score >= (this.options.dropThreshold ?? 100)) {
        this.dropsForMisbehaviour++;
        this.close(action.peer);
      }
    }
  }

  private sendFlood(actions: readonly FloodAction[]): void {
    for (const action of actions) {
      this.net.send(this.id, action.to, { kind: 'flood', frame: action.frame });
      // Each request gets its own wake-up at its deadline (a real shell keeps one timer at nextDeadline()).
      if (action.frame.type === 'getdata') {
        this.net.schedule(this.flood.nextDeadline()! - this.net.now(), () => this.sendFlood(this.flood.onTimer(this.net.now())));
      }
    }
  }
}
