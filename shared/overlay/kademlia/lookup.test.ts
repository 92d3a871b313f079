import { describe, expect, it } from 'vitest';
import { seededRandom } from '../../testing/seeded-random';
import { compareDistance, randomId, randomIdInBucket, type NodeId } from './id';
import { Lookup, type LookupResult } from './lookup';
import { RoutingTable } from './routing-table';

const random = seededRandom(7);
const K = 20;

/** 300 nodes whose tables were fed by every other node (all alive): an ideal network. */
const ids = Array.from({ length: 300 }, () => randomId(random));
const tables = new Map(
  ids.map((id) => {
    const table = new RoutingTable(id, { k: K });
    for (const other of ids) {
      const update = table.seen(other);
      if (update.kind === 'ping-oldest') table.resolvePing(update, true);
    }
    return [id, table] as const;
  }),
);
const self = ids[0]!;
const trueClosest = (target: NodeId, n = K) =>
  ids.filter((id) => id !== self).sort((a, b) => compareDistance(target, a, b)).slice(0, n);

type Answer = { nodes: unknown[] } | { value: string } | 'fail';
const honest = (to: NodeId, target: NodeId): Answer => ({ nodes: tables.get(to)!.closest(target, K, self) });

/** Plays the network for a lookup: answers each query in the order sent, until it is done. */
function drive(lookup: Lookup, answer: (to: NodeId) => Answer): LookupResult {
  const queue = lookup.nextQueries().map((q) => q.to);
  let steps = 0;
  while (queue.length > 0) {
    const to = queue.shift()!;
    const a = answer(to);
    if (a === 'fail') lookup.onFailure(to);
    else if ('value' in a) lookup.onValue(to, a.value);
    else lookup.onNodes(to, a.nodes);
    queue.push(...lookup.nextQueries().map((q) => q.to));
    if (++steps > 10_000) throw new Error('lookup did not stop');
  }
  expect(lookup.done).toBe(true);
  return lookup.result();
}

const start = (target: NodeId, mode: 'node' | 'value' = 'node', known = tables.get(self)!.closest(target, K)) =>
  new Lookup({ self, target, mode, k: K, alpha: 3 }, known);

describe('an iterative node lookup (§2.3)', () => {
  it('asks α nodes first, then converges on exactly the k nodes nearest the target', () => {
    for (let i = 0; i < 20; i++) {
      const target = randomId(random);
      const lookup = start(target);
      const first = lookup.nextQueries();
      expect(first).toHaveLength(3);
      expect(first.every((q) => q.round === 1)).toBe(true);
      for (const q of first) lookup.onNodes(q.to, tables.get(q.to)!.closest(target, K, self));
      const result = drive(lookup, (to) => honest(to, target));
      expect(result.finish).toBe('converged');
      expect(result.closest).toEqual(trueClosest(target));
      expect(result.hops).toBeLessThanOrEqual(result.rounds);
    }
  });

  it('widens to all of the k closest once α answers in a row bring nothing closer', () => {
    const known = ids.slice(1, 11);
    const lookup = start(randomId(random), 'node', known);
    const asked = lookup.nextQueries().map((q) => q.to);
    expect(asked).toHaveLength(3);
    lookup.onNodes(asked[0]!, []);
    expect(lookup.nextQueries()).toHaveLength(1); // still α in flight
    lookup.onNodes(asked[1]!, []);
    expect(lookup.nextQueries()).toHaveLength(1);
    lookup.onNodes(asked[2]!, []); // a round's worth without progress
    expect(lookup.nextQueries()).toHaveLength(known.length - 5);
  });

  it('records a path a view can replay: who answered, in which round, with which new contacts', () => {
    const target = randomIdInBucket(self, 0, random);
    const lookup = start(target, 'node', [tables.get(self)!.closest(randomId(random), 1)[0]!]);
    const result = drive(lookup, (to) => honest(to, target));
    expect(result.path.length).toBe(result.queries);
    let maxRound = 0;
    for (const hop of result.path) {
      maxRound = Math.max(maxRound, hop.round);
      if (hop.kind === 'nodes') for (const id of hop.learned) expect(id).not.toBe(self);
    }
    expect(maxRound).toBe(result.rounds);
    expect(result.rounds).toBeGreaterThan(1);
    expect(result.closest).toEqual(trueClosest(target));
  });

  it('stops, empty-handed, when every node it asks fails', () => {
    const result = drive(start(randomId(random)), () => 'fail');
    expect(result.finish).toBe('exhausted');
    expect(result.closest).toEqual([]);
    expect(result.failures).toBe(result.queries);
    expect(result.queries).toBe(K);
  });

  it('stops at once when it knows nobody', () => {
    const lookup = start(randomId(random), 'node', []);
    expect(lookup.done).toBe(true);
    expect(lookup.nextQueries()).toEqual([]);
    expect(lookup.result().finish).toBe('exhausted');
  });

  it('routes around failed nodes and still finds the nearest live ones', () => {
    const target = randomId(random);
    const dead = new Set(trueClosest(target, 3));
    const result = drive(start(target), (to) => (dead.has(to) ? 'fail' : honest(to, target)));
    // Other nodes still list the dead three (their answers hold k ids each), so the live nodes
    // ranked just past k may go unheard of; the nearest k - 3 live ones are certain.
    const live = trueClosest(target, K + 3).filter((id) => !dead.has(id));
    expect(result.closest.slice(0, K - 3)).toEqual(live.slice(0, K - 3));
    expect(result.closest.some((id) => dead.has(id))).toBe(false);
    expect(result.path.filter((h) => h.kind === 'failed').map((h) => h.from).sort()).toEqual([...dead].sort());
  });

  it('gives up after maxQueries when a crowd of fake nodes keeps answering with ever-closer fakes', () => {
    const target = randomId(random);
    let depth = 10;
    const fakes = () => Array.from({ length: K }, () => randomIdInBucket(target, Math.min(159, depth), random));
    const result = drive(start(target), () => ({ nodes: (depth++, fakes()) }));
    expect(result.finish).toBe('gave-up');
    expect(result.queries).toBe(8 * K);
  });
});

