import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createSimulatedMesh, mineBlock } from '../testing/mesh-sim';
import { testWallets, transfer } from './ledger-testing';
import { transferHistory } from './transfer-history';

beforeEach(() => void vi.useFakeTimers());
afterEach(() => void vi.useRealTimers());

describe('transferHistory', () => {
  it('follows a transfer from pending, into a block, to confirmed three blocks deep', async () => {
    const [alice, bob] = testWallets(2, 9);
    const mesh = createSimulatedMesh(['a'], { schedule: (fn, ms) => void setTimeout(fn, ms), now: () => Date.now(), payTo: () => alice!.address });
    const node = mesh.node('a');
    mineBlock(node, 1);
    const errors: string[] = [];
    node.events.on('error', (e) => errors.push(`${e.code}: ${e.detail}`));
    const text = transfer(alice!, { to: bob!.address, amount: 7, fee: 2, nonce: 0 });
    expect(node.submitTransaction(text).ok).toBe(true);
    const status = () => transferHistory(node.tree, node.chain.mempool).map((v) => [v.status, v.depth]);
    expect(transferHistory(node.tree, node.chain.mempool)[0]).toMatchObject({ from: alice!.address, to: bob!.address, amount: 7, fee: 2 });
    expect(status()).toEqual([['pending', undefined]]);
    mineBlock(node, 1);
    expect(status()).toEqual([['in-block', 1]]);
    mineBlock(node, 1);
    expect(status()).toEqual([['in-block', 2]]);
    mineBlock(node, 1);
    expect(status()).toEqual([['confirmed', 3]]);
    expect(node.chain.ledger.balanceOf(bob!.address)).toBe(7);
    expect(errors).toEqual([]); // a mined transfer leaves the mempool quietly, not as 'dropped'
  });
});
