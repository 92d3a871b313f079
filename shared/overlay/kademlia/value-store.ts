/**
 * The values a DHT node keeps for others (Maymounkov & Mazières 2002, §2.3 STORE, §2.5). Bounded:
 * a node stores what the k closest-node rule sends it, and a flood of STOREs must not eat its
 * memory. When full, the key farthest from our own id goes first: it is the one we are least
 * responsible for, and other nodes closer to it keep their copies.
 */
import { compareDistance, type NodeId } from './id';
import { MAX_VALUE_CHARS } from './messages';
import { ok, reject, type Result } from '../../result';

export interface ValueStoreInit {
  /** Keys kept at most. Default 1024. */
  maxEntries?: number;
  /** Longest value kept, in characters. Default MAX_VALUE_CHARS (16 Ki). */
  maxValueChars?: number;
}

export type StoreRejectReason = 'value-too-large' | 'store-full';

interface Entry {
  value: string;
  storedAt: number;
}

export class ValueStore {
  private readonly entries = new Map<NodeId, Entry>();
  private readonly maxEntries: number;
  private readonly maxValueChars: number;

  constructor(
    private readonly self: NodeId,
    init: ValueStoreInit = {},
  ) {
    this.maxEntries = init.maxEntries ?? 1024;
    this.maxValueChars = init.maxValueChars ?? MAX_VALUE_CHARS;
  }

  get size(): number {
    return this.entries.size;
  }
  get(key: NodeId): string | undefined {
    return this.entries.get(key)?.value;
  }
  keys(): NodeId[] {
    return [...this.entries.keys()];
  }

  /** Keeps `value` under `key`; reports which key, if any, was dropped to make room. */
  put(key: NodeId, value: string, now: number): Result<{ evicted: NodeId | null }, StoreRejectReason> {
    if (value.length > this.maxValueChars) {
      return reject('value-too-large', `${value.length} characters, at most ${this.maxValueChars}`);
    }
    if (this.entries.has(key) || this.entries.size < this.maxEntries) {
      this.entries.set(key, { value, storedAt: now });
      return ok({ evicted: null });
    }
    let farthest: NodeId | null = null;
    for (const k of this.entries.keys()) if (farthest === null || compareDistance(this.self, k, farthest) > 0) farthest = k;
    if (farthest === null || compareDistance(this.self, key, farthest) >= 0) {
      return reject('store-full', `${this.maxEntries} keys kept, all closer to this node than ${key.slice(0, 8)}…`);
    }
    this.entries.delete(farthest);
    this.entries.set(key, { value, storedAt: now });
    return ok({ evicted: farthest });
  }

  /** Drops values older than `ttlMs` (§2.5: a publisher republishes, so stale copies may go). */
  expire(now: number, ttlMs: number): NodeId[] {
    const gone: NodeId[] = [];
    for (const [key, entry] of this.entries) if (now - entry.storedAt >= ttlMs) gone.push(key);
    for (const key of gone) this.entries.delete(key);
    return gone;
  }
}