describe('a lookup refuses garbage answers (and says why, so the sender can be penalised)', () => {
  const target = randomId(random);
  const other = () => randomId(random);
  const cases: Array<[string, (from: NodeId) => unknown[]]> = [
    ['too-many-contacts', () => Array.from({ length: K + 1 }, other)],
    ['malformed-id', () => [other(), 'ZZ'.repeat(20)]],
    ['malformed-id', () => [42]],
    ['contains-responder', (from) => [other(), from]],
    ['contains-requester', () => [self]],
    ['duplicate-contact', () => {
      const id = other();
      return [id, id];
    }],
  ];
  for (const [reason, answer] of cases) {
    it(`${reason}: the answer is refused and its sender counted as failed`, () => {
      const lookup = start(target);
      const [liar, ...rest] = lookup.nextQueries();
      const verdict = lookup.onNodes(liar!.to, answer(liar!.to));
      expect(verdict).toMatchObject({ ok: false, reason });
      for (const q of rest) lookup.onNodes(q.to, tables.get(q.to)!.closest(target, K, self));
      const result = drive(lookup, (to) => honest(to, target));
      expect(result.closest).not.toContain(liar!.to);
      expect(result.path.find((h) => h.from === liar!.to)).toMatchObject({ kind: 'failed', reason });
    });
  }

  it('ignores answers from nodes it never asked', () => {
    const lookup = start(target);
    lookup.nextQueries();
    expect(lookup.onNodes(other(), [])).toMatchObject({ ok: false, reason: 'not-awaited' });
    expect(lookup.onValue(other(), 'x')).toMatchObject({ ok: false, reason: 'not-awaited' });
  });
});

describe('FIND_VALUE (§2.3)', () => {
  it('stops at the first node that returns the value, and names where to cache it', () => {
    const key = randomId(random);
    const holders = new Set(trueClosest(key, 5));
    // Start from the nodes farthest from the key, so the lookup has to travel to the holders.
    const farthest = trueClosest(key, ids.length).slice(-3);
    const result = drive(start(key, 'value', farthest), (to) => (holders.has(to) ? { value: 'block-record' } : honest(to, key)));
    expect(result.finish).toBe('found-value');
    expect(result.value).toBe('block-record');
    expect(holders.has(result.valueFrom!)).toBe(true);
    expect(result.cacheAt).toBeDefined();
    expect(holders.has(result.cacheAt!)).toBe(false);
    expect(result.queries).toBeLessThan(K + 10);
  });

  it('behaves like a node lookup when nobody has the value', () => {
    const key = randomId(random);
    const result = drive(start(key, 'value'), (to) => honest(to, key));
    expect(result.finish).toBe('converged');
    expect(result.value).toBeUndefined();
    expect(result.closest).toEqual(trueClosest(key));
  });
});
