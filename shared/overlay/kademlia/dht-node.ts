/**
 * One participant in the Kademlia DHT (Maymounkov & Mazières 2002): it answers PING, FIND_NODE,
 * FIND_VALUE and STORE, keeps its routing table from the messages it receives (§2.2), and runs
 * lookups (§2.3), stores (k closest nodes, §2.3) and joins (§2.3) for its owner.
 *
 * It speaks through an abstract `DhtPort` — send to an id, hear from an id — and is given its
 * clock, timer and random source, so the same class runs in a tab (over the WebRTC transport,
 * through an adapter) and 10,000 times over in one synchronous simulation.
 * Results come back through callbacks, not promises, so a simulation's event loop can drive
 * everything to completion without yielding to the microtask queue.
 */
import { Emitter } from '../../events/emitter';
import { bucketIndex, compareDistance, isNodeId, randomIdInBucket, type NodeId } from './id';
import { isOffence, Lookup, type Hop, type LookupMode, type LookupRejectReason, type LookupResult } from './lookup';
import { decodeDhtMessage, rpcId, type DhtMessage, type DhtReply } from './messages';
import { RateLimiter, type RateLimitInit } from './rate-limit';
import { RoutingTable, type RoutingTableInit, type TableUpdate } from './routing-table';
import { RpcTracker, type RequestBody } from './rpc';
import { ValueStore, type ValueStoreInit } from './value-store';

export interface DhtPort {
  /** Sends a message to the node with this id (the adapter knows how to reach it). */
  send(to: NodeId, message: DhtMessage): void;
  /** `from` must be who the channel belongs to, never read from the message. Returns an unsubscribe. */
  onMessage(handler: (from: NodeId, message: unknown) => void): () => void;
}

export interface DhtComponents {
  port: DhtPort;
  now: () => number;
  /** Runs `fn` after `ms`; returns a cancel function. Used only for RPC timeouts. */
  setTimer: (fn: () => void, ms: number) => () => void;
  /** [0, 1): RPC ids and refresh targets. */
  random: () => number;
}

export interface DhtInit {
  id: NodeId;
  /** Bucket size and replication (§2.2, §2.3). Default 20. */
  k?: number;
  /** Lookup parallelism (§2.3). Default 3. */
  alpha?: number;
  /** An RPC unanswered after this long is sent again, or has failed. Default 2000 ms. */
  rpcTimeoutMs?: number;
  /** Times an unanswered RPC is resent (same rpc id, so a late first answer still counts). Default 1. */
  rpcRetries?: number;
  /** A bucket with no lookup for this long is refreshed by `refresh()` (§2.3: an hour). Default 3,600,000. */
  refreshMs?: number;
  /** After the self-lookup of `join`, refresh every bucket farther than the nearest neighbour (§2.3). Default true. */
  refreshOnJoin?: boolean;
  /**
   * Ping up to this many of the contacts each NODES answer tells us about (new ones, in buckets
   * with room: `RoutingTable.heard`), so they can enter the table through their PONG. Default 0:
   * as in §2.2, only nodes that message us are filed.
   */
  verifyClaims?: number;
  /** Store a found value at the nearest node that lacked it (§2.3 caching). Default true. */
  cacheFoundValues?: boolean;
  table?: Omit<RoutingTableInit, 'k' | 'createdAt'>;
  store?: ValueStoreInit;
  rateLimit?: RateLimitInit;
  /** Whether `value` may live under `key` (e.g. key = first 20 bytes of the value's hash). Default: any. */
  acceptValue?: (key: NodeId, value: string) => boolean;
}

export type DhtOffence = 'malformed-message' | LookupRejectReason | 'unexpected-reply' | 'bad-value';

export interface DhtEvents {
  /** `peer` broke the protocol; the owner decides how much that costs it (score, disconnect). */
  penalty: (peer: NodeId, reason: DhtOffence, detail: string) => void;
  'rate-limited': (peer: NodeId) => void;
  stored: (key: NodeId, from: NodeId) => void;
  /** A lookup began: `seq` names it in the events below (what a panel animates hop by hop). */
  'lookup-start': (seq: number, target: NodeId, purpose: LookupPurpose) => void;
  'lookup-hop': (seq: number, hop: Hop) => void;
  'lookup-done': (seq: number, result: LookupResult) => void;
}

/** Why a lookup ran: asked for by the owner, or part of joining, refreshing or storing. */
export type LookupPurpose = 'find-node' | 'find-value' | 'store' | 'join' | 'refresh';

