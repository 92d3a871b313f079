/**
 * The peers a node has heard of, after Bitcoin Core's address manager (src/addrman.h, addrman.cpp).
 *
 * - Two tables, as in addrman: "new" holds addresses we were told about but never reached; "tried"
 *   holds addresses we connected to at least once (`Good()` moves an entry there). Dials pick from
 *   either with even odds, so the book neither ignores proven peers nor stops exploring.
 * - Bounded: Core has 1,024 × 64 new slots and 256 × 64 tried slots; a browser lab keeps fewer
 *   (defaults 1,024 new, 256 tried). When new is full the stalest of a few random entries makes
 *   room (Core keeps an occupied slot unless its entry is "terrible"; sampling the stalest gives
 *   the same bias toward fresh, live addresses without buckets).
 * - Bounded per source: Core hashes the *source's* network group into the bucket index, so one
 *   source reaches only 64 of the 1,024 new buckets and cannot fill the table however much it
 *   sends (the defence against eclipse attacks, Heilman et al., USENIX Security 2015). Here the
 *   source is the peer id that told us, with a cap on how many new entries it may have.
 * - Never self: our own address in a peer's ADDR is simply not stored.
 *
 * Pure: the clock is passed to each call and randomness is injected (seeded in tests).
 */
import { reject, ok, type Result } from '../../result';

export interface AddressBookInit {
  /** Capacity of the new table. Default 1,024. */
  maxNew?: number;
  /** Capacity of the tried table. Default 256. */
  maxTried?: number;
  /** New entries one source may hold at once. Default maxNew / 16 (Core: 64 of 1,024 buckets). */
  maxPerSource?: number;
  /** Failed dials after which a never-reached address is forgotten. Default 3 (ADDRMAN_RETRIES). */
  maxRetries?: number;
  /** Failed dials after which even a tried address is forgotten. Default 10 (ADDRMAN_MAX_FAILURES). */
  maxFailures?: number;
}

export interface AddressBookComponents {
  selfId: string;
  random: () => number;
}

export interface AddressEntry {
  readonly id: string;
  /** Who told us first: a peer id, or a label such as `seed` for configured addresses. */
  readonly source: string;
  readonly firstSeen: number;
  lastSeen: number;
  tried: boolean;
  /** Failed dials since the last success. */
  failures: number;
  lastTry: number | undefined;
  /** Counts toward its source's cap (false once it has been tried: a proven peer uses no one's quota). */
  credited: boolean;
}

export type AddRejectReason = 'self' | 'source-full';

/** Core's GetChance: an address dialled in the last 10 minutes is tried again only rarely. */
const RECENT_TRY_MS = 10 * 60_000;
const ADDED = ok('added' as const);
const REFRESHED = ok('refreshed' as const);
const SOURCE_FULL = reject('source-full', 'this source already placed its share of new addresses');
/** Random picks compared when the new table must make room. */
const EVICTION_SAMPLE = 4;

/** An entry and where it sits in its table's array, so removal and random picks are O(1). */
interface Slotted extends AddressEntry {
  slot: number;
}

/** A table of entries: swap-remove on delete, uniform random pick. No id index: the entry holds its slot. */
class Table {
  readonly entries: Slotted[] = [];
  add(entry: Slotted): void {
    entry.slot = this.entries.length;
    this.entries.push(entry);
  }
  delete(entry: Slotted): void {
    const last = this.entries.pop()!;
    if (last !== entry) {
      this.entries[entry.slot] = last;
      last.slot = entry.slot;
    }
  }
  pick(random: () => number): Slotted | undefined {
    return this.entries[Math.floor(random() * this.entries.length)];
  }
  get size(): number {
    return this.entries.length;
  }
}

export class AddressBook {
  private readonly entries = new Map<string, Slotted>();
  private readonly fresh = new Table();
  private readonly tried = new Table();
  private readonly perSource = new Map<string, number>();
  private readonly maxNew: number;
  private readonly maxTried: number;
  private readonly maxPerSource: number;
  private readonly maxRetries: number;
  private readonly maxFailures: number;

  constructor(
    init: AddressBookInit,
    private readonly components: AddressBookComponents,
  ) {
    this.maxNew = init.maxNew ?? 1024;
    this.maxTried = init.maxTried ?? 256;
    this.maxPerSource = init.maxPerSource ?? Math.max(1, Math.floor(this.maxNew / 16));
    this.maxRetries = init.maxRetries ?? 3;
    this.maxFailures = init.maxFailures ?? 10;
  }

  get size(): number {
    return this.entries.size;
  }
  get newCount(): number {
    return this.fresh.size;
  }
  get triedCount(): number {
    return this.tried.size;
  }
  has(id: string): boolean {
    return this.entries.has(id);
  }
  get(id: string): Readonly<AddressEntry> | undefined {
    return this.entries.get(id);
  }
  ids(): string[] {
    return [...this.entries.keys()];
  }
  /** New entries currently credited to `source`. */
  fromSource(source: string): number {
    return this.perSource.get(source) ?? 0;
  }

