import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { testWallets, transfer } from '../../ledger/ledger-testing';
import type { NodeErrorEvent } from '../../node/node-events';
import { encodeMessage } from '../../protocol/messages';
import { createSimulatedMesh, mineBlock } from '../../testing/mesh-sim';
import { NodePubsub } from './node-pubsub';
import { TOPIC_HOLD_MS } from './router';
import type { TopicMessage } from './topic-log';

beforeEach(() => void vi.useFakeTimers());
afterEach(() => void vi.useRealTimers());

const wallets = testWallets(2, 31);

/**
 * Real Nodes over the memory transport, linked only as `links` says, each with its pub/sub shell.
 * Frames cross the simulated wire as data-channel text and go through the node's decoder.
 */
function room(ids: string[], links: Array<[string, string]>) {
  const now = () => Date.now();
  const mesh = createSimulatedMesh(ids, {
    schedule: (fn, ms) => void setTimeout(fn, ms),
    now,
    latency: () => 2,
    payTo: (id) => (id === ids[0] ? wallets[0]!.address : wallets[1]!.address),
  });
  const pubsub = new Map<string, NodePubsub>();
  const delivered = new Map<string, TopicMessage[]>();
  const errors = new Map<string, NodeErrorEvent[]>();
  for (const id of ids) {
    const shell = new NodePubsub({}, { node: mesh.node(id), now });
    shell.start();
    pubsub.set(id, shell);
    delivered.set(id, []);
    errors.set(id, []);
    shell.events.on('delivered', (message) => delivered.get(id)!.push(message));
    mesh.node(id).events.on('error', (error) => errors.get(id)!.push(error));
  }
  for (const [a, b] of links) mesh.network.connect(a, b);
  const ps = (id: string) => pubsub.get(id)!;
  /** How many times `id` delivered a message with this text on this topic. */
  const copiesAt = (id: string, topic: string, data: string) =>
    delivered.get(id)!.filter((m) => m.topic === topic && m.data === data).length;
  const summaryOf = (id: string, topic: string) => ps(id).summary().find((t) => t.topic === topic);
  return { mesh, ps, delivered, errors, copiesAt, summaryOf };
}

const nodeIds = (n: number) => Array.from({ length: n }, (_, i) => `n${i}`);
const lineOf = (ids: string[]) => ids.slice(1).map((id, i) => [ids[i]!, id] as [string, string]);
const ringOf = (ids: string[]) => [...lineOf(ids), [ids[ids.length - 1]!, ids[0]!] as [string, string]];

function ok<T>(result: { ok: true; value: T } | { ok: false; reason: string; detail: string }): T {
  if (!result.ok) throw new Error(`${result.reason}: ${result.detail}`);
  return result.value;
}

/** A raw transport linked to `victim`, sending pub/sub frames as a hostile tab would. */
async function hostilePeer(r: ReturnType<typeof room>, victim: string) {
  const attacker = r.mesh.network.createTransport('attacker');
  r.mesh.network.connect('attacker', victim);
  await vi.runAllTimersAsync();
  return {
    attacker,
    send: (frame: unknown) => attacker.send(victim, encodeMessage('pubsub', { frame })),
    note: (seqno: number, data = `spam ${seqno}`) =>
      attacker.send(victim, encodeMessage('pubsub', { frame: { type: 'publish', topic: 'notes', origin: 'attacker', seqno, data } })),
  };
}

