import { describe, it, expect } from 'vitest';
import { blockHash, coinbaseTx, type Block } from './block';
import { GENESIS, GENESIS_HASH, GENESIS_TIME } from './params';
import { BlockTree } from './block-tree';
import { merkleRoot } from './merkle';
import { searchNonce } from './pow';
import { bitsForDifficulty } from './target';

interface ChildOptions {
  difficulty?: number;
  miner?: string;
  time?: number;
}

/** Mines a child of `parentHash` (which must be in the tree), at a low difficulty. */
function mineChild(tree: BlockTree, parentHash: string, options: ChildOptions = {}): Block {
  const parent = tree.get(parentHash)!;
  const txs = [coinbaseTx(parent.height + 1, options.miner ?? 'a')];
  const header = {
    version: 1,
    prevHash: parentHash,
    merkleRoot: merkleRoot(txs),
    time: options.time ?? parent.block.header.time + 1,
    bits: bitsForDifficulty(options.difficulty ?? 1),
    nonce: 0,
  };
  const result = searchNonce(header, 0, 1 << 20);
  if (!result.found) throw new Error('test block could not be mined');
  return { header: { ...header, nonce: result.nonce }, txs };
}

/** Mines and adds one block, returning its hash and the tip change. */
function addChild(tree: BlockTree, parentHash: string, options: ChildOptions = {}) {
  const block = mineChild(tree, parentHash, options);
  const hash = blockHash(block);
  return { hash, change: tree.add(block, hash) };
}

/** Adds `count` blocks in a row on `parentHash`; returns their hashes, lowest first. */
function grow(tree: BlockTree, parentHash: string, count: number, options: ChildOptions = {}): string[] {
  const hashes: string[] = [];
  let tip = parentHash;
  for (let i = 0; i < count; i++) {
    tip = addChild(tree, tip, options).hash;
    hashes.push(tip);
  }
  return hashes;
}

describe('BlockTree basics', () => {
  it('starts at genesis with work 1', () => {
    const tree = new BlockTree();
    expect(tree.tip).toMatchObject({ hash: GENESIS_HASH, height: 0, work: 1n });
    expect(tree.genesisHash).toBe(GENESIS_HASH);
    expect(tree.size).toBe(1);
    expect(tree.locator()).toEqual([GENESIS_HASH]);
  });

  it('extends the tip with a child, adding its work', () => {
    const tree = new BlockTree();
    const { hash, change } = addChild(tree, GENESIS_HASH, { difficulty: 3 });
    expect(change).toEqual({ choice: { kind: 'extend' }, disconnected: [], connected: [hash] });
    expect(tree.tip).toMatchObject({ hash, height: 1, work: 1n + 8n, prevHash: GENESIS_HASH });
    expect(tree.isOnMainChain(hash)).toBe(true);
    expect(tree.size).toBe(2);
  });

  it('refuses a block whose parent it does not have', () => {
    const tree = new BlockTree();
    const orphan: Block = { ...GENESIS, header: { ...GENESIS.header, prevHash: 'ab'.repeat(32) } };
    expect(() => tree.add(orphan, blockHash(orphan))).toThrow();
    expect(tree.size).toBe(1);
  });
});

describe('BlockTree fork choice', () => {
  it('keeps a shorter, heavier chain over a longer but lighter branch', () => {
    const tree = new BlockTree();
    const heavy = addChild(tree, GENESIS_HASH, { difficulty: 6 }).hash; // work 1 + 64
    let tip = GENESIS_HASH;
    for (let i = 0; i < 3; i++) {
      const { hash, change } = addChild(tree, tip, { miner: 'b' }); // work 2 each
      expect(change).toEqual({ choice: { kind: 'keep', reason: 'less-work' }, disconnected: [], connected: [] });
      tip = hash;
    }
    expect(tree.tip.hash).toBe(heavy);
    expect(tree.get(tip)).toMatchObject({ height: 3, work: 7n });
    expect(tree.isOnMainChain(tip)).toBe(false);
  });

  it('reorgs to a shorter, heavier branch, reporting the switch exactly', () => {
    const tree = new BlockTree();
    const main = grow(tree, GENESIS_HASH, 4); // heights 1-4, work 1 + 4*2 = 9
    const fork = main[0]!;
    const b2 = addChild(tree, fork, { difficulty: 2, miner: 'b' }); // 1 + 2 + 4 = 7
    expect(b2.change.choice).toEqual({ kind: 'keep', reason: 'less-work' });
    const b3 = addChild(tree, b2.hash, { difficulty: 2, miner: 'b' }); // 11 > 9
    expect(b3.change).toEqual({
      choice: { kind: 'reorg' },
      disconnected: [main[3], main[2], main[1]],
      connected: [b2.hash, b3.hash],
    });
    expect(tree.tip).toMatchObject({ hash: b3.hash, height: 3, work: 11n });
    expect(tree.recentMainChain(10).map((e) => e.hash)).toEqual([b3.hash, b2.hash, fork, GENESIS_HASH]);
    for (const gone of main.slice(1)) expect(tree.isOnMainChain(gone)).toBe(false);
    expect(tree.has(main[3]!)).toBe(true); // side branches are kept
  });

  it('reorgs back when the old branch becomes heavier again', () => {
    const tree = new BlockTree();
    const [a1] = grow(tree, GENESIS_HASH, 1, { difficulty: 2 });
    const b1 = addChild(tree, GENESIS_HASH, { difficulty: 3, miner: 'b' });
    expect(b1.change).toEqual({ choice: { kind: 'reorg' }, disconnected: [a1], connected: [b1.hash] });
    const a2 = addChild(tree, a1!, { difficulty: 3 });
    expect(a2.change).toEqual({ choice: { kind: 'reorg' }, disconnected: [b1.hash], connected: [a1, a2.hash] });
  });

  it('keeps the first-seen tip on equal work, then follows the branch that pulls ahead', () => {
    const tree = new BlockTree();
    const a1 = addChild(tree, GENESIS_HASH, { difficulty: 2 }).hash;
    const b1 = addChild(tree, GENESIS_HASH, { difficulty: 2, miner: 'b' });
    expect(b1.change).toEqual({
      choice: { kind: 'keep', reason: 'equal-work-seen-later' },
      disconnected: [],
      connected: [],
    });
    expect(tree.tip.hash).toBe(a1);
    const b2 = addChild(tree, b1.hash, { miner: 'b' });
    expect(b2.change).toEqual({ choice: { kind: 'reorg' }, disconnected: [a1], connected: [b1.hash, b2.hash] });
  });
});

