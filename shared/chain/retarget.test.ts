import { describe, it, expect } from 'vitest';
import { coinbaseTx, type Block } from './block';
import { BlockTree } from './block-tree';
import type { BlockHeader } from './header';
import { merkleRoot } from './merkle';
import { DEFAULT_CHAIN_PARAMS, GENESIS_TIME } from './params';
import type { ChainParams } from './params';
import { searchNonce } from './pow';
import { bitsForRule, nextTargetRule } from './retarget';
import type { TargetRule } from './retarget';
import { bitsForDifficulty, bitsFromTarget, MAX_TARGET, targetFromBits, workOfTarget } from './target';
import { validateBlock } from './validate';

const RETARGET: ChainParams = { difficulty: 8, spacing: 10, window: 10 };
const EXPECTED_SPAN = RETARGET.spacing * RETARGET.window;
const T0 = GENESIS_TIME;

const targetOf = (bits: number): bigint => {
  const target = targetFromBits(bits);
  if (target === null) throw new Error(`bits 0x${bits.toString(16)} do not decode`);
  return target;
};

function exactBits(rule: TargetRule): number {
  if (rule.kind !== 'exact') throw new Error(`expected an exact rule, got ${rule.kind}`);
  return rule.bits;
}

/** The rule for the child of a block at `parentHeight` whose window began at T0 and took `span` s. */
function ruleAfter(span: number, bits = bitsForDifficulty(RETARGET.difficulty), parentHeight = 19) {
  const asked: number[] = [];
  const rule = nextTargetRule(RETARGET, { height: parentHeight, bits, time: T0 + span }, (height) => {
    asked.push(height);
    return T0;
  });
  return { rule, asked };
}

/** Compact encoding keeps 16+ significant bits and rounds down: `actual` is within 2^-15 below `exact`. */
function expectTargetNear(actual: bigint, exact: bigint): void {
  expect(actual <= exact, `${actual.toString(16)} > ${exact.toString(16)}`).toBe(true);
  expect((exact - actual) << 15n <= exact, `${actual.toString(16)} far below ${exact.toString(16)}`).toBe(true);
}

describe('nextTargetRule in free mode (spacing 0)', () => {
  it.each([0, 5, 20])('allows any target at most the floor of difficulty %i, at any height', (difficulty) => {
    const params = { difficulty, spacing: 0, window: 10 };
    for (const height of [0, 8, 9, 19]) {
      const rule = nextTargetRule(params, { height, bits: bitsForDifficulty(31), time: T0 }, () => {
        throw new Error('free mode needs no window times');
      });
      expect(rule).toEqual({ kind: 'at-most', target: targetOf(bitsForDifficulty(difficulty)) });
    }
  });
});

