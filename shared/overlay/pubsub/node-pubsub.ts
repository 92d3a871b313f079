/**
 * Topic pub/sub on a Node's links: the shell that carries out a TopicRouter's decisions. Frames
 * travel as the node's `pubsub` overlay message; whatever is malformed is scored against its sender
 * through the node, like any other offence, and the node drops a peer that keeps at it.
 *
 * Topics come in two kinds:
 * - `blocks` and `transactions`, which every node follows and cannot leave. The chain's own relay
 *   already floods them with dedupe, so they are not sent again as frames; their logs are fed from
 *   the node's events (chain-topics.ts says why). Nobody may publish on them as a frame.
 * - everything else (`notes` for the room, any name a student types), which goes through the
 *   TopicRouter: flooded to every neighbour, delivered here only if we follow the topic.
 */
import { Emitter } from '../../events/emitter';
import type { Node } from '../../node/node';
import { PENALTY } from '../../node/node-init';
import { ok, reject, type Result } from '../../result';
import { blockMessage, CHAIN_TOPICS, ChainCopies, isChainTopic, transferMessage } from './chain-topics';
import { parsePubsubFrame } from './frames';
import { TopicRouter, type PubsubAction, type PublishRejectReason, type TopicLimits, type TopicRouterInit } from './router';
import { SeenCache } from './seen-cache';
import type { TopicMessage } from './topic-log';
import { validateTopic } from './topics';

/** A note is a line of text, not a file: far below the router's 16 KiB default. */
export const NOTE_LIMITS: TopicLimits = { maxBytes: 1024 };
/** Transfers already logged (a reorg hands some back to the mempool: not a new arrival). */
const TX_SEEN_TTL_MS = 60 * 60 * 1000;
const TX_SEEN_CAPACITY = 10_000;

export interface NodePubsubEvents {
  /** A message delivered to this node on a topic it follows, chain topics included; once per message. */
  delivered: (message: TopicMessage) => void;
  /** Subscriptions, counts or neighbours changed: a view may redraw. */
  changed: () => void;
}

/** One followed topic, as a view draws it. */
export interface TopicSummary {
  topic: string;
  /** `blocks` or `transactions`: carried by the chain relay, followed by every node. */
  chain: boolean;
  delivered: number;
  /** Copies of messages this node had already handled: what flooding costs here. */
  duplicates: number;
  /** Neighbours known to follow it (for chain topics: every neighbour). */
  followers: number;
  /** The most recent deliveries, oldest first. */
  recent: TopicMessage[];
}

export type PublishReason = PublishRejectReason | 'chain-topic' | 'empty';
export type SubscriptionReason = 'bad-topic' | 'chain-topic';

export interface NodePubsubComponents {
  node: Node;
  now: () => number;
}

export class NodePubsub {
  readonly events = new Emitter<NodePubsubEvents>();
  private readonly router: TopicRouter;
  private readonly copies = new ChainCopies();
  private readonly loggedTxs = new SeenCache(TX_SEEN_TTL_MS, TX_SEEN_CAPACITY);
  /** Mempool arrival numbers are increasing: only transfers past this one are new. */
  private lastTxSeq = -1;
  /** Peers of another chain (other room settings): the node ignores their invs and transfers, so do we. */
  private readonly foreign = new Set<string>();
  private readonly offs: Array<() => void> = [];

  constructor(
    init: TopicRouterInit,
    private readonly components: NodePubsubComponents,
  ) {
    const { node, now } = components;
    // A getter: a tab's id changes when it rejoins the signalling server, and frames carry it.
    const routerComponents = { get localId() { return node.id; }, now };
    this.router = new TopicRouter({ ...init, topicLimits: { notes: NOTE_LIMITS, ...init.topicLimits } }, routerComponents);
  }

  start(): void {
    const { node } = this.components;
    this.offs.push(
      node.events.on('peer-open', (peer) => this.carryOut(this.router.addPeer(peer))),
      node.events.on('peer-close', (peer) => {
        this.router.removePeer(peer);
        this.foreign.delete(peer);
        this.changed();
      }),
      node.events.on('overlay-message', (peer, message) => {
        if (message.type === 'pubsub') this.onFrame(peer, message.frame);
      }),
      node.events.on('message', (peer, direction, type) => this.onChainTraffic(peer, direction, type)),
      node.events.on('error', ({ peerId, code }) => {
        if (peerId === null) return;
        if (code === 'wrong-chain') this.foreign.add(peerId);
        this.copies.handled(peerId); // refused or judged: an offence or a race, not a duplicate
      }),
      node.events.on('block-accepted', (entry, source) => {
        if (source.kind === 'store') return; // restored from this tab's own storage: not an arrival
        this.deliverChain(blockMessage(entry, source.kind === 'peer' ? source.peerId : null, this.components.now()));
      }),
      node.events.on('mempool-changed', () => this.onMempoolChanged()),
    );
    // What was already in the mempool arrived before we listened.
    for (const pending of node.chain.mempool.pending()) this.lastTxSeq = Math.max(this.lastTxSeq, pending.seq);
    for (const peer of node.peerIds()) this.carryOut(this.router.addPeer(peer));
  }

  stop(): void {
    for (const off of this.offs.splice(0)) off();
  }

  /** Chain topics first, then the others by name. */
  subscriptions(): string[] {
    return [...CHAIN_TOPICS, ...this.router.subscriptions()];
  }