  /** Records that `source` told us about `id` at `now`. */
  add(id: string, source: string, now: number): Result<'added' | 'refreshed', AddRejectReason> {
    if (id === this.components.selfId) return reject('self', 'our own address is never stored');
    const known = this.entries.get(id);
    if (known) {
      known.lastSeen = Math.max(known.lastSeen, now);
      return REFRESHED;
    }
    if (this.fromSource(source) >= this.maxPerSource) {
      return SOURCE_FULL; // shared, not built per call: this path runs for much of every GETADDR answer
    }
    if (this.fresh.size >= this.maxNew) this.evictStaleNew();
    const entry: Slotted = { id, source, firstSeen: now, lastSeen: now, tried: false, failures: 0, lastTry: undefined, credited: true, slot: 0 };
    this.entries.set(id, entry);
    this.fresh.add(entry);
    this.perSource.set(source, this.fromSource(source) + 1);
    return ADDED;
  }

  /** A dial to `id` is starting (Core: `Attempt`). */
  attempt(id: string, now: number): void {
    const entry = this.entries.get(id);
    if (entry) entry.lastTry = now;
  }

  /** We connected to `id` (Core: `Good`): it moves to tried; a full tried table sends one back to new. */
  good(id: string, now: number): void {
    const entry = this.entries.get(id);
    if (!entry) return;
    entry.lastSeen = Math.max(entry.lastSeen, now);
    entry.failures = 0;
    if (entry.tried) return;
    this.fresh.delete(entry);
    this.uncredit(entry);
    if (this.tried.size >= this.maxTried) {
      // Core moves the colliding tried entry back to new rather than forgetting a proven peer.
      const demoted = this.tried.pick(this.components.random)!;
      this.tried.delete(demoted);
      demoted.tried = false;
      if (this.fresh.size >= this.maxNew) this.evictStaleNew();
      this.fresh.add(demoted);
    }
    entry.tried = true;
    this.tried.add(entry);
  }

  /** A dial to `id` failed or was refused; addresses that keep failing are forgotten (Core: IsTerrible). */
  failed(id: string, now: number): void {
    const entry = this.entries.get(id);
    if (!entry) return;
    entry.lastTry = now;
    entry.failures += 1;
    if (entry.failures >= (entry.tried ? this.maxFailures : this.maxRetries)) this.remove(id);
  }

  remove(id: string): void {
    const entry = this.entries.get(id);
    if (!entry) return;
    this.entries.delete(id);
    if (entry.tried) this.tried.delete(entry);
    else {
      this.fresh.delete(entry);
      this.uncredit(entry);
    }
  }

  /**
   * Up to `count` distinct addresses to dial, none for which `exclude` says yes. Like Core's
   * `Select`: a fair coin picks the table, a random entry is taken with a chance that shrinks
   * with its recent failures and with a dial in the last ten minutes.
   */
  select(count: number, now: number, exclude: (id: string) => boolean = () => false): string[] {
    const chosen = new Set<string>();
    const { random } = this.components;
    for (let draws = 0; chosen.size < count && draws < count * 50; draws++) {
      const table = this.tried.size > 0 && (this.fresh.size === 0 || random() < 0.5) ? this.tried : this.fresh;
      const entry = table.pick(random);
      if (entry === undefined) break;
      const id = entry.id;
      if (chosen.has(id) || exclude(id)) continue;
      let chance = 0.66 ** Math.min(entry.failures, 8);
      if (entry.lastTry !== undefined && now - entry.lastTry < RECENT_TRY_MS) chance *= 0.01;
      // After many draws, take what is there rather than come back short (Core loops "forever").
      if (draws > count * 25 || random() < chance) chosen.add(id);
    }
    return [...chosen];
  }

  /**
   * What to answer a GETADDR with: a uniform random sample of at most `percent`% of the book and
   * at most `max` addresses (Core's GetAddr: 23% and MAX_ADDR_TO_SEND = 1,000).
   */
  sample(max: number, percent = 23): string[] {
    const total = this.fresh.size + this.tried.size;
    const want = Math.min(max, Math.floor((total * percent) / 100));
    const picked = new Set<number>();
    const { random } = this.components;
    while (picked.size < want) picked.add(Math.floor(random() * total));
    return [...picked].map((i) => (i < this.fresh.size ? this.fresh.entries[i]! : this.tried.entries[i - this.fresh.size]!).id);
  }

  private evictStaleNew(): void {
    let victim: AddressEntry | undefined;
    for (let i = 0; i < EVICTION_SAMPLE; i++) {
      const entry = this.fresh.pick(this.components.random)!;
      if (!victim || entry.lastSeen < victim.lastSeen) victim = entry;
    }
    if (victim) this.remove(victim.id);
  }

  private uncredit(entry: AddressEntry): void {
    if (!entry.credited) return;
    entry.credited = false;
    const left = this.fromSource(entry.source) - 1;
    if (left > 0) this.perSource.set(entry.source, left);
    else this.perSource.delete(entry.source);
  }
}
