import { describe, expect, it } from 'vitest';
import { coinbaseTx } from './block';
import { jsProbe, leadingZeroBits, searchWithBest } from './best-search';
import { headerHash, type BlockHeader } from './header';
import { merkleRoot } from './merkle';
import { GENESIS, GENESIS_HASH } from './params';
import { searchNonce } from './pow';
import { bitsForDifficulty } from './target';

const template = (difficulty: number): BlockHeader => ({
  version: 1,
  prevHash: GENESIS_HASH,
  merkleRoot: merkleRoot([coinbaseTx(1, 'best-search-test')]),
  time: GENESIS.header.time + 1,
  bits: bitsForDifficulty(difficulty),
  nonce: 0,
});

describe('leadingZeroBits', () => {
  it('counts the zero bits before the first one', () => {
    expect(leadingZeroBits('f'.repeat(64))).toBe(0);
    expect(leadingZeroBits('1' + 'f'.repeat(63))).toBe(3);
    expect(leadingZeroBits('00' + '7' + 'f'.repeat(61))).toBe(9);
    expect(leadingZeroBits('0'.repeat(64))).toBe(256);
  });
});

describe('searchWithBest', () => {
  it('finds the same nonce as searchNonce, and its hash is the best', () => {
    const header = template(10);
    const plain = searchNonce(header, 0, 1 << 16);
    const { result, best } = searchWithBest(jsProbe(), header, 0, 1 << 16, null);
    expect(result).toEqual(plain);
    expect(result.found && best).toBe(result.found ? result.hash : false);
  });

  it('remembers the lowest miss over slices, as a full scan of the same nonces would', () => {
    const header = template(30); // nothing wins in a few thousand tries
    let best: string | null = null;
    for (let start = 0; start < 3_000; start += 500) {
      const step = searchWithBest(jsProbe(), header, start, 500, best);
      expect(step.result).toEqual({ found: false, nextNonce: start + 500, tries: 500, exhausted: false });
      best = step.best;
    }
    const all = Array.from({ length: 3_000 }, (_, nonce) => headerHash({ ...header, nonce })).sort();
    expect(best).toBe(all[0]);
    expect(leadingZeroBits(best!)).toBeGreaterThanOrEqual(8); // ≈ log2(3000) − 1 zero bits, more or less
  });

  it('keeps a better best it was handed when the range has none', () => {
    const header = template(30);
    const zero = '0'.repeat(7) + '1' + 'f'.repeat(56);
    expect(searchWithBest(jsProbe(), header, 0, 200, zero).best).toBe(zero);
  });
});
