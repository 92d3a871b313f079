/**
 * Topic pub/sub for a consortium chain, as decisions: every method returns what to send, what to
 * deliver to the application and whom to penalise; a shell carries it out.
 *
 * The relay scheme, and why it is correct. libp2p's floodsub sends a message only to neighbours
 * that announced the topic. That is cheap, but a subscriber whose path to the publisher runs
 * through non-subscribers never hears it: floodsub assumes subscribers are directly connected (or
 * uses gossipsub's topic meshes). Here, by default (`relay: 'all'`), every node relays every
 * topic to all neighbours except the one it came from, and delivers to its application only the
 * topics it subscribed to. On a connected mesh that reaches every node, hence every subscriber, and
 * the seen-cache makes each node handle each message once: flooding, with delivery filtered by
 * subscription. `relay: 'subscribers'` is the floodsub rule, kept to show its blind spot.
 *
 * Subscriptions are announced to neighbours (on link open, then as they change), as floodsub does:
 * the UI can show who follows what, and 'subscribers' mode needs it.
 *
 * Floods: each topic has a size limit and a per-neighbour rate limit (a token bucket), and each
 * neighbour also has one budget across all topics, checked first. Without it, topic names being
 * free, a neighbour that put each message on a new topic would get a fresh burst every time. The
 * per-topic buckets kept for one neighbour are capped too, so its state stays bounded whatever names
 * it sends. A bucket is forgotten only once it has refilled *and* its topic has been quiet for
 * TOPIC_HOLD_MS: refilling alone takes 50 ms after one message, which let a neighbour spray one
 * message on each of 120 new topics with no penalty (the cap never bit). A message over
 * any of these is dropped, is *not* marked seen (the same message may still arrive, within limits,
 * by another path) and earns its sender points. Our own publishing is held to the same limits, so
 * an honest node never earns points from honest neighbours for what it publishes itself.
 */
import { ok, reject, type Result } from '../../result';
import { TokenBucket } from '../unstructured/token-bucket';
import type { PubsubFrame, PublishFrame } from './frames';
import { SeenCache } from './seen-cache';
import { TopicLog, type TopicMessage } from './topic-log';
import { messageId, overBytes, validateTopic } from './topics';

export interface TopicLimits {
  /** UTF-8 bytes of a message's data. Default 16 KiB. */
  maxBytes?: number;
  /** Messages per second accepted per neighbour. Default 20. */
  perSecond?: number;
  /** Messages a neighbour may send at once. Default 100. */
  burst?: number;
}

/** One neighbour's budget across all topics. */
export interface LinkLimits {
  /** Messages per second accepted per neighbour, whatever their topics. Default 50. */
  perSecond?: number;
  /** Messages a neighbour may send at once, whatever their topics. Default 200. */
  burst?: number;
}

export interface TopicRouterInit {
  /** 'all' (default): relay every topic to every neighbour. 'subscribers': floodsub's rule. */
  relay?: 'all' | 'subscribers';
  /** Limits for topics not listed in `topicLimits`. */
  limits?: TopicLimits;
  topicLimits?: Record<string, TopicLimits>;
  /** The budget per neighbour across all topics, checked before the topic's own. */
  linkLimits?: LinkLimits;
  /** How long a message id is remembered. Default 120,000 ms (libp2p's seenTTL). */
  seenTtlMs?: number;
  /** Most ids remembered. Default 50,000. */
  seenCapacity?: number;
  /** Points for an oversized message and for one over the rate. Defaults 20 and 5. */
  penalty?: { oversize?: number; flood?: number };
  /** Messages kept per topic in the log. Default 50. */
  keepRecent?: number;
}

export interface TopicRouterComponents {
  localId: string;
  now: () => number;
}

export type PubsubAction =
  | { kind: 'send'; to: string; frame: PubsubFrame }
  | { kind: 'deliver'; message: TopicMessage }
  | { kind: 'penalise'; peer: string; points: number; reason: 'pubsub-oversize' | 'pubsub-flood'; detail: string };

export type PublishRejectReason = 'bad-topic' | 'oversize' | 'rate-limited';

/** What one sender (a neighbour, or ourselves) may still send: its link budget and its topics' buckets. */
interface Budget {
  link: TokenBucket;
  /** At most MAX_TOPICS_PER_PEER: topics used in the last TOPIC_HOLD_MS, or not yet refilled. */
  topics: Map<string, TopicBucket>;
}

interface TopicBucket {
  bucket: TokenBucket;
  /** When the sender last had a message accepted on this topic. */
  lastAt: number;
}

interface PeerPubsubState {
  topics: Set<string>;
  budget: Budget;
}

const DEFAULT_LIMITS: Required<TopicLimits> = { maxBytes: 16 * 1024, perSecond: 20, burst: 100 };
/**
 * Above one topic's limits, so a single busy topic never reaches it and two can burst at once; but
 * bounded whatever topic names a neighbour picks: at most 200 + 50 a second of its messages enter
 * the room through us. It also keeps the seen cache sound: at 50 a second per link, even 64 links
 * need over 11 s to bring 50,000 new ids, far longer than a copy takes to cross a LAN room.
 */
