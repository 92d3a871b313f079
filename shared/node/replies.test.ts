import { describe, expect, it } from 'vitest';
import { createSimulatedMesh, mineBlock } from '../testing/mesh-sim';
import { deserializeHeader } from '../chain/header';
import { fromHex } from '../chain/bytes';
import { blocksForReply, headersForReply } from './replies';

function chainOf(length: number) {
  const mesh = createSimulatedMesh(['a'], { schedule: () => undefined, now: () => Date.now() });
  const node = mesh.node('a');
  for (let i = 0; i < length; i++) mineBlock(node, 0);
  const hashes = node.tree.recentMainChain(length).map((e) => e.hash).reverse();
  return { tree: node.tree, hashes };
}

describe('replies', () => {
  it('blocks come in the order asked, unknown hashes skipped', () => {
    const { tree, hashes } = chainOf(5);
    const asked = [hashes[3]!, 'ff'.repeat(32), hashes[1]!];
    expect(blocksForReply(tree, asked, 1e6).map((b) => b.header.prevHash)).toEqual([hashes[2], hashes[0]]);
  });

  it('a reply stops before passing its size cap, but always carries at least one block', () => {
    const { tree, hashes } = chainOf(10);
    const { txs } = tree.get(hashes[0]!)!.block;
    const one = 300 + txs.reduce((n, tx) => n + tx.length + 4, 0); // the estimate replies.ts uses
    expect(blocksForReply(tree, hashes, one * 3 + 1)).toHaveLength(3);
    expect(blocksForReply(tree, hashes, 1)).toHaveLength(1);
  });

  it('headers are the 80 bytes of each main-chain header after the locator, in hex', () => {
    const { tree, hashes } = chainOf(6);
    const headers = headersForReply(tree, [hashes[2]!], 100);
    expect(headers).toHaveLength(3);
    expect(deserializeHeader(fromHex(headers[0]!)).prevHash).toBe(hashes[2]);
  });
});