export class DhtNode {
  readonly id: NodeId;
  readonly table: RoutingTable;
  readonly values: ValueStore;
  readonly events = new Emitter<DhtEvents>();
  private readonly rpcs: RpcTracker;
  private readonly limiter: RateLimiter;
  private readonly k: number;
  private off: (() => void) | null = null;
  private lookups = 0;

  constructor(
    private readonly init: DhtInit,
    private readonly c: DhtComponents,
  ) {
    if (!isNodeId(init.id)) throw new Error(`not a node id: ${init.id}`);
    this.id = init.id;
    this.k = init.k ?? 20;
    this.table = new RoutingTable(init.id, { ...init.table, k: this.k, createdAt: c.now() });
    this.values = new ValueStore(init.id, init.store);
    this.limiter = new RateLimiter(init.rateLimit);
    this.rpcs = new RpcTracker({
      send: (to, m) => c.port.send(to, m),
      setTimer: c.setTimer,
      random: c.random,
      timeoutMs: init.rpcTimeoutMs ?? 2000,
      retries: init.rpcRetries ?? 1,
    });
  }

  start(): void {
    this.off ??= this.c.port.onMessage((from, data) => this.receive(from, data));
  }

  /** Stops listening; RPCs in flight are abandoned (their callbacks never run). */
  stop(): void {
    this.off?.();
    this.off = null;
    this.rpcs.abandonAll();
  }

  ping(to: NodeId, done?: (alive: boolean) => void): void {
    this.rpcs.request(to, { type: 'ping' }, () => done?.(true), () => done?.(false));
  }

  findNode(target: NodeId, done: (result: LookupResult) => void): void {
    this.lookup(target, 'node', [], 'find-node', done);
  }

  /** FIND_VALUE; answered at once (hops 0) when the value is already here. */
  findValue(key: NodeId, done: (result: LookupResult) => void): void {
    const local = this.values.get(key);
    if (local !== undefined) {
      const none = { closest: [], hops: 0, rounds: 0, queries: 0, failures: 0, path: [] };
      return done({ target: key, mode: 'value', value: local, valueFrom: this.id, finish: 'found-value', ...none });
    }
    this.lookup(key, 'value', [], 'find-value', (result) => {
      if (this.init.cacheFoundValues !== false && result.value !== undefined && result.cacheAt) {
        this.c.port.send(result.cacheAt, { type: 'store', rpc: rpcId(this.c.random), key, value: result.value });
      }
      done(result);
    });
  }

  /** Stores at the k nodes closest to `key` (§2.3) — this one included, if it is one of them. */
  store(key: NodeId, value: string, done?: (storedAt: NodeId[]) => void): void {
    this.lookup(key, 'node', [], 'store', (result) => {
      const nearest = [...result.closest, this.id].sort((a, b) => compareDistance(key, a, b)).slice(0, this.k);
      const storedAt: NodeId[] = [];
      for (const to of nearest) {
        if (to !== this.id) this.c.port.send(to, { type: 'store', rpc: rpcId(this.c.random), key, value });
        else if (!this.values.put(key, value, this.c.now()).ok) continue;
        storedAt.push(to);
      }
      done?.(storedAt);
    });
  }

  /**
   * Joins through `seeds` (§2.3): a lookup of our own id, which fills our buckets near us and puts
   * us in the tables of our neighbours, then (refreshOnJoin) one lookup per farther bucket.
   */
  join(seeds: readonly NodeId[], done?: (result: LookupResult) => void): void {
    this.lookup(this.id, 'node', seeds, 'join', (result) => {
      const nearest = result.closest[0];
      const nearestBucket = nearest === undefined ? null : bucketIndex(this.id, nearest);
      if (this.init.refreshOnJoin === false || nearestBucket === null || nearestBucket === 0) return done?.(result);
      let left = nearestBucket;
      for (let i = 0; i < nearestBucket; i++) {
        this.lookup(randomIdInBucket(this.id, i, this.c.random), 'node', [], 'refresh', () => --left === 0 && done?.(result));
      }
    });
  }

  /** Looks up a random id in every stale bucket (§2.3); the owner calls this now and then. */
  refresh(done?: (refreshed: number) => void): void {
    const stale = this.table.bucketsToRefresh(this.c.now(), this.init.refreshMs ?? 3_600_000, this.c.random);
    let left = stale.length;
    if (left === 0) return done?.(0);
    for (const { target } of stale) this.lookup(target, 'node', [], 'refresh', () => --left === 0 && done?.(stale.length));
  }

  /** Looks up a random id in one bucket's range: how a bucket that lost a contact finds another. */
  refreshBucket(index: number, done?: (result: LookupResult) => void): void {
    this.lookup(randomIdInBucket(this.id, index, this.c.random), 'node', [], 'refresh', (r) => done?.(r));
  }

