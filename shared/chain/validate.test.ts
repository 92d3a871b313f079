import { describe, it, expect } from 'vitest';
import { blockHash, coinbaseTx, type Block } from './block';
import { GENESIS, GENESIS_HASH, GENESIS_TIME } from './params';
import { headerHash, type BlockHeader } from './header';
import { merkleRoot } from './merkle';
import { searchNonce } from './pow';
import { bitsForDifficulty, hashMeetsTarget, targetFromBits } from './target';
import {
  MAX_FUTURE_SECONDS,
  validateBlock,
  type BlockContext,
  type BlockRejectReason,
} from './validate';

const NOW_S = GENESIS_TIME + 600;
const CONTEXT: BlockContext = {
  parent: { height: 0, medianTimePast: GENESIS.header.time },
  nowMs: NOW_S * 1000,
};
const CB = coinbaseTx(1, 'alice');

/** Mines a block on GENESIS at difficulty 4; `header` overrides go in before mining. */
function mine(txs: string[], header: Partial<BlockHeader> = {}): Block {
  const template: BlockHeader = {
    version: 1,
    prevHash: GENESIS_HASH,
    merkleRoot: merkleRoot(txs),
    time: GENESIS_TIME + 1,
    bits: bitsForDifficulty(4),
    nonce: 0,
    ...header,
  };
  const result = searchNonce(template, 0, 1 << 20);
  if (!result.found) throw new Error('test block could not be mined');
  return { header: { ...template, nonce: result.nonce }, txs };
}

function expectRejected(block: Block, reason: BlockRejectReason, context: BlockContext = CONTEXT): void {
  const result = validateBlock(block, context);
  expect(result).toMatchObject({ ok: false, reason });
  if (!result.ok) expect(result.detail.length).toBeGreaterThan(0);
}

/** `count` distinct transactions of exactly `bytes` bytes each. */
const fillerTxs = (count: number, bytes: number): string[] =>
  Array.from({ length: count }, (_, i) => `tx${i} `.padEnd(bytes, 'x'));

describe('validateBlock accepts', () => {
  it('a mined block on genesis, returning its hash and height 1', () => {
    const block = mine([CB, 'pay bob 5']);
    expect(validateBlock(block, CONTEXT)).toEqual({ ok: true, value: { hash: blockHash(block), height: 1 } });
  });

  it('a block at the parent height + 1', () => {
    const block = mine([coinbaseTx(8, 'alice')]);
    const context = { ...CONTEXT, parent: { height: 7, medianTimePast: GENESIS_TIME } };
    expect(validateBlock(block, context)).toMatchObject({ ok: true, value: { height: 8 } });
  });

  it('a transaction of exactly 1024 bytes and a block of exactly 32 KiB', () => {
    expect(validateBlock(mine([CB, ...fillerTxs(1, 1024)]), CONTEXT).ok).toBe(true);
    const rest = 32 * 1024 - CB.length - 31 * 1024;
    const block = mine([CB, ...fillerTxs(31, 1024), 'last '.padEnd(rest, 'y')]);
    expect(validateBlock(block, CONTEXT).ok).toBe(true);
  });

  it('a time exactly two hours ahead and one second after the median time past', () => {
    expect(validateBlock(mine([CB], { time: NOW_S + MAX_FUTURE_SECONDS }), CONTEXT).ok).toBe(true);
    const context = { ...CONTEXT, parent: { height: 0, medianTimePast: GENESIS_TIME + 100 } };
    expect(validateBlock(mine([CB], { time: GENESIS_TIME + 101 }), context).ok).toBe(true);
  });
});