  isSubscribed(name: string): boolean {
    const valid = validateTopic(name);
    return valid.ok && (isChainTopic(valid.value) || this.router.isSubscribed(valid.value));
  }

  subscribe(name: string): Result<void, SubscriptionReason> {
    const valid = validateTopic(name);
    if (!valid.ok) return valid;
    const topic = valid.value;
    if (isChainTopic(topic)) return ok(undefined); // every node already follows it
    const result = this.router.subscribe(topic);
    if (!result.ok) return result;
    this.carryOut(result.value);
    this.changed();
    return ok(undefined);
  }

  unsubscribe(name: string): Result<void, SubscriptionReason> {
    const valid = validateTopic(name);
    if (!valid.ok) return valid;
    const topic = valid.value;
    if (isChainTopic(topic)) {
      return reject('chain-topic', `every full node follows ${topic}: it needs them to keep and mine the chain`);
    }
    const result = this.router.unsubscribe(topic);
    if (!result.ok) return result;
    this.carryOut(result.value);
    this.changed();
    return ok(undefined);
  }

  /** Sends `data` to every follower of `topic`, ourselves included if we follow it. */
  publish(name: string, data: string): Result<{ id: string }, PublishReason> {
    const valid = validateTopic(name);
    if (!valid.ok) return valid;
    const topic = valid.value;
    if (isChainTopic(topic)) {
      return reject('chain-topic', `${topic} travel by the chain's own relay: mine a block or send a transfer instead`);
    }
    if (data.trim() === '') return reject('empty', 'there is nothing to publish: write some text first');
    const result = this.router.publish(topic, data);
    if (!result.ok) return result;
    this.carryOut(result.value.actions);
    this.changed();
    return ok({ id: result.value.id });
  }

  /** Per-topic rate buckets held for a link's messages: at most MAX_TOPICS_PER_PEER (64), whatever it sends. */
  topicBucketsOf(peer: string): number {
    return this.router.topicBucketsOf(peer);
  }

  /** Topics with a duplicate count: only frame topics this tab follows. */
  topicsWithDuplicates(): number {
    return this.router.topicsWithDuplicates();
  }

  /** Every followed topic with its counts and recent messages (copies, safe to keep). */
  summary(): TopicSummary[] {
    const neighbours = this.router.peerIds();
    return this.subscriptions().map((topic) => {
      const chain = isChainTopic(topic);
      return {
        topic,
        chain,
        delivered: this.router.log.delivered(topic),
        duplicates: chain ? this.copies.duplicatesOn(topic) : this.router.duplicatesOn(topic),
        followers: chain ? neighbours.length : neighbours.filter((peer) => this.router.peerTopics(peer).includes(topic)).length,
        recent: [...(this.router.log.get(topic)?.recent ?? [])],
      };
    });
  }

  private onFrame(peer: string, raw: unknown): void {
    const { node } = this.components;
    const parsed = parsePubsubFrame(raw);
    if (!parsed.ok) return node.penalisePeer(peer, PENALTY.undecodable, parsed.reason, `pub/sub frame refused: ${parsed.detail}`);
    const frame = parsed.value;
    if (frame.type === 'publish' && isChainTopic(frame.topic)) {
      // No honest node sends these (publish() refuses them): they would be fake blocks or transfers.
      const detail = `a pub/sub message on ${frame.topic}, which travel only by the chain relay`;
      return node.penalisePeer(peer, PENALTY.undecodable, 'pubsub-chain-topic', detail);
    }
    this.carryOut(this.router.onFrame(peer, frame));
    this.changed();
  }

  private carryOut(actions: readonly PubsubAction[]): void {
    const { node } = this.components;
    for (const action of actions) {
      if (action.kind === 'send') node.sendOverlay(action.to, { type: 'pubsub', frame: action.frame });
      else if (action.kind === 'deliver') this.events.emit('delivered', action.message);
      else node.penalisePeer(action.peer, action.points, action.reason, action.detail);
    }
  }

  /** The chain relay's copies: `inv` (a block announced) and `tx` (a transfer pushed). */
  private onChainTraffic(peer: string, direction: 'in' | 'out', type: string): void {
    if (direction === 'in') {
      const copy = type === 'inv' ? 'blocks' : type === 'tx' ? 'transactions' : null;
      const topic = this.foreign.has(peer) ? null : copy;
      if (this.copies.arrived(peer, topic)) this.changed();
    } else if (type === 'get-data') {
      this.copies.handled(peer); // the announcement brought a block we lacked: we asked for it
    }
  }

  private onMempoolChanged(): void {
    const { node, now } = this.components;
    for (const pending of node.chain.mempool.pending()) {
      if (pending.seq <= this.lastTxSeq) continue;
      this.lastTxSeq = pending.seq;
      if (this.loggedTxs.has(pending.id, now())) continue;
      this.loggedTxs.add(pending.id, now());
      // The peer whose `tx` is being handled brought it; none for ours, or one that waited for a block.
      const from = this.copies.bringer('transactions');
      if (from) this.copies.handled(from);
      this.deliverChain(transferMessage(pending, from, now()));
    }
  }

  private deliverChain(message: TopicMessage): void {
    this.router.log.record(message);
    this.events.emit('delivered', message);
    this.changed();
  }

  private changed(): void {
    this.events.emit('changed');
  }
}
