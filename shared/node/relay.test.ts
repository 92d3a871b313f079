import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { blockHash } from '../chain/block';
import { DEFAULT_CHAIN_PARAMS } from '../chain/params';
import { splitIntoChunks } from '../protocol/chunking';
import { encodeMessage } from '../protocol/messages';
import { Node } from './node';
import { connectFullMesh, createSimulatedMesh, mineBlock, seededRandom } from '../testing/mesh-sim';
import type { NodeErrorEvent } from './node-events';

beforeEach(() => void vi.useFakeTimers());
afterEach(() => void vi.useRealTimers());

const options = (random = seededRandom(7)) => ({
  schedule: (fn: () => void, ms: number) => void setTimeout(fn, ms),
  now: () => Date.now(),
  latency: () => 1 + Math.floor(random() * 5),
});

/** Counts messages by node, peer and type as the nodes report them. */
function traffic(nodes: Node[]) {
  const seen: Array<{ node: string; peer: string; direction: 'in' | 'out'; type: string }> = [];
  for (const node of nodes) node.events.on('message', (peer, direction, type) => seen.push({ node: node.id, peer, direction, type }));
  return seen;
}

describe('block relay: announce first, body on request', () => {
  it('a new block reaches every node, and no node receives its body twice', async () => {
    const mesh = createSimulatedMesh(['a', 'b', 'c', 'd'], options());
    connectFullMesh(mesh);
    await vi.runAllTimersAsync();
    const seen = traffic(mesh.nodes);
    mineBlock(mesh.node('a'), 2);
    await vi.runAllTimersAsync();
    const tip = mesh.node('a').tip.hash;
    for (const node of mesh.nodes) expect(node.tip.hash).toBe(tip);
    for (const id of ['b', 'c', 'd']) {
      expect(seen.filter((m) => m.node === id && m.direction === 'in' && m.type === 'block')).toHaveLength(1);
    }
    // The miner announces to three peers; bodies only follow a get-data.
    expect(seen.filter((m) => m.node === 'a' && m.direction === 'out' && m.type === 'inv')).toHaveLength(3);
    const bodiesOut = seen.filter((m) => m.direction === 'out' && m.type === 'block').length;
    const asks = seen.filter((m) => m.direction === 'out' && m.type === 'get-data').length;
    expect(bodiesOut).toBe(asks);
    expect(bodiesOut).toBe(3);
  });

  it('counts the messages and bytes each block cost, per peer', async () => {
    const mesh = createSimulatedMesh(['a', 'b'], options());
    connectFullMesh(mesh);
    await vi.runAllTimersAsync();
    mineBlock(mesh.node('a'), 2);
    await vi.runAllTimersAsync();
    const hash = mesh.node('a').tip.hash;
    const atA = mesh.node('a').stats.forBlock(hash).get('b')!;
    expect(atA.messagesOut).toBe(2); // inv, then the body
    expect(atA.messagesIn).toBe(1); // get-data
    const atB = mesh.node('b').stats.totals(hash);
    expect(atB).toMatchObject({ messagesIn: 2, messagesOut: 1 });
    expect(atB.bytesIn).toBeGreaterThan(200); // the body is a few hundred bytes
    expect(atB.bytesIn).toBe(atA.bytesOut);
  });

  it('a block whose parent is missing waits as an orphan, then connects, without blaming the sender', async () => {
    const mesh = createSimulatedMesh(['miner', 'victim'], options());
    const courier = mesh.network.createTransport('courier');
    mesh.network.connect('courier', 'victim');
    await vi.runAllTimersAsync();
    const first = mineBlock(mesh.node('miner'), 2);
    const second = mineBlock(mesh.node('miner'), 2);
    if (!first.ok || !second.ok) throw new Error('mining failed');
    const errors: NodeErrorEvent[] = [];
    mesh.node('victim').events.on('error', (e) => errors.push(e));
    courier.send('victim', encodeMessage('block', { block: second.value.block }));
    courier.send('victim', encodeMessage('headers', { headers: [] })); // an unasked reply is ignored
    courier.send('victim', encodeMessage('block', { block: first.value.block }));
    await vi.runAllTimersAsync();
    expect(mesh.node('victim').tip.hash).toBe(second.value.hash);
    expect(errors).toEqual([]);
  });

  it('a message sent in chunks is put back together and used', async () => {
    const mesh = createSimulatedMesh(['miner', 'victim'], options());
    const courier = mesh.network.createTransport('courier');
    mesh.network.connect('courier', 'victim');
    await vi.runAllTimersAsync();
    const mined = mineBlock(mesh.node('miner'), 2);
    if (!mined.ok) throw new Error('mining failed');
    const text = encodeMessage('block', { block: mined.value.block });
    const chunks = splitIntoChunks(text + ' '.repeat(100_000), 1); // padded past one message's 64 KiB
    expect(chunks.length).toBeGreaterThan(2);
    chunks.forEach((chunk) => courier.send('victim', chunk));
    await vi.runAllTimersAsync();
    expect(mesh.node('victim').tip.hash).toBe(blockHash(mined.value.block));
  });

  it('a tab opened with other room settings is told apart and never synced from', async () => {
    const random = seededRandom(3);
    const network = createSimulatedMesh(['plain'], options(random));
    const other = new Node(
      { minerName: 'other', params: DEFAULT_CHAIN_PARAMS },
      { transport: network.network.createTransport('other'), now: () => Date.now() },
    );
    other.start();
    mineBlock(network.node('plain'), 1);
    const errors: NodeErrorEvent[] = [];
    other.events.on('error', (e) => errors.push(e));
    network.network.connect('plain', 'other');
    await vi.runAllTimersAsync();
    expect(errors.map((e) => e.code)).toEqual(['wrong-chain']);
    expect(other.tip.height).toBe(0);
    // Later blocks of the other chain are neither fetched nor held against their sender.
    const asked: string[] = [];
    other.events.on('message', (_peer, direction, type) => direction === 'out' && asked.push(type));
    mineBlock(network.node('plain'), 1);
    await vi.runAllTimersAsync();
    expect(asked).toEqual([]);
    expect(errors.map((e) => e.code)).toEqual(['wrong-chain']);
  });
});

