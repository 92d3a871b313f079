import { describe, expect, it } from 'vitest';
import { seededRandom } from '../../testing/seeded-random';
import { DhtNode, type DhtInit, type DhtOffence } from './dht-node';
import { EventLoop } from '../event-loop';
import { bucketIndex, compareDistance, nodeIdFromName, randomIdInBucket, type NodeId } from './id';
import type { LookupResult } from './lookup';
import type { DhtMessage } from './messages';

type Handler = (from: NodeId, message: unknown) => void;

/** DhtNodes over a 10 ms in-memory network driven by an EventLoop; all of them joined. */
function network(n: number, init: Omit<DhtInit, 'id'> = {}) {
  const loop = new EventLoop();
  const random = seededRandom(99);
  const handlers = new Map<NodeId, Handler>();
  const sent: Array<{ from: NodeId; to: NodeId; message: DhtMessage }> = [];
  const penalties: Array<{ by: NodeId; peer: NodeId; reason: DhtOffence; detail: string }> = [];
  const make = (id: NodeId) => {
    const port = {
      send: (to: NodeId, message: DhtMessage) => {
        sent.push({ from: id, to, message });
        loop.schedule(() => handlers.get(to)?.(id, message), 10);
      },
      onMessage: (handler: Handler) => {
        handlers.set(id, handler);
        return () => handlers.delete(id);
      },
    };
    const node = new DhtNode({ k: 8, refreshOnJoin: false, ...init, id }, { port, now: loop.now, setTimer: loop.setTimer, random });
    node.events.on('penalty', (peer, reason, detail) => penalties.push({ by: id, peer, reason, detail }));
    node.start();
    return node;
  };
  const nodes = Array.from({ length: n }, (_, i) => make(nodeIdFromName(`dht-test-${i}`)));
  for (const node of nodes.slice(1)) {
    node.join([nodes[0]!.id]);
    loop.run();
  }
  /** Delivers raw bytes from `from` to `to` as if they came over the channel. */
  const inject = (from: NodeId, to: NodeId, raw: unknown) => handlers.get(to)!(from, raw);
  /** Replaces a node's message handling (a liar, or a node that went dark). */
  const impersonate = (id: NodeId, handler: Handler | null) => (handler ? handlers.set(id, handler) : handlers.delete(id));
  const run = <T>(start: (done: (r: T) => void) => void): T => {
    const box: { r?: T } = {};
    start((r) => (box.r = r));
    loop.run();
    if (box.r === undefined) throw new Error('never finished');
    return box.r;
  };
  return { loop, nodes, sent, penalties, inject, impersonate, run, make };
}

describe('STORE and FIND_VALUE (§2.3)', () => {
  it('stores a value at the k nodes nearest its key and finds it again from anywhere', () => {
    const net = network(40);
    const key = nodeIdFromName('block 00000af3');
    const storedAt = net.run<NodeId[]>((done) => net.nodes[5]!.store(key, 'held-by:tab-5', done));
    const nearest = net.nodes.map((n) => n.id).sort((a, b) => compareDistance(key, a, b)).slice(0, 8);
    expect([...storedAt].sort()).toEqual([...nearest].sort());
    for (const node of net.nodes) expect(node.values.get(key)).toBe(nearest.includes(node.id) ? 'held-by:tab-5' : undefined);

    const asker = net.nodes.find((n) => !nearest.includes(n.id))!;
    const found = net.run<LookupResult>((done) => asker.findValue(key, done));
    expect(found).toMatchObject({ finish: 'found-value', value: 'held-by:tab-5' });
    expect(nearest).toContain(found.valueFrom);
    expect(found.hops).toBeGreaterThanOrEqual(1);
    // §2.3: the value is then cached at the nearest node that did not have it.
    if (found.cacheAt) expect(net.nodes.find((n) => n.id === found.cacheAt)!.values.get(key)).toBe('held-by:tab-5');
  });

  it('answers from its own store without a single message', () => {
    const net = network(10);
    const holder = net.nodes[3]!;
    holder.values.put(holder.id, 'mine', 0);
    const before = net.sent.length;
    const found = net.run<LookupResult>((done) => holder.findValue(holder.id, done));
    expect(found).toMatchObject({ value: 'mine', hops: 0, queries: 0 });
    expect(net.sent.length).toBe(before);
  });

  it('refuses values the owner says do not belong under their key, and penalises the sender', () => {
    const net = network(12, { acceptValue: (key, value) => key === nodeIdFromName(value) });
    const [a, b] = net.nodes;
    net.inject(a!.id, b!.id, { type: 'store', rpc: '0'.repeat(16), key: nodeIdFromName('x'), value: 'not x' });
    expect(b!.values.size).toBe(0);
    expect(net.penalties).toContainEqual(expect.objectContaining({ by: b!.id, peer: a!.id, reason: 'bad-value' }));
    net.inject(a!.id, b!.id, { type: 'store', rpc: '0'.repeat(16), key: nodeIdFromName('x'), value: 'x' });
    expect(b!.values.get(nodeIdFromName('x'))).toBe('x');
  });
});