describe('nextTargetRule in retarget mode', () => {
  it('keeps the parent bits exactly between window boundaries', () => {
    const oddBits = 0x1e0fedcb;
    for (let parentHeight = 0; parentHeight < 30; parentHeight++) {
      if ((parentHeight + 1) % RETARGET.window === 0) continue;
      const rule = nextTargetRule(RETARGET, { height: parentHeight, bits: oddBits, time: T0 + 1 }, () => {
        throw new Error('no window times between boundaries');
      });
      expect(rule).toEqual({ kind: 'exact', bits: oddBits });
    }
  });

  it('measures `window` intervals: from the block before the window (block 1 at the first retarget)', () => {
    expect(ruleAfter(EXPECTED_SPAN, undefined, 9).asked).toEqual([1]);
    expect(ruleAfter(EXPECTED_SPAN, undefined, 29).asked).toEqual([19]);
  });

  it.each([bitsForDifficulty(8), bitsForDifficulty(1), bitsForDifficulty(20), 0x1d00ffff])(
    'keeps the target of bits %i when the window took exactly window × spacing',
    (bits) => {
      expect(targetOf(exactBits(ruleAfter(EXPECTED_SPAN, bits).rule))).toBe(targetOf(bits));
    },
  );

  it('halves the target (twice the difficulty) when the window took half the time', () => {
    const parent = targetOf(bitsForDifficulty(12));
    expectTargetNear(targetOf(exactBits(ruleAfter(EXPECTED_SPAN / 2, bitsForDifficulty(12)).rule)), parent / 2n);
  });

  it('doubles the target (half the difficulty) when the window took twice the time', () => {
    const parent = targetOf(bitsForDifficulty(12));
    expectTargetNear(targetOf(exactBits(ruleAfter(EXPECTED_SPAN * 2, bitsForDifficulty(12)).rule)), parent * 2n);
  });

  it('scales in proportion for an uneven ratio', () => {
    const parent = targetOf(0x1d00ffff);
    const next = targetOf(exactBits(ruleAfter(130, 0x1d00ffff).rule));
    expectTargetNear(next, (parent * 130n) / BigInt(EXPECTED_SPAN));
  });

  it.each([0, -1, -100_000, 1, EXPECTED_SPAN / 4])('divides the target by at most 4 for a %i s window', (span) => {
    const parent = targetOf(bitsForDifficulty(12));
    expectTargetNear(targetOf(exactBits(ruleAfter(span, bitsForDifficulty(12)).rule)), parent / 4n);
  });

  it.each([EXPECTED_SPAN * 4, EXPECTED_SPAN * 10, 1_000_000])('multiplies the target by at most 4 for a %i s window', (span) => {
    const parent = targetOf(bitsForDifficulty(12));
    expectTargetNear(targetOf(exactBits(ruleAfter(span, bitsForDifficulty(12)).rule)), parent * 4n);
  });

  it.each([0, 1, 2])('never goes past MAX_TARGET from difficulty %i, and stays decodable', (difficulty) => {
    const bits = exactBits(ruleAfter(EXPECTED_SPAN * 4, bitsForDifficulty(difficulty)).rule);
    const target = targetFromBits(bits);
    expect(target).not.toBeNull();
    expect(target! <= MAX_TARGET).toBe(true);
    if (difficulty < 2) expect(bits).toBe(bitsFromTarget(MAX_TARGET));
  });
});

describe('bitsForRule', () => {
  const floor = targetOf(bitsForDifficulty(10));
  const free: TargetRule = { kind: 'at-most', target: floor };

  it('uses the exact bits whatever difficulty the miner chose', () => {
    expect(bitsForRule({ kind: 'exact', bits: 0x1e0fedcb })).toBe(0x1e0fedcb);
    expect(bitsForRule({ kind: 'exact', bits: 0x1e0fedcb }, 30)).toBe(0x1e0fedcb);
  });

  it('uses the floor when no difficulty is chosen or the choice is easier than the floor', () => {
    expect(bitsForRule(free)).toBe(bitsForDifficulty(10));
    expect(bitsForRule(free, 9)).toBe(bitsForDifficulty(10));
    expect(bitsForRule(free, 0)).toBe(bitsForDifficulty(10));
  });

  it('honours a chosen difficulty at least as hard as the floor', () => {
    expect(bitsForRule(free, 10)).toBe(bitsForDifficulty(10));
    expect(bitsForRule(free, 18)).toBe(bitsForDifficulty(18));
  });
});

