import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { encodeMessage, PROTOCOL_VERSION } from '../protocol/messages';
import { connectFullMesh, createSimulatedMesh, mineBlock, seededRandom } from '../testing/mesh-sim';
import type { NodeErrorEvent } from './node-events';

const network = (random = seededRandom(1), maxLatency = 5) => ({
  schedule: (fn: () => void, ms: number) => void setTimeout(fn, ms),
  now: () => Date.now(),
  latency: () => Math.floor(random() * maxLatency),
  random,
});

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

describe('Node over the memory transport', () => {
  it('a peer that connects later fetches the chain it lacks and ends on the same tip', async () => {
    const mesh = createSimulatedMesh(['a', 'b'], network());
    const [a, b] = mesh.nodes as [NonNullable<(typeof mesh.nodes)[0]>, NonNullable<(typeof mesh.nodes)[0]>];
    for (let i = 0; i < 250; i++) expect(mineBlock(a, 2).ok).toBe(true);
    expect(b.tip.height).toBe(0);
    mesh.network.connect('a', 'b');
    await vi.runAllTimersAsync();
    expect(b.tip.hash).toBe(a.tip.hash);
    expect(b.tip.height).toBe(250);
  });

  it('a newcomer syncs from one peer, not from every peer that is ahead', async () => {
    const mesh = createSimulatedMesh(['a', 'b', 'c', 'new'], network());
    const others = mesh.nodes.slice(0, 3);
    mesh.network.connect('a', 'b');
    mesh.network.connect('b', 'c');
    for (let i = 0; i < 120; i++) mineBlock(mesh.node('a'), 2);
    await vi.runAllTimersAsync();
    expect(new Set(others.map((n) => n.tip.hash)).size).toBe(1);

    const asked = new Map<string, number>();
    mesh.node('new').events.on('message', (peer, direction, type) => {
      if (direction === 'out' && type === 'get-blocks') asked.set(peer, (asked.get(peer) ?? 0) + 1);
    });
    for (const n of others) mesh.network.connect('new', n.id);
    await vi.runAllTimersAsync();
    expect(mesh.node('new').tip.hash).toBe(mesh.node('a').tip.hash);
    expect(asked.size).toBe(1); // 120 blocks in two batches, both from the same single peer
    expect([...asked.values()]).toEqual([2]);
  });

  it('ten nodes mining at once, with forks and random latency, converge on one tip', async () => {
    const random = seededRandom(42);
    const ids = Array.from({ length: 10 }, (_, i) => `n${i}`);
    const mesh = createSimulatedMesh(ids, network(random, 20));
    connectFullMesh(mesh);
    await vi.runAllTimersAsync();
    let forks = 0;
    mesh.nodes.forEach((n) => n.events.on('tip-changed', (_tip, change) => change.choice.kind === 'reorg' && forks++));
    for (let round = 0; round < 30; round++) {
      // Two or three miners find a block before they hear of each other's: a race, as in real life.
      const miners = ids.filter(() => random() < 0.25);
      for (const id of miners) mineBlock(mesh.node(id), 3);
      await vi.advanceTimersByTimeAsync(Math.floor(random() * 30));
    }
    await vi.runAllTimersAsync();
    // Equal-work branches may still split the room (first seen wins a tie, as in Bitcoin);
    // the next block breaks the tie, as it does in real networks.
    mineBlock(mesh.node('n0'), 3);
    await vi.runAllTimersAsync();
    const tips = new Set(mesh.nodes.map((n) => n.tip.hash));
    expect(tips.size).toBe(1);
    expect(mesh.nodes[0]!.tip.height).toBeGreaterThan(10);
    expect(forks).toBeGreaterThan(0); // the scenario did exercise reorgs
  });

  it('a heavier but shorter branch wins over a longer lighter one when two halves meet', async () => {
    const mesh = createSimulatedMesh(['light', 'heavy'], network());
    for (let i = 0; i < 6; i++) mineBlock(mesh.node('light'), 1); // 6 blocks × 2 work
    for (let i = 0; i < 2; i++) mineBlock(mesh.node('heavy'), 6); // 2 blocks × 64 work
    const heavyTip = mesh.node('heavy').tip.hash;
    mesh.network.connect('light', 'heavy');
    await vi.runAllTimersAsync();
    expect(mesh.node('light').tip.hash).toBe(heavyTip);
    expect(mesh.node('heavy').tip.hash).toBe(heavyTip);
    expect(mesh.node('light').tip.height).toBe(2);
  });
});

describe('Node facing a hostile peer', () => {
  function setup() {
    const mesh = createSimulatedMesh(['honest', 'victim'], network());
    const attacker = mesh.network.createTransport('attacker');
    mesh.network.connect('attacker', 'victim');
    mesh.network.connect('honest', 'victim');
    const errors: NodeErrorEvent[] = [];
    mesh.node('victim').events.on('error', (e) => errors.push(e));
    return { mesh, attacker, errors, victim: mesh.node('victim') };
  }

  it('drops malformed messages with a reason per peer and keeps its chain and its work', async () => {
    const { mesh, attacker, errors, victim } = setup();
    await vi.runAllTimersAsync();
    mineBlock(mesh.node('honest'), 2);
    await vi.runAllTimersAsync();
    const tipBefore = victim.tip.hash;

    const forged = mesh.node('honest').blockTemplate(20); // nonce 0 almost surely fails 20 bits
    attacker.send('victim', 'not json {');
    attacker.send('victim', JSON.stringify({ v: PROTOCOL_VERSION, type: 'block', block: { header: {} } }));
    attacker.send('victim', JSON.stringify({ v: 9, type: 'status' }));
    attacker.send('victim', 'x'.repeat(70_000));
    attacker.send('victim', encodeMessage('block', { block: forged }));
    await vi.runAllTimersAsync();

    expect(errors.map((e) => [e.peerId, e.code])).toEqual([
      ['attacker', 'bad-json'],
      ['attacker', 'bad-schema'],
      ['attacker', 'bad-version'],
      ['attacker', 'too-large'],
      ['attacker', 'bad-pow'],
    ]);
    expect(errors[1]!.detail).toMatch(/^block\.header\.version/);
    expect(victim.tip.hash).toBe(tipBefore);
    expect(victim.tree.size).toBe(2);

    mineBlock(mesh.node('honest'), 2); // and the victim still follows the honest chain
    await vi.runAllTimersAsync();
    expect(victim.tip.hash).toBe(mesh.node('honest').tip.hash);
  });

  it('disconnects a peer whose misbehaviour passes the threshold, and keeps the others', async () => {
    const { attacker, victim } = setup();
    await vi.runAllTimersAsync();
    const dropped: string[] = [];
    victim.events.on('peer-dropped', (id) => dropped.push(id));
    for (let i = 0; i < 10; i++) attacker.send('victim', '{');
    await vi.runAllTimersAsync();
    expect(dropped).toEqual(['attacker']);
    expect(victim.peerIds()).toEqual(['honest']);
  });
});