const DEFAULT_LINK_LIMITS: Required<LinkLimits> = { perSecond: 50, burst: 200 };
/** A peer may follow this many topics (further subscriptions are ignored), and send on this many at once. */
export const MAX_TOPICS_PER_PEER = 64;
/**
 * A topic counts against MAX_TOPICS_PER_PEER until it has been quiet this long (and its bucket has
 * refilled). Long enough that a spray of new topics, however spread out, meets the cap (64 topics in
 * 10 s is far more than a classroom room uses); short enough that a room's topics can change.
 */
export const TOPIC_HOLD_MS = 10_000;

export class TopicRouter {
  readonly log: TopicLog;
  /** Copies of messages already handled: flooding's cost, shown per node. */
  duplicates = 0;
  /** The same, per topic we follow (so at most one entry per subscription): what flooding costs on each. */
  private readonly duplicatesByTopic = new Map<string, number>();
  private readonly subscribed = new Set<string>();
  private readonly peers = new Map<string, PeerPubsubState>();
  private readonly seen: SeenCache;
  private readonly own: Budget;
  private lastSeqno = 0;

  constructor(
    private readonly init: TopicRouterInit,
    private readonly components: TopicRouterComponents,
  ) {
    this.seen = new SeenCache(init.seenTtlMs ?? 120_000, init.seenCapacity ?? 50_000);
    this.log = new TopicLog(init.keepRecent);
    this.own = this.newBudget(components.now());
  }

  subscriptions(): string[] {
    return [...this.subscribed].sort();
  }
  isSubscribed(topic: string): boolean {
    return this.subscribed.has(topic);
  }
  peerIds(): string[] {
    return [...this.peers.keys()];
  }
  /** Copies of already-handled messages that arrived on `topic` (relayed or not). */
  duplicatesOn(topic: string): number {
    return this.duplicatesByTopic.get(topic) ?? 0;
  }
  /** The topics a neighbour announced. */
  peerTopics(peer: string): string[] {
    return [...(this.peers.get(peer)?.topics ?? [])].sort();
  }
  /** Per-topic rate buckets held for a neighbour: never more than MAX_TOPICS_PER_PEER. */
  topicBucketsOf(peer: string): number {
    return this.peers.get(peer)?.budget.topics.size ?? 0;
  }
  /** Topics with a duplicate count: only followed ones. */
  topicsWithDuplicates(): number {
    return this.duplicatesByTopic.size;
  }

  subscribe(name: string): Result<PubsubAction[], 'bad-topic'> {
    const valid = validateTopic(name);
    if (!valid.ok) return valid;
    const topic = valid.value;
    if (this.subscribed.has(topic)) return ok([]);
    this.subscribed.add(topic);
    return ok(this.toAllPeers({ type: 'subscribe', topics: [topic] }));
  }

  unsubscribe(name: string): Result<PubsubAction[], 'bad-topic'> {
    const valid = validateTopic(name);
    if (!valid.ok) return valid;
    const topic = valid.value;
    if (!this.subscribed.delete(topic)) return ok([]);
    this.duplicatesByTopic.delete(topic);
    return ok(this.toAllPeers({ type: 'unsubscribe', topics: [topic] }));
  }

  /** A link opened: tell the neighbour what we follow. */
  addPeer(peer: string): PubsubAction[] {
    if (!this.peers.has(peer)) this.peers.set(peer, { topics: new Set(), budget: this.newBudget(this.components.now()) });
    const topics = this.subscriptions();
    return topics.length === 0 ? [] : [{ kind: 'send', to: peer, frame: { type: 'subscribe', topics } }];
  }

  removePeer(peer: string): void {
    this.peers.delete(peer);
  }

  publish(name: string, data: string): Result<{ id: string; actions: PubsubAction[] }, PublishRejectReason> {
    const valid = validateTopic(name);
    if (!valid.ok) return valid;
    const topic = valid.value;
    const now = this.components.now();
    const limits = this.limitsFor(topic);
    if (overBytes(data, limits.maxBytes)) return reject('oversize', `over ${limits.maxBytes} bytes for topic ${topic}`);
    const over = this.spend(this.own, topic, now);
    if (over !== null) return reject('rate-limited', `${over}: neighbours would drop it`);
    this.lastSeqno = Math.max(this.lastSeqno + 1, Math.floor(now));
    const frame: PublishFrame = { type: 'publish', topic, origin: this.components.localId, seqno: this.lastSeqno, data };
    const id = messageId(frame.origin, frame.seqno);
    this.seen.add(id, now);
    return ok({ id, actions: [...this.deliverIfSubscribed(frame, id, null, now), ...this.forward(frame, null)] });
  }

