import { describe, expect, it } from 'vitest';
import { seededRandom } from '../../testing/seeded-random';
import { bucketIndex, compareDistance, randomId, randomIdInBucket } from './id';
import { RoutingTable } from './routing-table';

const random = seededRandom(42);
const self = randomId(random);

/** A table fed `n` random contacts, with every ping of an oldest contact answered (all alive). */
function tableWith(n: number, k = 20): { table: RoutingTable; offered: string[] } {
  const table = new RoutingTable(self, { k });
  const offered: string[] = [];
  for (let i = 0; i < n; i++) {
    // Half of them land near self, so deep buckets fill too.
    const id = i % 2 === 0 ? randomId(random) : randomIdInBucket(self, 1 + (i % 40), random);
    offered.push(id);
    const update = table.seen(id);
    if (update.kind === 'ping-oldest') table.resolvePing(update, true);
  }
  return { table, offered };
}

describe('the routing table (§2.2)', () => {
  it('never files its own node', () => {
    const table = new RoutingTable(self);
    expect(table.seen(self)).toEqual({ kind: 'ignored', reason: 'self' });
    expect(table.seen('not-an-id')).toEqual({ kind: 'ignored', reason: 'malformed-id' });
    expect(table.size).toBe(0);
    expect(table.has(self)).toBe(false);
  });

  it('files a contact in the bucket of its shared prefix, at most k per bucket and 160 × k in all', () => {
    const { table } = tableWith(5000, 8);
    for (const { index, contacts } of table.bucketView()) {
      expect(contacts.length).toBeLessThanOrEqual(8);
      for (const id of contacts) expect(bucketIndex(self, id)).toBe(index);
    }
    expect(table.size).toBe(table.contacts().length);
    expect(table.size).toBeLessThanOrEqual(160 * 8);
    expect(table.bucketView()[0]!.contacts.length).toBe(8);
  });

  it('asks to ping the oldest of a full bucket, and evicts it only when told it is dead', () => {
    const table = new RoutingTable('0'.repeat(40), { k: 2 });
    const far = (n: number) => '8' + n.toString(16).padStart(39, '0');
    table.seen(far(1));
    table.seen(far(2));
    const decision = table.seen(far(3));
    expect(decision).toEqual({ kind: 'ping-oldest', oldest: far(1), candidate: far(3) });
    if (decision.kind !== 'ping-oldest') return;
    expect(table.resolvePing(decision, false)).toEqual({ kind: 'replaced', evicted: far(1), added: far(3) });
    expect(table.size).toBe(2);
    expect(table.has(far(1))).toBe(false);
    expect(table.has(far(3))).toBe(true);
  });

  it('answers closest() exactly as sorting every contact by XOR distance would', () => {
    const { table } = tableWith(3000);
    const all = table.contacts();
    for (let i = 0; i < 200; i++) {
      // Random targets, and targets deep in our own neighbourhood, and ourselves.
      const target = i === 0 ? self : i % 2 ? randomId(random) : randomIdInBucket(self, 2 + (i % 30), random);
      const exclude = i % 3 === 0 ? all[i % all.length] : undefined;
      const expected = all.filter((id) => id !== exclude).sort((a, b) => compareDistance(target, a, b)).slice(0, 20);
      expect(table.closest(target, 20, exclude)).toEqual(expected);
    }
    expect(table.closest(randomId(random), 5)).toHaveLength(5);
  });

  it('never lets one peer flood it: what a reply claims is only offered for checking, a few at a time', () => {
    const table = new RoutingTable(self, { k: 20, maxClaimsPerResponse: 3 });
    const from = randomId(random);
    table.seen(from);
    const claims = [self, from, 'garbage', ...Array.from({ length: 500 }, () => randomIdInBucket(self, 7, random))];
    const toCheck = table.heard(from, claims);
    expect(toCheck).toHaveLength(3);
    expect(toCheck).not.toContain(self);
    expect(toCheck).not.toContain(from);
    expect(table.size).toBe(1);
  });

  it('drops a contact after maxFailures failed RPCs in a row, and forgives one that answers', () => {
    const table = new RoutingTable(self, { maxFailures: 3 });
    const peer = randomId(random);
    table.seen(peer);
    expect(table.failed(peer)).toBe(false);
    expect(table.failed(peer)).toBe(false);
    table.seen(peer); // it answered: the count starts over
    expect(table.failed(peer)).toBe(false);
    expect(table.failed(peer)).toBe(false);
    expect(table.failed(peer)).toBe(true);
    expect(table.has(peer)).toBe(false);
    expect(table.size).toBe(0);
  });
});

describe('bucket refresh (§2.3)', () => {
  it('names every stale bucket up to the deepest occupied one, with a random id inside it', () => {
    const table = new RoutingTable('0'.repeat(40), { createdAt: 0 });
    table.seen('0'.repeat(9) + '1' + '0'.repeat(30)); // bucket 39
    table.seen('f'.repeat(40)); // bucket 0
    const stale = table.bucketsToRefresh(3_600_000, 3_600_000, random);
    expect(stale.map((s) => s.bucket)).toEqual(Array.from({ length: 40 }, (_, i) => i));
    for (const { bucket, target } of stale) expect(bucketIndex(table.self, target)).toBe(bucket);
  });

  it('leaves alone buckets a lookup went through recently', () => {
    const table = new RoutingTable('0'.repeat(40), { createdAt: 1000 });
    table.seen('0'.repeat(39) + '1'); // bucket 159: every bucket is in range
    expect(table.bucketsToRefresh(1000 + 59_999, 60_000, random)).toEqual([]);
    table.markLookup('8' + '0'.repeat(39), 50_000); // bucket 0
    const due = table.bucketsToRefresh(1000 + 60_000, 60_000, random).map((s) => s.bucket);
    expect(due).toHaveLength(159);
    expect(due).not.toContain(0);
  });

  it('has nothing to refresh while empty (the owner must join again)', () => {
    expect(new RoutingTable(self).bucketsToRefresh(1e12, 1, random)).toEqual([]);
  });
});