describe('validateBlock rejects', () => {
  it('bad-version: a version other than 1', () => {
    expectRejected(mine([CB], { version: 2 }), 'bad-version');
  });

  it('too-large: no transactions at all', () => {
    const valid = mine([CB]);
    expectRejected({ ...valid, txs: [] }, 'too-large');
  });

  it('too-large: 101 transactions', () => {
    expectRejected(mine([CB, ...fillerTxs(100, 10)]), 'too-large');
  });

  it('too-large: a transaction over 1024 bytes', () => {
    expectRejected(mine([CB, ...fillerTxs(1, 1025)]), 'too-large');
  });

  it('too-large: a transaction over 1024 UTF-8 bytes though under 1024 characters', () => {
    expectRejected(mine([CB, 'é'.repeat(513)]), 'too-large');
  });

  it('too-large: transactions totalling one byte over 32 KiB', () => {
    const rest = 32 * 1024 - CB.length - 31 * 1024 + 1;
    expectRejected(mine([CB, ...fillerTxs(31, 1024), 'last '.padEnd(rest, 'y')]), 'too-large');
    expectRejected(mine([CB, ...fillerTxs(40, 1000)]), 'too-large');
  });

  it('bad-bits: a negative compact target', () => {
    const valid = mine([CB]);
    expectRejected({ ...valid, header: { ...valid.header, bits: 0x04800000 } }, 'bad-bits');
  });

  it('bad-pow: a nonce whose hash is above the target', () => {
    const valid = mine([CB]);
    const target = targetFromBits(valid.header.bits)!;
    let nonce = valid.header.nonce + 1;
    while (hashMeetsTarget(headerHash({ ...valid.header, nonce }), target)) nonce++;
    expectRejected({ ...valid, header: { ...valid.header, nonce } }, 'bad-pow');
  });

  it('bad-pow: a valid proof relabelled with harder bits', () => {
    const hard = targetFromBits(bitsForDifficulty(20))!;
    let block = mine([CB]);
    // A block whose hash meets difficulty 4 but not 20 (nearly all of them).
    for (let extra = 1; hashMeetsTarget(blockHash(block), hard); extra++) {
      block = mine([coinbaseTx(1, 'alice', extra)]);
    }
    expectRejected({ ...block, header: { ...block.header, bits: bitsForDifficulty(20) } }, 'bad-pow');
  });

  it('bad-merkle-root: the root commits to other transactions', () => {
    expectRejected(mine([CB, 'pay bob 5'], { merkleRoot: merkleRoot([CB, 'pay bob 500']) }), 'bad-merkle-root');
  });

  it('duplicate-tx: the same transaction twice', () => {
    expectRejected(mine([CB, 'pay bob 5', 'pay bob 5']), 'duplicate-tx');
  });

  it('duplicate-tx: [cb, b, c, c] reusing the valid header of [cb, b, c] (CVE-2012-2459)', () => {
    const valid = mine([CB, 'b', 'c']);
    expect(validateBlock(valid, CONTEXT).ok).toBe(true);
    expectRejected({ ...valid, txs: [CB, 'b', 'c', 'c'] }, 'duplicate-tx');
  });

  it('bad-coinbase: a coinbase for the wrong height', () => {
    expectRejected(mine([coinbaseTx(2, 'alice')]), 'bad-coinbase');
    expectRejected(mine([coinbaseTx(0, 'alice')]), 'bad-coinbase');
  });

  it('bad-coinbase: a second coinbase', () => {
    expectRejected(mine([CB, coinbaseTx(1, 'bob')]), 'bad-coinbase');
  });

  it('bad-coinbase: a first transaction that is not a coinbase', () => {
    expectRejected(mine(['pay bob 5', CB]), 'bad-coinbase');
    expectRejected(mine(['coinbase 01 alice 0']), 'bad-coinbase');
    expectRejected(mine(['coinbase 1 alice!bob 0']), 'bad-coinbase');
  });

  it('unknown-parent: the parent is not known', () => {
    expectRejected(mine([CB]), 'unknown-parent', { ...CONTEXT, parent: undefined });
  });

  it('time-too-new: more than two hours past the node clock', () => {
    expectRejected(mine([CB], { time: NOW_S + MAX_FUTURE_SECONDS + 1 }), 'time-too-new');
  });

  it('time-too-old: at or before the median time past', () => {
    const context = { ...CONTEXT, parent: { height: 0, medianTimePast: GENESIS_TIME + 100 } };
    expectRejected(mine([CB], { time: GENESIS_TIME + 100 }), 'time-too-old', context);
    expectRejected(mine([CB], { time: GENESIS_TIME + 50 }), 'time-too-old', context);
  });
});