  private lookup(
    target: NodeId,
    mode: LookupMode,
    seeds: readonly NodeId[],
    purpose: LookupPurpose,
    done: (r: LookupResult) => void,
  ): void {
    const known = this.table.closest(target, this.k);
    for (const seed of seeds) if (!known.includes(seed)) known.push(seed);
    const lookup = new Lookup({ self: this.id, target, mode, k: this.k, alpha: this.init.alpha }, known);
    // Marked when it starts as well as when it ends: the owner checks for stale buckets every few
    // seconds, and a slow lookup (busy tabs, RPC timeouts) must not have a second one started
    // behind it for the same bucket, and a third, until the tabs drown in lookups.
    this.table.markLookup(target, this.c.now());
    const seq = ++this.lookups;
    this.events.emit('lookup-start', seq, target, purpose);
    let reported = false;
    let shown: Hop | undefined;
    const pump = (): void => {
      const hop = lookup.lastHop();
      if (hop && hop !== shown) this.events.emit('lookup-hop', seq, (shown = hop));
      for (const { to } of lookup.nextQueries()) this.query(lookup, to, pump);
      if (lookup.done && !reported) {
        reported = true;
        this.table.markLookup(target, this.c.now());
        const result = lookup.result();
        this.events.emit('lookup-done', seq, result);
        done(result);
      }
    };
    pump();
  }

  private query(lookup: Lookup, to: NodeId, pump: () => void): void {
    const key = lookup.target;
    const body: RequestBody = lookup.mode === 'value' ? { type: 'find-value', key } : { type: 'find-node', target: key };
    const onReply = (reply: DhtReply) => {
      if (reply.type === 'value') {
        if (reply.key === key && this.accepts(key, reply.value)) lookup.onValue(to, reply.value);
        else {
          this.penalise(to, 'bad-value', `a value that does not belong under ${key.slice(0, 8)}…`);
          lookup.onFailure(to);
        }
      } else if (reply.type === 'nodes') {
        const verdict = lookup.onNodes(to, reply.contacts);
        if (!verdict.ok && isOffence(verdict.reason)) this.penalise(to, verdict.reason, verdict.detail);
        else if (this.init.verifyClaims) for (const id of this.table.heard(to, reply.contacts).slice(0, this.init.verifyClaims)) this.ping(id);
      }
      pump();
    };
    const onFail = () => {
      lookup.onFailure(to);
      this.table.failed(to);
      pump();
    };
    this.rpcs.request(to, body, onReply, onFail);
  }

  private receive(from: NodeId, data: unknown): void {
    if (!isNodeId(from) || from === this.id) return;
    if (!this.limiter.allow(from, this.c.now())) return this.events.emit('rate-limited', from);
    const decoded = decodeDhtMessage(data);
    if (!decoded.ok) return this.penalise(from, decoded.reason, decoded.detail);
    const m = decoded.value;
    // §2.2: every message, request or reply, is proof the sender is alive.
    this.apply(this.table.seen(from));
    const send = (reply: DhtMessage) => this.c.port.send(from, reply);
    switch (m.type) {
      case 'ping':
        return send({ type: 'pong', rpc: m.rpc });
      case 'find-node':
        // Never the asker itself: a lookup refuses answers that list the requester.
        return send({ type: 'nodes', rpc: m.rpc, contacts: this.table.closest(m.target, this.k, from) });
      case 'find-value': {
        const value = this.values.get(m.key);
        if (value !== undefined) return send({ type: 'value', rpc: m.rpc, key: m.key, value });
        return send({ type: 'nodes', rpc: m.rpc, contacts: this.table.closest(m.key, this.k, from) });
      }
      case 'store':
        if (!this.accepts(m.key, m.value)) return this.penalise(from, 'bad-value', `refused a value for ${m.key.slice(0, 8)}…`);
        // A full store is our limit, not the sender's offence.
        if (this.values.put(m.key, m.value, this.c.now()).ok) this.events.emit('stored', m.key, from);
        return;
      default: {
        const verdict = this.rpcs.settle(from, m);
        if (verdict.kind === 'unexpected') this.penalise(from, 'unexpected-reply', verdict.detail);
      }
    }
  }

  /** §2.2: a full bucket pings its oldest contact; the answer decides who stays. */
  private apply(update: TableUpdate): void {
    if (update.kind === 'ping-oldest') this.ping(update.oldest, (alive) => this.table.resolvePing(update, alive));
  }

  private accepts(key: NodeId, value: string): boolean {
    return this.init.acceptValue?.(key, value) ?? true;
  }

  private penalise(peer: NodeId, reason: DhtOffence, detail: string): void {
    this.events.emit('penalty', peer, reason, detail);
  }
}