describe('sync from a peer that stops answering', () => {
  it('gives up after the stall time and syncs from another peer', async () => {
    const setTimer = (fn: () => void, ms: number) => {
      const timer = setTimeout(fn, ms);
      return () => clearTimeout(timer);
    };
    const mesh = createSimulatedMesh(['honest', 'newcomer'], { ...options(), setTimer });
    for (let i = 0; i < 5; i++) mineBlock(mesh.node('honest'), 1);
    const mute = mesh.network.createTransport('mute');
    const errors: NodeErrorEvent[] = [];
    mesh.node('newcomer').events.on('error', (e) => errors.push(e));
    mesh.network.connect('mute', 'newcomer');
    await vi.advanceTimersByTimeAsync(10);
    const newcomer = mesh.node('newcomer');
    // The mute peer claims far more work than anyone, then never answers get-headers.
    mute.send('newcomer', encodeMessage('status', { name: 'mute', address: '00'.repeat(20), genesis: newcomer.tree.genesisHash, tip: 'ee'.repeat(32), height: 99, work: 'ffffff' }));
    await vi.advanceTimersByTimeAsync(10);
    mesh.network.connect('honest', 'newcomer');
    await vi.advanceTimersByTimeAsync(1_000);
    expect(newcomer.tip.height).toBe(0); // still waiting on the mute peer
    await vi.advanceTimersByTimeAsync(10_000);
    expect(errors.map((e) => [e.peerId, e.code])).toEqual([['mute', 'sync-stalled']]);
    expect(newcomer.tip.hash).toBe(mesh.node('honest').tip.hash);
  });
});

describe('signals passed on by a neighbour', () => {
  it('reach the neighbour’s own link, with `from` set by the neighbour; nobody else is reachable', async () => {
    const mesh = createSimulatedMesh(['a', 'b', 'c'], options());
    mesh.network.connect('a', 'b');
    mesh.network.connect('b', 'c');
    await vi.runAllTimersAsync();
    const arrived: Array<[string, string, string]> = [];
    mesh.node('c').events.on('relayed-signal', (from, via, data) => arrived.push([from, via, data.type]));
    const errors: NodeErrorEvent[] = [];
    mesh.node('b').events.on('error', (e) => errors.push(e));
    mesh.node('a').relaySignal('b', 'c', { type: 'offer', sdp: 'v=0' });
    mesh.node('a').relaySignal('b', 'stranger', { type: 'offer', sdp: 'v=0' });
    await vi.runAllTimersAsync();
    expect(arrived).toEqual([['a', 'b', 'offer']]);
    expect(errors.map((e) => [e.peerId, e.code])).toEqual([['a', 'relay-unknown-peer']]);
  });
});
