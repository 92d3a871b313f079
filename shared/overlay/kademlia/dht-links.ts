/**
 * Kademlia as a tab's overlay: a DhtNode whose contacts are this node's links. It runs over the
 * Node's data channels (`dht-hello`, `dht-proof`, `dht` messages) and opens a channel to a contact
 * the first time an RPC is addressed to it — the way UDP lets the paper's nodes "just send".
 *
 * How a contact we have never met is reached: a `nodes` answer carries, beside each contact, the
 * answerer's link id for it (as Ethereum's NEIGHBORS carries endpoints). We dial that id through
 * the answerer, which passes our WebRTC signals on (relay-signal); so discovery needs no server.
 * Whoever answers for an id must prove it: a link counts as contact X only after the peer signs
 * our nonce with the key whose hash is X (id-proof.ts). Claims are only ever hints.
 *
 * Which links stay: the side that dialled owns a link and closes it once the contact is no longer
 * in its routing table (bucket full, failed), after a grace period; links others dialled to us
 * stay while they want them (their table holds us). A closed link takes its contact out of the
 * table, so "the connections are the routing table" holds both ways.
 */
import { Emitter } from '../../events/emitter';
import { DhtNode, type DhtInit } from './dht-node';
import { ContactHints } from './contact-hints';
import type { DhtLinkEvents, DhtLinksComponents, DhtLinksInit, LinkView } from './dht-links-init';

export type { DhtLinkEvents, DhtLinksComponents, DhtLinksInit, LinkDialer, LinkView, OverlayCarrier } from './dht-links-init';
import { bucketIndex, type NodeId } from './id';
import { checkIdProof, dhtIdOf, signIdProof } from './id-proof';
import type { DhtMessage } from './messages';
import { acceptContent } from './content';

interface LinkState {
  nonce: string;
  id: NodeId | null;
  outbound: boolean;
  since: number;
  hellos: number;
}

const POINTS = { unproven: 5, badProof: 50, helloFlood: 20, dhtOffence: 20, rateLimited: 2 } as const;
const MAX_WAITING_PER_CONTACT = 16;
const MAX_HELLOS_PER_LINK = 3;

export class DhtLinks {
  readonly dht: DhtNode;
  readonly id: NodeId;
  readonly events = new Emitter<DhtLinkEvents>();
  private readonly links = new Map<string, LinkState>();
  private readonly byId = new Map<NodeId, string>();
  /** Contact → the link id someone gave for it, and who gave it (the relay for the dial). */
  private readonly hints: ContactHints;
  /** RPCs for contacts whose channel is being opened. */
  private readonly waiting = new Map<NodeId, { messages: DhtMessage[]; since: number }>();
  private readonly dialling = new Map<string, number>();
  private deliver: ((from: NodeId, message: unknown) => void) | null = null;
  private serverPeers: string[] = [];
  private joined = false;
  private readonly offs: Array<() => void> = [];
  private cancelTick: (() => void) | null = null;
  private readonly opts: Required<Omit<DhtLinksInit, 'publicKey' | 'privateKey' | 'alpha'>> & { alpha?: number };

  constructor(
    private readonly init: DhtLinksInit,
    private readonly c: DhtLinksComponents,
  ) {
    const k = init.k ?? 4;
    this.opts = {
      k,
      alpha: init.alpha,
      rpcTimeoutMs: init.rpcTimeoutMs ?? 4_000,
      dialTimeoutMs: init.dialTimeoutMs ?? 10_000,
      refreshMs: init.refreshMs ?? 60_000,
      maintainMs: init.maintainMs ?? 2_000,
      graceMs: init.graceMs ?? 5_000,
      seeds: init.seeds ?? 3,
      maxInbound: init.maxInbound ?? 4 * k + 8,
    };
    this.id = dhtIdOf(init.publicKey);
    this.hints = new ContactHints(this.id, (peerId) => c.node.peerIds().includes(peerId));
    const dhtInit: DhtInit = {
      id: this.id,
      k,
      alpha: init.alpha,
      rpcTimeoutMs: this.opts.rpcTimeoutMs,
      refreshMs: this.opts.refreshMs,
      acceptValue: acceptContent,
    };
    this.dht = new DhtNode(dhtInit, {
      port: {
        send: (to, message) => this.sendTo(to, message),
        onMessage: (handler) => {
          this.deliver = handler;
          return () => void (this.deliver = null);
        },
      },
      now: c.now,
      setTimer: c.setTimer,
      random: c.random,
    });
  }

