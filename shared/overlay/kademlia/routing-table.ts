/**
 * A Kademlia routing table (Maymounkov & Mazières 2002, §2.2, §2.4): 160 k-buckets indexed by
 * the length of the prefix a contact shares with us. Bucket 0 covers the far half of the id space,
 * bucket 1 the next quarter, and so on, so a node knows many nodes near it and a few far away —
 * enough that each lookup step at least halves the distance (§2.3).
 *
 * Bounded by construction: 160 buckets × k contacts at most, self never filed, and contacts only
 * ever enter through `seen` (a message from them arrived). What other peers merely claim exists
 * (`heard`) is never inserted, so one peer's reply cannot flood the table with made-up ids.
 */
import {
  bitAt,
  bucketIndex,
  compareDistance,
  ID_BITS,
  isNodeId,
  randomIdInBucket,
  sharedPrefixLength,
  type NodeId,
} from './id';
import { KBucket, type BucketUpdate, type PingOutcome } from './k-bucket';

export interface RoutingTableInit {
  /** Contacts per bucket, and how many the closest-node answers carry (§2.2, the paper's k). Default 20. */
  k?: number;
  /** Failed RPCs in a row after which a contact counts as stale and is dropped (§4.1). Default 5. */
  maxFailures?: number;
  /** At most this many of one response's contacts are offered for verification. Default 3. */
  maxClaimsPerResponse?: number;
  /** When the table was made: buckets never looked up in count as refreshed then. Default 0. */
  createdAt?: number;
}

export type TableUpdate = BucketUpdate | { kind: 'ignored'; reason: 'self' | 'malformed-id' };

export interface RefreshTarget {
  bucket: number;
  /** A random id inside that bucket's range: look it up to refresh the bucket (§2.3). */
  target: NodeId;
}

export const DEFAULT_K = 20;

export class RoutingTable {
  readonly k: number;
  private readonly maxFailures: number;
  private readonly maxClaims: number;
  /** Sparse: most of the 160 buckets of a node in a 10,000-node network stay empty. */
  private readonly buckets: Array<KBucket | undefined> = new Array(ID_BITS);
  /** When a lookup last landed in each bucket's range (§2.3 refresh). */
  private readonly lastLookup: Float64Array;
  /** Consecutive failures of contacts that have failed lately; cleared when they are seen again. */
  private readonly failures = new Map<NodeId, number>();
  private count = 0;

  constructor(
    readonly self: NodeId,
    init: RoutingTableInit = {},
  ) {
    if (!isNodeId(self)) throw new Error(`not a node id: ${self}`);
    this.k = init.k ?? DEFAULT_K;
    this.maxFailures = init.maxFailures ?? 5;
    this.maxClaims = init.maxClaimsPerResponse ?? 3;
    this.lastLookup = new Float64Array(ID_BITS).fill(init.createdAt ?? 0);
  }

  /** Number of contacts; never more than 160 × k. */
  get size(): number {
    return this.count;
  }

  has(id: NodeId): boolean {
    const index = isNodeId(id) ? bucketIndex(this.self, id) : null;
    return index !== null && (this.buckets[index]?.has(id) ?? false);
  }

  /** Every contact, nearest buckets last. For views and tests; lookups use `closest`. */
  contacts(): NodeId[] {
    return this.buckets.flatMap((b) => (b ? [...b.contacts()] : []));
  }

  /** Non-empty buckets with their contacts, least-recently seen first: what a view draws. */
  bucketView(): Array<{ index: number; contacts: readonly NodeId[] }> {
    const out: Array<{ index: number; contacts: readonly NodeId[] }> = [];
    this.buckets.forEach((b, index) => b && b.size > 0 && out.push({ index, contacts: b.contacts() }));
    return out;
  }

  /** A message from `id` arrived (§2.2): file it, refresh it, or ask the caller to ping the oldest. */
  seen(id: NodeId): TableUpdate {
    if (!isNodeId(id)) return { kind: 'ignored', reason: 'malformed-id' };
    const index = bucketIndex(this.self, id);
    if (index === null) return { kind: 'ignored', reason: 'self' };
    this.failures.delete(id);
    const bucket = (this.buckets[index] ??= new KBucket(this.k));
    const update = bucket.seen(id);
    if (update.kind === 'added') this.count++;
    return update;
  }