describe('notes over real nodes', () => {
  it('a note crosses a line of 8 to every subscriber, the publisher included, exactly once; the nodes between relay it without delivering it', async () => {
    const ids = nodeIds(8);
    const r = room(ids, lineOf(ids));
    for (const id of ['n0', 'n3', 'n7']) ok(r.ps(id).subscribe('notes'));
    await vi.runAllTimersAsync();

    ok(r.ps('n0').publish('notes', 'hello from the west end'));
    await vi.runAllTimersAsync();

    for (const id of ['n0', 'n3', 'n7']) expect(r.copiesAt(id, 'notes', 'hello from the west end')).toBe(1);
    for (const id of ['n1', 'n2', 'n4', 'n5', 'n6']) {
      expect(r.delivered.get(id)!.filter((m) => m.topic === 'notes')).toEqual([]);
      expect(r.ps(id).subscriptions()).not.toContain('notes');
    }
    // n7's only path to n0 runs through six nodes: it heard the note from its one neighbour.
    expect(r.delivered.get('n7')!.find((m) => m.topic === 'notes')).toMatchObject({ origin: 'n0', from: 'n6' });
    expect(r.delivered.get('n0')!.find((m) => m.topic === 'notes')).toMatchObject({ from: null });
    // Its neighbours n2 and n4 follow nothing, yet carried it: relaying does not depend on following.
    expect(r.summaryOf('n3', 'notes')).toMatchObject({ delivered: 1, followers: 0 });
    expect(r.summaryOf('n7', 'notes')).toMatchObject({ delivered: 1, duplicates: 0 });
  });

  it('on a ring the far subscriber gets the note from both sides, delivers it once and counts the other copy as a duplicate', async () => {
    const ids = nodeIds(8);
    const r = room(ids, ringOf(ids));
    for (const id of ['n0', 'n4']) ok(r.ps(id).subscribe('notes'));
    await vi.runAllTimersAsync();

    ok(r.ps('n0').publish('notes', 'round the ring'));
    await vi.runAllTimersAsync();

    expect(r.copiesAt('n0', 'notes', 'round the ring')).toBe(1);
    expect(r.copiesAt('n4', 'notes', 'round the ring')).toBe(1);
    // Both halves of the ring are 4 hops at equal latency: n4 and n5 cross copies once each.
    expect(r.summaryOf('n4', 'notes')!.duplicates).toBe(1);
    const total = ids.reduce((sum, id) => sum + (r.ps(id).summary().find((t) => t.topic === 'notes')?.duplicates ?? 0), 0);
    expect(total).toBeGreaterThanOrEqual(1);
  });

  it('a node that unsubscribes stops delivering notes but still relays them to the subscribers behind it', async () => {
    const ids = nodeIds(4);
    const r = room(ids, lineOf(ids));
    for (const id of ['n0', 'n1', 'n3']) ok(r.ps(id).subscribe('notes'));
    await vi.runAllTimersAsync();
    expect(r.summaryOf('n0', 'notes')!.followers).toBe(1); // n1 announced it

    ok(r.ps('n1').unsubscribe('notes'));
    await vi.runAllTimersAsync();
    expect(r.summaryOf('n0', 'notes')!.followers).toBe(0);
    ok(r.ps('n0').publish('notes', 'after n1 left'));
    await vi.runAllTimersAsync();

    expect(r.copiesAt('n1', 'notes', 'after n1 left')).toBe(0);
    expect(r.summaryOf('n1', 'notes')).toBeUndefined();
    expect(r.copiesAt('n3', 'notes', 'after n1 left')).toBe(1);
    expect(r.copiesAt('n0', 'notes', 'after n1 left')).toBe(1);
  });

  it('refuses what cannot be published or left, each with its own reason', () => {
    const r = room(['n0'], []);
    expect(r.ps('n0').publish('blocks', 'a fake block')).toMatchObject({ ok: false, reason: 'chain-topic' });
    expect(r.ps('n0').publish('notes', '   ')).toMatchObject({ ok: false, reason: 'empty' });
    expect(r.ps('n0').publish('not\u200Ba-topic', 'x')).toMatchObject({ ok: false, reason: 'bad-topic' });
    expect(r.ps('n0').publish('notes', 'x'.repeat(2000))).toMatchObject({ ok: false, reason: 'oversize' });
    expect(r.ps('n0').unsubscribe('transactions')).toMatchObject({ ok: false, reason: 'chain-topic' });
    expect(r.ps('n0').subscribe('\u202Eetc')).toMatchObject({ ok: false, reason: 'bad-topic' });
    expect(r.ps('n0').subscriptions()).toEqual(['blocks', 'transactions']);
  });
});