  start(): void {
    const { node } = this.c;
    this.dht.start();
    this.offs.push(
      node.events.on('peer-open', (peerId) => this.onOpen(peerId)),
      node.events.on('peer-close', (peerId) => this.onClose(peerId)),
      node.events.on('overlay-message', (peerId, message) => {
        if (message.type === 'dht-hello') this.onHello(peerId, message.nonce);
        else if (message.type === 'dht-proof') this.onProof(peerId, message.publicKey, message.signature);
        else if (message.type === 'dht') this.onDht(peerId, message.msg, message.addrs);
      }),
      this.dht.events.on('penalty', (id, reason, detail) => this.penalise(id, POINTS.dhtOffence, `dht-${reason}`, detail)),
      this.dht.events.on('rate-limited', (id) => this.penalise(id, POINTS.rateLimited, 'dht-rate-limited', 'too many Kademlia messages')),
    );
    for (const peerId of node.peerIds()) this.onOpen(peerId);
    this.tick();
  }

  stop(): void {
    this.cancelTick?.();
    this.offs.splice(0).forEach((off) => off());
    this.dht.stop();
  }

  /** Tabs the signalling server listed: we dial a few of them and join through whichever answers first. */
  seed(peerIds: readonly string[]): void {
    this.serverPeers = [...peerIds];
    const shuffled = [...peerIds].sort(() => this.c.random() - 0.5);
    for (const peerId of shuffled.slice(0, this.opts.seeds)) if (!this.c.dialer.hasLink(peerId)) this.dial(peerId);
  }

  /** A tab the server said has left: no longer a seed. */
  forget(peerId: string): void {
    this.serverPeers = this.serverPeers.filter((id) => id !== peerId);
  }

  /** Whether to take a channel someone else opened: only while we have room for inbound links. */
  acceptInbound(): boolean {
    return [...this.links.values()].filter((l) => !l.outbound).length < this.opts.maxInbound;
  }

  /** Every link and why it is there: the Kademlia panel's list, and what tests check. */
  linkView(): LinkView[] {
    const now = this.c.now();
    return [...this.links].map(([peerId, l]) => ({
      peerId,
      id: l.id,
      outbound: l.outbound,
      ageMs: now - l.since,
      inTable: l.id !== null && this.dht.table.has(l.id),
    }));
  }

  /** The link to contact `id`, if it proved itself. */
  linkOf(id: NodeId): string | undefined {
    return this.byId.get(id);
  }

  contactOf(peerId: string): NodeId | null {
    return this.links.get(peerId)?.id ?? null;
  }

  isOutbound(peerId: string): boolean {
    return this.links.get(peerId)?.outbound ?? false;
  }

  private dial(peerId: string, via?: string): void {
    this.dialling.set(peerId, this.c.now());
    this.c.dialer.dial(peerId, via);
  }

  private sendTo(to: NodeId, message: DhtMessage): void {
    this.hints.sent(to, message);
    const peerId = this.byId.get(to);
    if (peerId !== undefined) return this.write(peerId, message);
    const waiting = this.waiting.get(to);
    if (waiting) {
      if (waiting.messages.length < MAX_WAITING_PER_CONTACT) waiting.messages.push(message);
      return;
    }
    const hint = this.hints.get(to);
    if (!hint) return; // no way to reach it: the RPC times out and the lookup moves on
    if (!this.c.dialer.hasLink(hint.peerId)) {
      const via = this.c.node.peerIds().includes(hint.via) ? hint.via : undefined;
      if (via === undefined && !this.c.dialer.serverUp()) return;
      const how = via ? (this.c.dialer.serverUp() ? 'dialViaTab' : 'dialViaTabServerAway') : 'dialViaServer';
      this.events.emit('note', hint.peerId, { key: `kademlia.${how}`, params: { dhtId: `${to.slice(0, 8)}…` } });
      this.dial(hint.peerId, via);
    }
    this.waiting.set(to, { messages: [message], since: this.c.now() });
  }

  private write(peerId: string, msg: DhtMessage): void {
    // A `nodes` answer says where each contact can be reached: our link to it, if we have one.
    const addrs = msg.type === 'nodes' ? msg.contacts.map((id) => this.byId.get(id) ?? '') : undefined;
    this.c.node.sendOverlay(peerId, addrs ? { type: 'dht', msg, addrs } : { type: 'dht', msg });
  }

  private onOpen(peerId: string): void {
    if (this.links.has(peerId)) return;
    const outbound = this.dialling.delete(peerId);
    const nonce = this.c.randomHex(16);
    this.links.set(peerId, { nonce, id: null, outbound, since: this.c.now(), hellos: 0 });
    this.c.node.sendOverlay(peerId, { type: 'dht-hello', nonce });
  }

  private onClose(peerId: string): void {
    const link = this.links.get(peerId);
    this.links.delete(peerId);
    this.dialling.delete(peerId);
    if (!link?.id || this.byId.get(link.id) !== peerId) return;
    this.byId.delete(link.id);
    // With no proven link left, the next one we prove is a new entry point: join through it again.
    if (this.byId.size === 0) this.joined = false;
    // The channel was the contact: without it the contact is out of reach until dialled again.
    // Its bucket then looks for a replacement at once (through relays if the server is away).
    if (this.dht.table.remove(link.id)) {
      const bucket = bucketIndex(this.id, link.id);
      if (bucket !== null) this.dht.refreshBucket(bucket);
    }
  }