describe('what a DhtNode does with what it receives', () => {
  it('penalises malformed messages with the reason, and does not file their sender', () => {
    const net = network(3);
    const stranger = randomIdInBucket(net.nodes[0]!.id, 3, seededRandom(1));
    for (const raw of ['{}', { type: 'find-node', rpc: '0'.repeat(16), target: 'nope' }, { type: 'nodes', rpc: '0'.repeat(16), contacts: Array(65).fill(stranger) }]) {
      net.inject(stranger, net.nodes[0]!.id, raw);
    }
    expect(net.penalties.map((p) => p.reason)).toEqual(['malformed-message', 'malformed-message', 'malformed-message']);
    expect(net.penalties[1]!.detail).toMatch(/^target: not a 40-hex id/);
    expect(net.nodes[0]!.table.has(stranger)).toBe(false);
  });

  it('penalises a peer whose answer lists the asker, and finishes the lookup without it', () => {
    const net = network(20);
    const [asker, liar] = [net.nodes[0]!, net.nodes[1]!];
    net.impersonate(liar.id, (from, m) => {
      const rpc = (m as { rpc: string }).rpc;
      net.loop.schedule(() => net.inject(liar.id, from, { type: 'nodes', rpc, contacts: [from] }), 10);
    });
    const result = net.run<LookupResult>((done) => asker.findNode(liar.id, done));
    expect(net.penalties).toContainEqual(expect.objectContaining({ by: asker.id, peer: liar.id, reason: 'contains-requester' }));
    expect(result.closest).not.toContain(liar.id);
    expect(result.closest.length).toBeGreaterThan(0);
  });

  it('never files the contacts a reply merely names: only nodes that answer get in', () => {
    const net = network(20, { verifyClaims: 2 });
    const liar = net.nodes[1]!;
    const newcomer = net.make(nodeIdFromName('newcomer'));
    const random = seededRandom(11);
    const fakes = Array.from({ length: 8 }, (_, i) => randomIdInBucket(newcomer.id, 1 + (i % 6), random));
    net.impersonate(liar.id, (from, m) => {
      const rpc = (m as { rpc: string }).rpc;
      net.loop.schedule(() => net.inject(liar.id, from, { type: 'nodes', rpc, contacts: fakes }), 10);
    });
    const result = net.run<LookupResult>((done) => newcomer.join([liar.id], done));
    // The fakes were asked and stayed silent; two were pinged (and pinged again); none was filed.
    expect(result.path.filter((h) => h.kind === 'failed').map((h) => h.from).sort()).toEqual([...fakes].sort());
    expect(net.sent.filter((s) => s.from === newcomer.id && s.message.type === 'ping' && fakes.includes(s.to))).toHaveLength(2 * 2);
    expect(newcomer.table.contacts()).toEqual([liar.id]);
  });

  it('ignores replies it did not ask for, and penalises a reply of the wrong kind', () => {
    const net = network(3);
    const [a, b] = [net.nodes[0]!, net.nodes[1]!];
    net.inject(b.id, a.id, { type: 'pong', rpc: 'f'.repeat(16) });
    expect(net.penalties).toEqual([]);
    net.impersonate(b.id, (from, m) => net.inject(b.id, from, { type: 'nodes', rpc: (m as { rpc: string }).rpc, contacts: [] }));
    const alive = net.run<boolean>((done) => a.ping(b.id, done));
    expect(alive).toBe(false);
    expect(net.penalties).toContainEqual(expect.objectContaining({ peer: b.id, reason: 'unexpected-reply', detail: 'nodes in answer to ping' }));
  });

  it('rate-limits each peer on the injected clock', () => {
    const net = network(2, { rateLimit: { perWindow: 5, windowMs: 1000 } });
    const [a, b] = [net.nodes[0]!, net.nodes[1]!];
    let limited = 0;
    b.events.on('rate-limited', () => limited++);
    net.loop.run(net.loop.now() + 5000); // a fresh window
    const pongs = () => net.sent.filter((s) => s.from === b.id && s.message.type === 'pong').length;
    const before = pongs();
    for (let i = 0; i < 8; i++) net.inject(a.id, b.id, { type: 'ping', rpc: i.toString(16).padStart(16, '0') });
    expect(pongs() - before).toBe(5);
    expect(limited).toBe(3);
    net.loop.run(net.loop.now() + 1000);
    net.inject(a.id, b.id, { type: 'ping', rpc: 'a'.repeat(16) });
    expect(pongs() - before).toBe(6);
  });
});

