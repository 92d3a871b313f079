import { describe, it, expect } from 'vitest';
import { coinbaseTx } from './block';
import { GENESIS, GENESIS_HASH } from './params';
import { headerHash, type BlockHeader } from './header';
import { merkleRoot } from './merkle';
import { searchNonce } from './pow';
import { bitsForDifficulty, hashMeetsTarget, targetFromBits } from './target';

const NONCE_LIMIT = 2 ** 32;

function template(difficulty: number): BlockHeader {
  return {
    version: 1,
    prevHash: GENESIS_HASH,
    merkleRoot: merkleRoot([coinbaseTx(1, 'pow-test')]),
    time: GENESIS.header.time + 1,
    bits: bitsForDifficulty(difficulty),
    nonce: 0,
  };
}

const meets = (header: BlockHeader, nonce: number): boolean =>
  hashMeetsTarget(headerHash({ ...header, nonce }), targetFromBits(header.bits)!);

describe('searchNonce', () => {
  for (const difficulty of [0, 1, 4, 8]) {
    it(`finds the first nonce whose header hash meets a difficulty-${difficulty} target`, () => {
      const header = template(difficulty);
      const start = 1000;
      const result = searchNonce(header, start, 1 << 20);
      if (!result.found) throw new Error('no nonce found in 2^20 tries');
      expect(result.hash).toBe(headerHash({ ...header, nonce: result.nonce }));
      expect(meets(header, result.nonce)).toBe(true);
      expect(result.tries).toBe(result.nonce - start + 1);
      for (let nonce = start; nonce < result.nonce; nonce++) {
        expect(meets(header, nonce), `nonce ${nonce} met the target but was skipped`).toBe(false);
      }
    });
  }

  it('reports found:false with nextNonce when the budget runs out', () => {
    const header = template(32);
    expect(searchNonce(header, 0, 10)).toEqual({ found: false, nextNonce: 10, tries: 10, exhausted: false });
    expect(searchNonce(header, 500, 7)).toEqual({ found: false, nextNonce: 507, tries: 7, exhausted: false });
  });

  it('reaches the same nonce when resumed in small slices from nextNonce', () => {
    const header = template(6);
    const whole = searchNonce(header, 0, 1 << 20);
    if (!whole.found) throw new Error('no nonce found in 2^20 tries');
    let next = 0;
    let slices = 0;
    for (;;) {
      const slice = searchNonce(header, next, 5);
      slices++;
      if (slice.found) {
        expect(slice.nonce).toBe(whole.nonce);
        expect(slice.hash).toBe(whole.hash);
        break;
      }
      expect(slice.tries).toBe(5);
      next = slice.nextNonce;
    }
    expect(slices).toBe(Math.floor(whole.nonce / 5) + 1);
  });

  it('reports exhausted when the search reaches 2^32', () => {
    const header = template(32);
    expect(searchNonce(header, NONCE_LIMIT - 5, 100)).toEqual({
      found: false,
      nextNonce: NONCE_LIMIT,
      tries: 5,
      exhausted: true,
    });
  });

  it('tries the last nonce 0xffffffff', () => {
    // At difficulty 0 almost every hash meets the target, so starting at the last nonce finds it.
    const result = searchNonce(template(0), NONCE_LIMIT - 1, 10);
    expect(result).toMatchObject({ found: true, nonce: NONCE_LIMIT - 1, tries: 1 });
  });

  it('does not search past 2^32 when starting there', () => {
    expect(searchNonce(template(0), NONCE_LIMIT, 10)).toEqual({
      found: false,
      nextNonce: NONCE_LIMIT,
      tries: 0,
      exhausted: true,
    });
  });

  it('throws RangeError for invalid bits', () => {
    expect(() => searchNonce({ ...template(1), bits: 0x04800000 }, 0, 10)).toThrow(RangeError);
  });
});