/** A line n0 – n1 – n2 – n3 with an attacker linked to n1, and n0 and n3 following notes. */
async function floodedLine() {
  const ids = nodeIds(4);
  const r = room(ids, lineOf(ids));
  for (const id of ['n0', 'n3']) ok(r.ps(id).subscribe('notes'));
  const hostile = await hostilePeer(r, 'n1');
  const dropped: string[] = [];
  r.mesh.node('n1').events.on('peer-dropped', (peer) => dropped.push(peer));
  return { ids, r, hostile, dropped };
}

/** After a flood: notes from both ends still reach both subscribers exactly once. */
async function expectHonestNotesOnce(r: Awaited<ReturnType<typeof floodedLine>>['r']) {
  ok(r.ps('n0').publish('notes', 'still here'));
  ok(r.ps('n3').publish('notes', 'me too'));
  await vi.runAllTimersAsync();
  for (const id of ['n0', 'n3']) {
    expect(r.copiesAt(id, 'notes', 'still here')).toBe(1);
    expect(r.copiesAt(id, 'notes', 'me too')).toBe(1);
  }
}

describe('hostile peers', () => {
  it('a peer flooding notes is rate-limited, penalised and dropped; honest relays are not, and honest notes still get through', async () => {
    const { ids, r, hostile, dropped } = await floodedLine();

    for (let seqno = 1; seqno <= 300; seqno++) hostile.note(seqno);
    await vi.runAllTimersAsync();

    // The burst (100) passes; each note over the rate costs 5 points, and 100 points end the link.
    const spamAtN3 = r.delivered.get('n3')!.filter((m) => m.origin === 'attacker').length;
    expect(spamAtN3).toBe(100);
    expect(r.errors.get('n1')!.filter((e) => e.peerId === 'attacker' && e.code === 'pubsub-flood')).toHaveLength(20);
    expect(dropped).toEqual(['attacker']);
    expect(r.mesh.network.isLinked('attacker', 'n1')).toBe(false);
    // n1 relayed only what it accepted, within n2's limits: no honest node earned points.
    for (const id of ids) expect(r.errors.get(id)!.filter((e) => e.peerId !== 'attacker')).toEqual([]);

    await vi.advanceTimersByTimeAsync(1_000); // the relays' budgets refill at 20 a second
    await expectHonestNotesOnce(r);
  });

  it('a peer putting each message on a new topic is penalised and dropped; the state kept for links stays bounded and honest notes arrive once', async () => {
    const { ids, r, hostile, dropped } = await floodedLine();

    for (let seqno = 1; seqno <= 300; seqno++) {
      hostile.send({ type: 'publish', topic: `t${seqno}`, origin: 'attacker', seqno, data: `spam ${seqno}` });
    }
    await vi.runAllTimersAsync();

    // 64 topics at once pass; each further new topic costs 5 points, and 100 points end the link.
    const floods = r.errors.get('n1')!.filter((e) => e.peerId === 'attacker' && e.code === 'pubsub-flood');
    expect(floods).toHaveLength(20);
    expect(floods[0]!.detail).toMatch(/over 64 topics in 10 s/);
    expect(dropped).toEqual(['attacker']);
    expect(r.mesh.network.isLinked('attacker', 'n1')).toBe(false);
    // n1 relayed the 64 it accepted; the next nodes hold at most 64 buckets for that link and no honest node earned points.
    expect(r.ps('n2').topicBucketsOf('n1')).toBeGreaterThan(0);
    expect(r.ps('n2').topicBucketsOf('n1')).toBeLessThanOrEqual(64);
    expect(r.ps('n1').topicBucketsOf('attacker')).toBe(0); // forgotten with the link
    for (const id of ids) expect(r.errors.get(id)!.filter((e) => e.peerId !== 'attacker')).toEqual([]);
    // Copies crossing on unfollowed topics are not counted per topic: only followed ones are.
    for (const id of ids) expect(r.ps(id).topicsWithDuplicates()).toBeLessThanOrEqual(1);

    // The sprayed topics count against n2's cap for the n1 link until they have been quiet for 10 s.
    await vi.advanceTimersByTimeAsync(TOPIC_HOLD_MS);
    await expectHonestNotesOnce(r);
    for (const id of ids) expect(r.errors.get(id)!.filter((e) => e.peerId !== 'attacker')).toEqual([]);
  });

  it('a malformed frame, or a frame posing as a block, is penalised with its own code; the node keeps relaying notes', async () => {
    const ids = nodeIds(3);
    const r = room(ids, lineOf(ids));
    for (const id of ['n0', 'n2']) ok(r.ps(id).subscribe('notes'));
    const hostile = await hostilePeer(r, 'n1');

    hostile.send({ type: 'publish', topic: 'notes\u202E', origin: 'attacker', seqno: 1, data: 'x' });
    hostile.send({ type: 'shout' });
    hostile.send({ type: 'publish', topic: 'blocks', origin: 'attacker', seqno: 2, data: '#999 fake block' });
    await vi.runAllTimersAsync();

    const codes = r.errors.get('n1')!.filter((e) => e.peerId === 'attacker').map((e) => e.code);
    expect(codes).toEqual(['malformed-pubsub', 'malformed-pubsub', 'pubsub-chain-topic']);
    for (const id of ids) expect(r.delivered.get(id)!.filter((m) => m.origin === 'attacker')).toEqual([]);
    expect(r.mesh.network.isLinked('attacker', 'n1')).toBe(true); // 30 points: warned, not yet dropped

    ok(r.ps('n0').publish('notes', 'business as usual'));
    await vi.runAllTimersAsync();
    expect(r.copiesAt('n2', 'notes', 'business as usual')).toBe(1);
  });
});