describe('a full bucket, through the network (§2.2)', () => {
  function fullBucket(oldestAnswers: boolean) {
    const net = network(1, { k: 2, rpcTimeoutMs: 500 });
    const me = net.nodes[0]!;
    const random = seededRandom(5);
    const [old, mid, late] = [0, 1, 2].map(() => randomIdInBucket(me.id, 0, random)) as [NodeId, NodeId, NodeId];
    if (oldestAnswers) net.impersonate(old, (from, m) => net.inject(old, from, { type: 'pong', rpc: (m as { rpc: string }).rpc }));
    for (const id of [old, mid, late]) net.inject(id, me.id, { type: 'ping', rpc: '1'.repeat(16) });
    net.loop.run();
    return { me, old, mid, late };
  }

  it('keeps the oldest contact when it answers the ping, and drops the newcomer', () => {
    const { me, old, mid, late } = fullBucket(true);
    expect(me.table.bucketView()[0]!.contacts).toEqual([mid, old]);
    expect(me.table.has(late)).toBe(false);
  });

  it('evicts the oldest contact when it stays silent (after a resend), and files the newcomer', () => {
    const { me, old, mid, late } = fullBucket(false);
    expect(me.table.bucketView()[0]!.contacts).toEqual([mid, late]);
    expect(me.table.has(old)).toBe(false);
  });
});

describe('joining and refreshing (§2.3)', () => {
  it('joins with a self-lookup through one seed, and becomes known to its neighbours', () => {
    const net = network(40);
    const newcomer = net.make(nodeIdFromName('late-tab'));
    let calls = 0;
    const joined = net.run<LookupResult>((done) => newcomer.join([net.nodes[0]!.id], (r) => (calls++, done(r))));
    expect(calls).toBe(1);
    expect(joined.target).toBe(newcomer.id);
    const nearest = net.nodes.map((n) => n.id).sort((a, b) => compareDistance(newcomer.id, a, b)).slice(0, 8);
    expect(joined.closest).toEqual(nearest);
    // Its neighbours learnt of it by being asked (§2.2: every request files its sender).
    for (const id of nearest) expect(net.nodes.find((n) => n.id === id)!.table.has(newcomer.id)).toBe(true);
  });

  it('with refreshOnJoin, also looks up a random id in every bucket farther than its nearest neighbour', () => {
    const net = network(40, { refreshOnJoin: true });
    const newcomer = net.make(nodeIdFromName('refreshing-tab'));
    const before = net.sent.length;
    const joined = net.run<LookupResult>((done) => newcomer.join([net.nodes[0]!.id], done));
    const nearestBucket = bucketIndex(newcomer.id, joined.closest[0]!)!;
    const targets = new Set(
      net.sent.slice(before).flatMap((s) => (s.from === newcomer.id && s.message.type === 'find-node' ? [s.message.target] : [])),
    );
    expect(targets.has(newcomer.id)).toBe(true);
    targets.delete(newcomer.id);
    expect([...targets].map((t) => bucketIndex(newcomer.id, t)).sort((a, b) => a! - b!)).toEqual(
      Array.from({ length: nearestBucket }, (_, i) => i),
    );
  });

  it('refreshes stale buckets with lookups of random ids in them, and reports how many', () => {
    const net = network(30, { refreshMs: 60_000 });
    const node = net.nodes[7]!;
    net.loop.run(net.loop.now() + 60_000);
    expect(net.run<number>((done) => node.refresh(done))).toBeGreaterThan(0);
    expect(net.run<number>((done) => node.refresh(done))).toBe(0); // all fresh now
    net.loop.run(net.loop.now() + 60_000);
    expect(net.run<number>((done) => node.refresh(done))).toBeGreaterThan(0);
  });

  it('starts no second refresh of a bucket while the first is still under way', () => {
    const net = network(30, { refreshMs: 60_000 });
    const node = net.nodes[7]!;
    net.loop.run(net.loop.now() + 60_000);
    const started: string[] = [];
    node.events.on('lookup-start', (_seq, _target, purpose) => void started.push(purpose));
    // Called again and again before any answer has come back (the tab's keeper checks every 2 s,
    // and on busy tabs a lookup can take longer than that).
    node.refresh();
    const first = started.length;
    expect(first).toBeGreaterThan(0);
    node.refresh();
    node.refresh();
    expect(started).toHaveLength(first);
    net.loop.run();
  });
});
