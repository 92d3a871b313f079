/**
 * The teacher's partition as the classroom gets it: links stay open, but each tab's transport
 * drops what comes from the other group (shared/transport/conditioner.ts). The two halves mine
 * apart and fork; after the heal, the next block announced carries the heavier branch to everyone.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { testWallets, transfer } from '../ledger/ledger-testing';
import { connectFullMesh, createSimulatedMesh, mineBlock, seededRandom } from '../testing/mesh-sim';
import { NO_CONDITIONS } from '../transport/conditioner';

beforeEach(() => void vi.useFakeTimers());
afterEach(() => void vi.useRealTimers());

const N = 20;
const ids = Array.from({ length: N }, (_, i) => `n${i}`);
const wallets = testWallets(N, 5);
const inA = (id: string) => Number(id.slice(1)) < N / 2;
const groupA = ids.filter(inA);
const groupB = ids.filter((id) => !inA(id));
/** The room's conditions during the lesson: some latency and jitter throughout. */
const slow = { ...NO_CONDITIONS, latencyMs: 30, jitterMs: 20 };

describe('twenty nodes partitioned by the room’s conditions, then healed', () => {
  it('fork apart, then all follow the most-work branch; the losing branch’s transfers return to the mempools', async () => {
    const random = seededRandom(77);
    const mesh = createSimulatedMesh(ids, {
      schedule: (fn, ms) => void setTimeout(fn, ms),
      now: () => Date.now(),
      latency: () => 2 + Math.floor(random() * 8),
      random,
      conditions: slow,
      payTo: (id) => wallets[Number(id.slice(1))]!.address,
    });
    // A ring plus random chords, so many links cross the coming partition.
    for (let i = 0; i < N; i++) mesh.network.connect(ids[i]!, ids[(i + 1) % N]!);
    for (let k = 0; k < N * 1.5; k++) mesh.network.connect(ids[Math.floor(random() * N)]!, ids[Math.floor(random() * N)]!);
    await vi.runAllTimersAsync();
    for (let i = 0; i < 3; i++) mineBlock(mesh.node('n0'), 2);
    await vi.runAllTimersAsync();
    expect(new Set(mesh.nodes.map((n) => n.tip.height))).toEqual(new Set([3]));
    const linksBefore = mesh.nodes.map((n) => n.peerIds().length);

    mesh.network.setConditions({ ...slow, partition: { groups: [groupA, groupB] } });

    // Side A: n0 pays n15, and the payment is mined into A's branch (2 blocks).
    const payment = transfer(wallets[0]!, { to: wallets[15]!.address, amount: 10, fee: 1, nonce: 0 });
    expect(mesh.node('n0').submitTransaction(payment).ok).toBe(true);
    await vi.runAllTimersAsync();
    mineBlock(mesh.node('n3'), 2);
    await vi.runAllTimersAsync();
    mineBlock(mesh.node('n7'), 2);
    await vi.runAllTimersAsync();
    // Side B: more work (4 blocks at the same difficulty).
    for (const miner of ['n12', 'n18', 'n12', 'n19']) {
      mineBlock(mesh.node(miner), 2);
      await vi.runAllTimersAsync();
    }
    // Two tips, one per side; nothing crossed, and no link was closed.
    const tipA = mesh.node('n1').tip;
    const tipB = mesh.node('n11').tip;
    expect(tipA.height).toBe(5);
    expect(tipB.height).toBe(7);
    for (const id of groupA) expect(mesh.node(id).tip.hash, id).toBe(tipA.hash);
    for (const id of groupB) expect(mesh.node(id).tip.hash, id).toBe(tipB.hash);
    for (const id of groupB) expect(mesh.node(id).chain.mempool.pending(), id).toEqual([]); // the payment did not cross
    expect(mesh.network.dropped.partition).toBeGreaterThan(0);
    expect(mesh.network.dropped.loss).toBe(0);
    expect(mesh.nodes.map((n) => n.peerIds().length)).toEqual(linksBefore);

    mesh.network.setConditions(slow);
    // The losing side mines first after the heal: its branch is now known to B but has less work
    // (6 blocks against 7), so nobody in B follows it.
    mineBlock(mesh.node('n5'), 2);
    await vi.runAllTimersAsync();
    for (const id of groupB) expect(mesh.node(id).tip.hash, id).toBe(tipB.hash);
    // B's next block reaches A: every node ends on B's branch, the most work.
    mineBlock(mesh.node('n18'), 2);
    await vi.runAllTimersAsync();
    const winner = mesh.node('n18').tip;
    expect(winner.height).toBe(8);
    for (const node of mesh.nodes) expect(node.tip.hash, node.id).toBe(winner.hash);
    for (const id of groupA) {
      const node = mesh.node(id);
      expect(node.chain.mempool.pending().map((p) => p.text), id).toContain(payment);
      expect(node.chain.ledger.balanceOf(wallets[15]!.address), id).toBe(0); // the payment was undone
    }
    // And the returned transfer is mined again on the winning chain, which B then learns too.
    mineBlock(mesh.node('n2'), 2);
    await vi.runAllTimersAsync();
    expect(mesh.node('n15').chain.ledger.balanceOf(wallets[15]!.address)).toBe(10);
    expect(mesh.node('n15').tip.block.txs).toContain(payment);
  });
});

describe('eight nodes under heavy loss and jitter', () => {
  it('lose blocks on the way but no honest peer is dropped, and one block after the loss is lifted brings everyone to one tip', async () => {
    const random = seededRandom(4242);
    const ids8 = Array.from({ length: 8 }, (_, i) => `n${i}`);
    const lossy = { ...NO_CONDITIONS, latencyMs: 40, jitterMs: 30, loss: 0.25 };
    const mesh = createSimulatedMesh(ids8, {
      schedule: (fn, ms) => void setTimeout(fn, ms),
      now: () => Date.now(),
      // Lost requests leave syncs waiting: the stall timer is what gives up on them.
      setTimer: (fn, ms) => {
        const timer = setTimeout(fn, ms);
        return () => clearTimeout(timer);
      },
      random,
      conditions: lossy,
    });
    connectFullMesh(mesh);
    await vi.runAllTimersAsync();
    const droppedPeers: string[] = [];
    for (const node of mesh.nodes) node.events.on('peer-dropped', (peerId) => droppedPeers.push(`${node.id}→${peerId}`));

    for (let i = 0; i < 12; i++) {
      mineBlock(mesh.nodes[i % 8]!, 2);
      await vi.runAllTimersAsync();
    }
    expect(mesh.network.dropped.loss).toBeGreaterThan(0);
    expect(droppedPeers).toEqual([]);
    const linksUnderLoss = mesh.nodes.map((n) => n.peerIds().length);
    expect(linksUnderLoss).toEqual(ids8.map(() => 7));

    // The loss really cost something: the nodes disagree (seeded, so always the same run).
    expect(new Set(mesh.nodes.map((n) => n.tip.hash)).size).toBeGreaterThan(1);
    mesh.network.setConditions({ ...lossy, loss: 0 });
    const best = mesh.nodes.reduce((a, b) => (b.tip.work > a.tip.work ? b : a));
    mineBlock(best, 2);
    await vi.runAllTimersAsync();
    for (const node of mesh.nodes) expect(node.tip.hash, node.id).toBe(best.tip.hash);
    expect(droppedPeers).toEqual([]);
  });
});
