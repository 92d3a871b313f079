import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { testWallets, transfer } from '../ledger/ledger-testing';
import { createSimulatedMesh, mineBlock, seededRandom } from '../testing/mesh-sim';

beforeEach(() => void vi.useFakeTimers());
afterEach(() => void vi.useRealTimers());

const N = 30;
const ids = Array.from({ length: N }, (_, i) => `n${i}`);
const wallets = testWallets(N, 5);
const inA = (id: string) => Number(id.slice(1)) < N / 2;

describe('thirty nodes, split in two and healed', () => {
  it('all end on the heavier branch, and transfers of the losing branch return to the mempools', async () => {
    const random = seededRandom(2024);
    const mesh = createSimulatedMesh(ids, {
      schedule: (fn, ms) => void setTimeout(fn, ms),
      now: () => Date.now(),
      latency: () => 5 + Math.floor(random() * 45),
      payTo: (id) => wallets[Number(id.slice(1))]!.address,
    });
    // A ring (so the graph is connected) plus random chords: about five links per node.
    const links: Array<[string, string]> = [];
    for (let i = 0; i < N; i++) links.push([ids[i]!, ids[(i + 1) % N]!]);
    for (let k = 0; k < N * 1.5; k++) links.push([ids[Math.floor(random() * N)]!, ids[Math.floor(random() * N)]!]);
    for (const [a, b] of links) mesh.network.connect(a, b);
    await vi.runAllTimersAsync();

    for (let i = 0; i < 3; i++) mineBlock(mesh.node('n0'), 2);
    await vi.runAllTimersAsync();
    expect(new Set(mesh.nodes.map((n) => n.tip.height))).toEqual(new Set([3]));
    expect(mesh.node('n29').chain.ledger.balanceOf(wallets[0]!.address)).toBe(150);

    const crossing = links.filter(([a, b]) => inA(a) !== inA(b));
    for (const [a, b] of crossing) mesh.network.disconnect(a, b);
    await vi.runAllTimersAsync();

    // Side A: a transfer from n0's wallet to n20's, mined into A's branch (2 blocks).
    const payment = transfer(wallets[0]!, { to: wallets[20]!.address, amount: 10, fee: 1, nonce: 0 });
    expect(mesh.node('n0').submitTransaction(payment).ok).toBe(true);
    await vi.runAllTimersAsync();
    mineBlock(mesh.node('n3'), 2);
    await vi.runAllTimersAsync();
    mineBlock(mesh.node('n7'), 2);
    // Side B: more work (4 blocks at the same difficulty).
    for (const miner of ['n15', 'n22', 'n15', 'n29']) {
      mineBlock(mesh.node(miner), 2);
      await vi.runAllTimersAsync();
    }
    const sideA = mesh.node('n1');
    const sideB = mesh.node('n16');
    expect(sideA.tip.height).toBe(5);
    expect(sideA.chain.ledger.balanceOf(wallets[20]!.address)).toBe(10);
    expect(sideB.tip.height).toBe(7);
    const heavier = sideB.tip.hash;

    for (const [a, b] of crossing) mesh.network.connect(a, b);
    await vi.runAllTimersAsync();

    for (const node of mesh.nodes) expect(node.tip.hash, node.id).toBe(heavier);
    for (const node of mesh.nodes.filter((n) => inA(n.id))) {
      expect(node.chain.mempool.pending().map((p) => p.text), node.id).toEqual([payment]);
      expect(node.chain.ledger.balanceOf(wallets[20]!.address), node.id).toBe(0); // the payment was undone
    }
    // And the returned transfer is mined again on the winning chain.
    mineBlock(mesh.node('n2'), 2);
    await vi.runAllTimersAsync();
    expect(mesh.node('n25').chain.ledger.balanceOf(wallets[20]!.address)).toBe(10);
    expect(mesh.node('n25').tip.block.txs).toContain(payment);
  });
});

describe('a node that connects later', () => {
  it('learns the transfers waiting in its peer’s mempool', async () => {
    const mesh = createSimulatedMesh(['old', 'new'], {
      schedule: (fn, ms) => void setTimeout(fn, ms),
      now: () => Date.now(),
      payTo: (id) => (id === 'old' ? wallets[0]!.address : wallets[1]!.address),
    });
    mineBlock(mesh.node('old'), 1);
    const payment = transfer(wallets[0]!, { to: wallets[1]!.address, amount: 5, fee: 1, nonce: 0 });
    expect(mesh.node('old').submitTransaction(payment).ok).toBe(true);
    mesh.network.connect('old', 'new');
    await vi.runAllTimersAsync();
    expect(mesh.node('new').chain.mempool.pending().map((p) => p.text)).toEqual([payment]);
  });
});