describe('blocks and transactions as topics', () => {
  it('a block mined elsewhere fills every node’s blocks log once, without a single pub/sub frame', async () => {
    const ids = nodeIds(4);
    const r = room(ids, ringOf(ids));
    await vi.runAllTimersAsync();
    const frames: string[] = [];
    for (const node of r.mesh.nodes) node.events.on('message', (_peer, _direction, type) => type === 'pubsub' && frames.push(node.id));

    mineBlock(r.mesh.node('n0'), 2);
    await vi.runAllTimersAsync();

    const hash = r.mesh.node('n0').tip.hash;
    for (const id of ids) {
      const blocks = r.delivered.get(id)!.filter((m) => m.topic === 'blocks');
      expect(blocks).toHaveLength(1);
      expect(blocks[0]).toMatchObject({ id: `block:${hash}`, origin: 'n0', seqno: 1 });
      expect(r.summaryOf(id, 'blocks')).toMatchObject({ delivered: 1, followers: 2 });
    }
    expect(r.delivered.get('n0')!.find((m) => m.topic === 'blocks')!.from).toBeNull();
    expect(r.delivered.get('n2')!.find((m) => m.topic === 'blocks')!.from).toMatch(/^n[13]$/);
    expect(frames).toEqual([]);
    // n2 heard the block announced by n1 and by n3 and asked for it once: one duplicate announcement.
    expect(r.summaryOf('n2', 'blocks')!.duplicates).toBe(1);
    expect(r.summaryOf('n1', 'blocks')!.duplicates).toBe(0);
  });

  it('a transfer entering the mempools fills every transactions log once, from whoever brought it', async () => {
    const ids = nodeIds(3);
    const r = room(ids, lineOf(ids));
    await vi.runAllTimersAsync();
    mineBlock(r.mesh.node('n0'), 2); // pays wallets[0]
    await vi.runAllTimersAsync();

    const payment = transfer(wallets[0]!, { to: wallets[1]!.address, amount: 10, fee: 1, nonce: 0 });
    expect(r.mesh.node('n0').submitTransaction(payment).ok).toBe(true);
    await vi.runAllTimersAsync();

    const froms = ids.map((id) => r.delivered.get(id)!.filter((m) => m.topic === 'transactions').map((m) => m.from));
    expect(froms).toEqual([[null], ['n0'], ['n1']]);
    expect(r.delivered.get('n2')!.find((m) => m.topic === 'transactions')).toMatchObject({ origin: wallets[0]!.address, seqno: 0 });
  });
});