  private onHello(peerId: string, nonce: string): void {
    const link = this.links.get(peerId);
    if (!link) return;
    // Each proof costs us a signature: a peer gets a few per link, not a flood.
    if (++link.hellos > MAX_HELLOS_PER_LINK) {
      return this.c.node.penalisePeer(peerId, POINTS.helloFlood, 'dht-hello-flood', 'asked for our id proof again and again');
    }
    this.c.node.sendOverlay(peerId, { type: 'dht-proof', publicKey: this.init.publicKey, signature: signIdProof(this.init.privateKey, nonce) });
  }

  private onProof(peerId: string, publicKey: string, signature: string): void {
    const link = this.links.get(peerId);
    if (!link) return;
    if (link.id !== null) return this.c.node.penalisePeer(peerId, POINTS.unproven, 'dht-unasked-proof', 'a second id proof on one link');
    const id = checkIdProof(publicKey, signature, link.nonce);
    if (id === null) {
      this.c.node.penalisePeer(peerId, POINTS.badProof, 'dht-bad-proof', 'its signature does not prove the DHT id it claims');
      return this.c.dialer.disconnect(peerId);
    }
    if (id === this.id) return this.c.dialer.disconnect(peerId); // ourselves, under an older connection
    const other = this.byId.get(id);
    if (other !== undefined && other !== peerId && this.links.has(other)) {
      // A second link to one contact: its dialler closes it, and the first stays the contact's
      // (each side applies the same rule, so both ends agree which link survives).
      link.id = id;
      if (!link.outbound) return;
      this.events.emit('note', peerId, { key: 'kademlia.closeSecond', params: { dhtId: `${id.slice(0, 8)}…` } });
      return this.c.dialer.disconnect(peerId);
    }
    link.id = id;
    this.byId.set(id, peerId);
    this.hints.forget(id);
    this.events.emit('proven', peerId, id);
    const waiting = this.waiting.get(id);
    this.waiting.delete(id);
    for (const message of waiting?.messages ?? []) this.write(peerId, message);
    // A PING files each side in the other's table (§2.2: every message is a sign of life).
    this.dht.ping(id);
    if (!this.joined) {
      this.joined = true;
      this.events.emit('note', peerId, { key: 'kademlia.joining', params: { dhtId: `${id.slice(0, 8)}…` } });
      this.dht.join([id]);
    }
  }

  private onDht(peerId: string, msg: unknown, addrs: string[] | undefined): void {
    const link = this.links.get(peerId);
    if (!link) return;
    if (link.id === null) return this.c.node.penalisePeer(peerId, POINTS.unproven, 'dht-unproven', 'a Kademlia message before proving its id');
    this.hints.received(link.id, peerId, msg, addrs, (id) => this.byId.has(id));
    this.deliver?.(link.id, msg);
  }

  private penalise(id: NodeId, points: number, code: string, detail: string): void {
    const peerId = this.byId.get(id);
    if (peerId !== undefined) this.c.node.penalisePeer(peerId, points, code, detail);
  }

  private tick(): void {
    this.maintain();
    this.cancelTick = this.c.setTimer(() => this.tick(), this.opts.maintainMs);
  }

  private maintain(): void {
    const now = this.c.now();
    for (const [id, w] of this.waiting) if (now - w.since > this.opts.dialTimeoutMs) this.waiting.delete(id);
    for (const [peerId, since] of this.dialling) {
      if (now - since <= this.opts.dialTimeoutMs) continue;
      this.dialling.delete(peerId);
      if (!this.links.has(peerId)) this.c.dialer.disconnect(peerId);
    }
    for (const [peerId, link] of this.links) {
      const age = now - link.since;
      if (link.id === null && age > this.opts.dialTimeoutMs) {
        this.events.emit('note', peerId, { key: 'kademlia.closeUnproven' });
        this.c.dialer.disconnect(peerId);
      } else if (link.id !== null && link.outbound && age > this.opts.graceMs && !this.dht.table.has(link.id)) {
        this.events.emit('note', peerId, { key: 'kademlia.closeDropped', params: { dhtId: `${link.id.slice(0, 8)}…` } });
        this.c.dialer.disconnect(peerId);
      }
    }
    if (this.byId.size === 0 && this.links.size === 0 && this.dialling.size === 0 && this.serverPeers.length > 0 && this.c.dialer.serverUp()) {
      this.seed(this.serverPeers);
    }
    // Each bucket is refreshed once it has gone refreshMs without a lookup (checked on every
    // tick, not in batches): a bucket whose refill failed tries again within that period.
    if (this.joined) this.dht.refresh();
  }
}