  /** Carry out the caller's ping of the oldest contact of a full bucket. */
  resolvePing(decision: { oldest: NodeId; candidate: NodeId }, alive: boolean): PingOutcome {
    const index = bucketIndex(this.self, decision.oldest);
    const bucket = index === null ? undefined : this.buckets[index];
    if (!bucket) return { kind: 'kept-oldest' };
    const before = bucket.size;
    const outcome = bucket.resolvePing(decision.oldest, decision.candidate, alive);
    this.count += bucket.size - before;
    if (outcome.kind !== 'kept-oldest') this.failures.delete(outcome.evicted);
    return outcome;
  }

  /** An RPC to `id` timed out or was refused. Returns true when that made it stale and removed it. */
  failed(id: NodeId): boolean {
    if (!this.has(id)) return false;
    const n = (this.failures.get(id) ?? 0) + 1;
    if (n < this.maxFailures) {
      this.failures.set(id, n);
      return false;
    }
    return this.remove(id);
  }

  remove(id: NodeId): boolean {
    const index = isNodeId(id) ? bucketIndex(this.self, id) : null;
    if (index === null || !this.buckets[index]?.remove(id)) return false;
    this.failures.delete(id);
    this.count--;
    return true;
  }

  /**
   * Contacts that `from` told us about (in a NODES reply) and that would be worth verifying: new,
   * well-formed, not us, not `from`, in a bucket with room, and at most `maxClaimsPerResponse` of
   * them. Nothing is inserted: a caller that wants them pings them, and they enter through `seen`.
   */
  heard(from: NodeId, claims: readonly unknown[]): NodeId[] {
    const out: NodeId[] = [];
    for (const id of claims) {
      if (out.length >= this.maxClaims) break;
      if (!isNodeId(id) || id === from || out.includes(id) || this.has(id)) continue;
      const index = bucketIndex(this.self, id);
      if (index !== null && !this.buckets[index]?.isFull) out.push(id);
    }
    return out;
  }

  /**
   * The `count` known contacts closest to `target`, nearest first, never `exclude` (the asker:
   * it knows itself). With t = prefix(self, target) and x = self XOR target:
   *   - bucket t holds contacts sharing more than t bits with the target: nearest of all;
   *   - a deeper bucket L shares exactly t bits, and beats every bucket deeper than itself iff
   *     bit L of x is 1 (its contacts flip self's bit L, which is then the target's bit);
   *   - bucket i < t shares exactly i bits, so those come last, t - 1 down to 0.
   * So buckets are visited in distance order and only the ≤ k contacts of each are ever sorted:
   * this answers every FIND_NODE, millions of times in a simulation.
   */
  closest(target: NodeId, count = this.k, exclude?: NodeId): NodeId[] {
    const out: NodeId[] = [];
    const byDistance = (a: NodeId, b: NodeId) => compareDistance(target, a, b);
    const take = (index: number) => {
      const bucket = this.buckets[index];
      if (!bucket || bucket.size === 0 || out.length >= count) return;
      const group = bucket.size > 1 ? [...bucket.contacts()].sort(byDistance) : bucket.contacts();
      for (const id of group) {
        if (out.length >= count) return;
        if (id !== exclude) out.push(id);
      }
    };
    const t = sharedPrefixLength(this.self, target);
    if (t < ID_BITS) {
      take(t);
      for (let i = t + 1; i < ID_BITS && out.length < count; i++) if (bitAt(this.self, i) !== bitAt(target, i)) take(i);
      for (let i = ID_BITS - 1; i > t && out.length < count; i--) if (bitAt(this.self, i) === bitAt(target, i)) take(i);
    }
    for (let i = Math.min(t, ID_BITS) - 1; i >= 0 && out.length < count; i--) take(i);
    return out;
  }

  /** A lookup for `target` was made: its bucket counts as fresh (§2.3). */
  markLookup(target: NodeId, now: number): void {
    const index = bucketIndex(this.self, target);
    if (index !== null) this.lastLookup[index] = now;
  }

  /**
   * Buckets with no lookup in the last `refreshMs` (§2.3: an hour), each with a random id in its
   * range. Only buckets up to the deepest non-empty one: beyond it the 160-bucket table has ranges
   * nobody lives in (§2.4's split tree would not even have them), and refreshing them is wasted.
   */
  bucketsToRefresh(now: number, refreshMs: number, random: () => number): RefreshTarget[] {
    let deepest = -1;
    for (let i = ID_BITS - 1; i >= 0 && deepest < 0; i--) if ((this.buckets[i]?.size ?? 0) > 0) deepest = i;
    const out: RefreshTarget[] = [];
    for (let i = 0; i <= deepest; i++) {
      if (now - this.lastLookup[i]! >= refreshMs) out.push({ bucket: i, target: randomIdInBucket(this.self, i, random) });
    }
    return out;
  }
}