describe('BlockTree.medianTimePast', () => {
  it('is the median of the block and its ancestors when there are fewer than 11', () => {
    const tree = new BlockTree();
    const offsets = [50, 10, 40, 20, 30];
    const hashes: string[] = [];
    let tip = GENESIS_HASH;
    for (const offset of offsets) {
      tip = addChild(tree, tip, { time: GENESIS_TIME + offset }).hash;
      hashes.push(tip);
    }
    expect(tree.medianTimePast(GENESIS_HASH)).toBe(GENESIS_TIME);
    expect(tree.medianTimePast(hashes[1]!)).toBe(GENESIS_TIME + 10); // of 0, 50, 10
    expect(tree.medianTimePast(hashes[4]!)).toBe(GENESIS_TIME + 30); // of 0, 10, 20, 30, 40, 50
    expect(tree.parentInfo(hashes[4]!)).toMatchObject({ height: 5, medianTimePast: GENESIS_TIME + 30 });
    expect(tree.parentInfo('ab'.repeat(32))).toBeUndefined();
  });

  it('looks at only the last 11 blocks', () => {
    const tree = new BlockTree();
    const hashes = grow(tree, GENESIS_HASH, 15); // block h has time GENESIS_TIME + h
    expect(tree.medianTimePast(hashes[14]!)).toBe(GENESIS_TIME + 10); // median of heights 5..15
  });
});

describe('BlockTree.locator and blocksAfterLocator', () => {
  it('lists the tip, nine more one by one, then doubling steps, then genesis', () => {
    const tree = new BlockTree();
    const byHeight = [GENESIS_HASH, ...grow(tree, GENESIS_HASH, 30)];
    const heights = [30, 29, 28, 27, 26, 25, 24, 23, 22, 21, 19, 15, 7, 0];
    expect(tree.locator()).toEqual(heights.map((h) => byHeight[h]));
  });

  it('lists every block of a ten-block chain once, genesis last', () => {
    const tree = new BlockTree();
    const hashes = grow(tree, GENESIS_HASH, 10);
    expect(tree.locator()).toEqual([...hashes].reverse().concat(GENESIS_HASH));
  });

  it('returns main-chain blocks after the fork with a peer, lowest first, capped by max', () => {
    const tree = new BlockTree();
    const shared = grow(tree, GENESIS_HASH, 12);
    const ours = grow(tree, shared[11]!, 18);
    const peer = new BlockTree();
    for (const hash of shared) peer.add(tree.get(hash)!.block, hash);
    grow(peer, shared[11]!, 5, { miner: 'peer' });

    const after = tree.blocksAfterLocator(peer.locator(), 100).map(blockHash);
    expect(after).toEqual(ours);
    expect(tree.blocksAfterLocator(peer.locator(), 5).map(blockHash)).toEqual(ours.slice(0, 5));
    expect(tree.blocksAfterLocator([GENESIS_HASH], 3).map(blockHash)).toEqual(shared.slice(0, 3));
    expect(tree.blocksAfterLocator(tree.locator(), 100)).toEqual([]);
  });

  it('skips locator hashes that are only on a side branch', () => {
    const tree = new BlockTree();
    const main = grow(tree, GENESIS_HASH, 4);
    const side = addChild(tree, main[0]!, { miner: 'side' }).hash; // height 2, not main
    expect(tree.isOnMainChain(side)).toBe(false);
    expect(tree.blocksAfterLocator([side, main[0]!], 10).map(blockHash)).toEqual(main.slice(1));
  });

  it('returns nothing when the locator shares no block, not even genesis', () => {
    const tree = new BlockTree();
    grow(tree, GENESIS_HASH, 3);
    expect(tree.blocksAfterLocator(['ab'.repeat(32), 'cd'.repeat(32)], 10)).toEqual([]);
  });
});

describe('BlockTree.recentMainChain', () => {
  it('returns the newest entries, tip first', () => {
    const tree = new BlockTree();
    const hashes = grow(tree, GENESIS_HASH, 5);
    expect(tree.recentMainChain(3).map((e) => e.hash)).toEqual([hashes[4], hashes[3], hashes[2]]);
    expect(tree.recentMainChain(3).map((e) => e.height)).toEqual([5, 4, 3]);
    expect(tree.recentMainChain(100)).toHaveLength(6);
  });

  it('returns no entries for a count of 0', () => {
    const tree = new BlockTree();
    grow(tree, GENESIS_HASH, 5);
    expect(tree.recentMainChain(0)).toEqual([]);
  });
});