describe('the rule enforced through BlockTree and validateBlock', () => {
  const NOW_MS = (T0 + 100_000) * 1000;

  function mineOn(tree: BlockTree, parentHash: string, time: number, bits: number): Block {
    const txs = [coinbaseTx(tree.get(parentHash)!.height + 1, 'alice')];
    const header: BlockHeader = { version: 1, prevHash: parentHash, merkleRoot: merkleRoot(txs), time, bits, nonce: 0 };
    const result = searchNonce(header, 0, 1 << 20);
    if (!result.found) throw new Error('test block could not be mined');
    return { header: { ...header, nonce: result.nonce }, txs };
  }
  const check = (tree: BlockTree, block: Block) =>
    validateBlock(block, { parent: tree.parentInfo(block.header.prevHash), nowMs: NOW_MS });

  it('a retarget chain demands the parent bits mid-window and the retargeted bits at a boundary', () => {
    const tree = new BlockTree({ difficulty: 1, spacing: 10, window: 4 });
    const genesisBits = bitsForDifficulty(1);
    let tip = tree.genesisHash;
    const harder = mineOn(tree, tip, T0 + 5, bitsForDifficulty(3));
    expect(check(tree, harder)).toMatchObject({ ok: false, reason: 'bad-target' });
    for (const time of [T0 + 5, T0 + 10, T0 + 20]) {
      const block = mineOn(tree, tip, time, genesisBits);
      const result = check(tree, block);
      if (!result.ok) throw new Error(`${result.reason}: ${result.detail}`);
      tree.add(block, result.value.hash);
      tip = result.value.hash;
    }
    // Genesis is left out: heights 1..3 are 2 intervals, 15 s against 2 × 10 s: the target shrinks to 3/4.
    const stale = mineOn(tree, tip, T0 + 25, genesisBits);
    expect(check(tree, stale)).toMatchObject({ ok: false, reason: 'bad-target' });
    const rule = tree.parentInfo(tip)!.targetRule!;
    expectTargetNear(targetOf(exactBits(rule)), (targetOf(genesisBits) * 3n) / 4n);
    const retargeted = mineOn(tree, tip, T0 + 25, exactBits(rule));
    expect(check(tree, retargeted)).toMatchObject({ ok: true, value: { height: 4 } });
  });

  it('a free-mode chain rejects a block easier than the floor and accepts the floor or harder', () => {
    const tree = new BlockTree({ difficulty: 4, spacing: 0, window: 10 });
    const at = (difficulty: number) => check(tree, mineOn(tree, tree.genesisHash, T0 + 1, bitsForDifficulty(difficulty)));
    expect(at(2)).toMatchObject({ ok: false, reason: 'bad-target' });
    expect(at(4)).toMatchObject({ ok: true });
    expect(at(6)).toMatchObject({ ok: true });
  });
});

/**
 * A miner with a constant hash rate H: each block takes exactly its expected hashes / H seconds.
 * Returns the mean interval over the last `lastWindows` windows after `windows` windows.
 */
function simulatedMeanInterval(params: ChainParams, hashRate: number, windows = 200, lastWindows = 20): number {
  const clock = [T0];
  const times = [T0];
  const bits = [bitsForDifficulty(params.difficulty)];
  for (let height = 1; height <= windows * params.window; height++) {
    const parent = height - 1;
    const rule = nextTargetRule(params, { height: parent, bits: bits[parent]!, time: times[parent]! }, (h) => times[h]!);
    const next = exactBits(rule);
    bits.push(next);
    clock.push(clock[parent]! + Number(workOfTarget(targetOf(next))) / hashRate);
    times.push(Math.floor(clock[height]!));
  }
  const blocks = lastWindows * params.window;
  return (clock[clock.length - 1]! - clock[clock.length - 1 - blocks]!) / blocks;
}

describe('retargeting converges on the spacing', () => {
  it.each([1, 30])('a miner of %i hashes/s sees about one block per spacing on the default params', (hashRate) => {
    const mean = simulatedMeanInterval(DEFAULT_CHAIN_PARAMS, hashRate);
    expect(Math.abs(mean - DEFAULT_CHAIN_PARAMS.spacing) / DEFAULT_CHAIN_PARAMS.spacing).toBeLessThan(0.25);
  });

  // The window's timespan runs from its first block to its last: window − 1 intervals, compared
  // against window × spacing. Blocks then settle at spacing × window / (window − 1).
  it.each([2, 4])('with a small window of %i blocks too', (window) => {
    const params = { difficulty: 4, spacing: 10, window };
    const mean = simulatedMeanInterval(params, 30);
    expect(Math.abs(mean - params.spacing) / params.spacing).toBeLessThan(0.25);
  });
});