  /** A frame that passed parsePubsubFrame, from neighbour `from`. */
  onFrame(from: string, frame: PubsubFrame): PubsubAction[] {
    const peer = this.peers.get(from);
    if (!peer) return [];
    if (frame.type === 'subscribe') {
      for (const topic of frame.topics) if (peer.topics.size < MAX_TOPICS_PER_PEER) peer.topics.add(topic);
      return [];
    }
    if (frame.type === 'unsubscribe') {
      for (const topic of frame.topics) peer.topics.delete(topic);
      return [];
    }
    return this.onPublish(from, peer, frame);
  }

  private onPublish(from: string, peer: PeerPubsubState, frame: PublishFrame): PubsubAction[] {
    const now = this.components.now();
    const id = messageId(frame.origin, frame.seqno);
    // Our own messages coming back are duplicates too (we marked them seen when publishing).
    if (this.seen.has(id, now)) {
      this.duplicates++;
      if (this.subscribed.has(frame.topic)) this.duplicatesByTopic.set(frame.topic, this.duplicatesOn(frame.topic) + 1);
      return [];
    }
    if (frame.origin === this.components.localId) return []; // not ours, yet in our name: ignore
    const limits = this.limitsFor(frame.topic);
    if (overBytes(frame.data, limits.maxBytes)) {
      const detail = `message over ${limits.maxBytes} bytes on topic ${frame.topic}`;
      return [{ kind: 'penalise', peer: from, points: this.init.penalty?.oversize ?? 20, reason: 'pubsub-oversize', detail }];
    }
    const over = this.spend(peer.budget, frame.topic, now);
    if (over !== null) {
      return [{ kind: 'penalise', peer: from, points: this.init.penalty?.flood ?? 5, reason: 'pubsub-flood', detail: over }];
    }
    this.seen.add(id, now);
    return [...this.deliverIfSubscribed(frame, id, from, now), ...this.forward(frame, from)];
  }

  private deliverIfSubscribed(frame: PublishFrame, id: string, from: string | null, now: number): PubsubAction[] {
    if (!this.subscribed.has(frame.topic)) return [];
    const message: TopicMessage = { id, topic: frame.topic, origin: frame.origin, seqno: frame.seqno, data: frame.data, from, receivedAt: now };
    this.log.record(message);
    return [{ kind: 'deliver', message }];
  }

  private forward(frame: PublishFrame, from: string | null): PubsubAction[] {
    const actions: PubsubAction[] = [];
    const onlySubscribers = this.init.relay === 'subscribers';
    for (const [id, peer] of this.peers) {
      if (id === from || id === frame.origin) continue;
      if (onlySubscribers && !peer.topics.has(frame.topic)) continue;
      actions.push({ kind: 'send', to: id, frame });
    }
    return actions;
  }

  private toAllPeers(frame: PubsubFrame): PubsubAction[] {
    return [...this.peers.keys()].map((to) => ({ kind: 'send', to, frame }));
  }

  private limitsFor(topic: string): Required<TopicLimits> {
    return { ...DEFAULT_LIMITS, ...this.init.limits, ...this.init.topicLimits?.[topic] };
  }

  private newBudget(now: number): Budget {
    const { perSecond, burst } = { ...DEFAULT_LINK_LIMITS, ...this.init.linkLimits };
    return { link: new TokenBucket(perSecond, burst, now), topics: new Map() };
  }

  /**
   * One message on `topic` against a sender's budget, in order: the link's budget across all topics,
   * the cap on topics in flight, the topic's own bucket. Either all pass and each gives one token, or
   * the message is over and nothing is taken; the answer then says which limit, for a penalty's detail.
   */
  private spend(budget: Budget, topic: string, now: number): string | null {
    if (budget.link.available(now) < 1) {
      const { perSecond } = { ...DEFAULT_LINK_LIMITS, ...this.init.linkLimits };
      return `over ${perSecond}/s across all topics on this link (on topic ${topic})`;
    }
    let held = budget.topics.get(topic);
    if (!held) {
      if (budget.topics.size >= MAX_TOPICS_PER_PEER) {
        // Quiet and back at its burst, a bucket is just what a new one would be: forgetting it loses nothing.
        for (const [name, old] of budget.topics) {
          if (now - old.lastAt >= TOPIC_HOLD_MS && old.bucket.available(now) >= this.limitsFor(name).burst) budget.topics.delete(name);
        }
      }
      if (budget.topics.size >= MAX_TOPICS_PER_PEER) {
        return `over ${MAX_TOPICS_PER_PEER} topics in ${TOPIC_HOLD_MS / 1000} s on this link (new topic ${topic})`;
      }
      const { perSecond, burst } = this.limitsFor(topic);
      budget.topics.set(topic, (held = { bucket: new TokenBucket(perSecond, burst, now), lastAt: now }));
    }
    if (!held.bucket.take(now)) return `over ${this.limitsFor(topic).perSecond}/s on topic ${topic}`;
    held.lastAt = now;
    budget.link.take(now);
    return null;
  }
}
