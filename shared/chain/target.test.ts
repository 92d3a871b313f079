import { describe, it, expect } from 'vitest';
import {
  bitsForDifficulty,
  bitsFromTarget,
  difficultyOfBits,
  hashMeetsTarget,
  MAX_TARGET,
  targetFromBits,
  workOfTarget,
} from './target';
import { seededRandom } from '../testing/seeded-random';

/** Seeded PRNG so a failing round trip is reproducible. */
const mulberry32 = seededRandom;

/** A random target of `bitLength` bits (top bit set), built from 32-bit random words. */
function randomTarget(rand: () => number, bitLength: number): bigint {
  let value = 0n;
  for (let i = 0; i < Math.ceil(bitLength / 32); i++) {
    value = (value << 32n) | BigInt(Math.floor(rand() * 2 ** 32));
  }
  value &= (1n << BigInt(bitLength)) - 1n;
  return value | (1n << BigInt(bitLength - 1));
}

const bitLength = (n: bigint): number => n.toString(2).length;
const hex64 = (n: bigint): string => n.toString(16).padStart(64, '0');

describe('targetFromBits', () => {
  it("decodes Bitcoin's difficulty-1 bits 0x1d00ffff", () => {
    expect(targetFromBits(0x1d00ffff)).toBe(0xffffn << 208n);
  });

  it('decodes small exponents by shifting the mantissa right', () => {
    expect(targetFromBits(0x03123456)).toBe(0x123456n);
    expect(targetFromBits(0x02123456)).toBe(0x1234n);
    expect(targetFromBits(0x01123456)).toBe(0x12n);
  });

  it('refuses a set sign bit (negative target)', () => {
    expect(targetFromBits(0x04800000)).toBeNull();
    expect(targetFromBits(0x1d80ffff)).toBeNull();
  });

  it('refuses a zero target', () => {
    expect(targetFromBits(0x00000000)).toBeNull();
    expect(targetFromBits(0x1d000000)).toBeNull();
    expect(targetFromBits(0x01003456)).toBeNull(); // mantissa shifted out entirely
  });

  it('refuses targets above 2^256 - 1 (overflow)', () => {
    expect(targetFromBits(0x21010000)).toBeNull(); // exactly 2^256
    expect(targetFromBits(0xff7fffff)).toBeNull();
    expect(targetFromBits(0x2100ffff)).toBe(0xffffn << 240n); // the largest that still fits
  });
});

describe('bitsFromTarget', () => {
  it('encodes difficulty-1 as 0x1d00ffff', () => {
    expect(bitsFromTarget(0xffffn << 208n)).toBe(0x1d00ffff);
  });

  it('moves a mantissa with its top bit set into the next exponent', () => {
    expect(bitsFromTarget(0x80n)).toBe(0x02008000);
    expect(targetFromBits(0x02008000)).toBe(0x80n);
  });

  it('round trips random targets to at most the target, within mantissa precision', () => {
    const rand = mulberry32(0x5eed);
    for (let i = 0; i < 2000; i++) {
      const length = 1 + Math.floor(rand() * 256);
      const target = randomTarget(rand, length);
      const bits = bitsFromTarget(target);
      const decoded = targetFromBits(bits);
      expect(decoded, `target 0x${target.toString(16)}`).not.toBeNull();
      expect(decoded! <= target, `target 0x${target.toString(16)}`).toBe(true);
      // At least the top 16 significant bits survive; small targets are exact.
      const slack = length <= 16 ? 1n : 1n << BigInt(length - 16);
      expect(target - decoded! < slack, `target 0x${target.toString(16)}`).toBe(true);
      expect(bits & 0x00800000).toBe(0);
      // Encoding the decoded value again is stable.
      expect(bitsFromTarget(decoded!)).toBe(bits);
    }
  });

  it('encodes a 23-bit mantissa at any byte position exactly', () => {
    for (const target of [1n, 0x7fn, 0xffn, 0x1234n, 0x7fffffn, 0x800000n, 0x7fffffn << 96n, 0x123456n << 200n]) {
      expect(targetFromBits(bitsFromTarget(target))).toBe(target);
    }
  });

  it('drops the low byte of a 24-bit mantissa with its top bit set, as Bitcoin does', () => {
    expect(bitsFromTarget(0xffffffn)).toBe(0x0400ffff);
    expect(targetFromBits(0x0400ffff)).toBe(0xffff00n);
  });
});

describe('bitsForDifficulty', () => {
  it('is the largest compact target not above 2^(256-d) - 1 at d = 0, 1, 8, 32', () => {
    expect(targetFromBits(bitsForDifficulty(0))).toBe(0xffffn << 240n);
    expect(targetFromBits(bitsForDifficulty(1))).toBe(0x7fffffn << 232n);
    expect(targetFromBits(bitsForDifficulty(8))).toBe(0xffffn << 232n);
    expect(bitsForDifficulty(32)).toBe(0x1d00ffff);
  });

  it('asks for d leading zero bits for every d from 0 to 32', () => {
    // The compact encoding keeps 16-23 significant bits, so 2^(256-d) - 1 itself is never
    // representable: the target is that value rounded down within mantissa precision.
    for (let d = 0; d <= 32; d++) {
      const target = targetFromBits(bitsForDifficulty(d));
      const ideal = (1n << BigInt(256 - d)) - 1n;
      expect(target, `d=${d}`).not.toBeNull();
      expect(target! <= ideal, `d=${d}`).toBe(true);
      expect(ideal - target! < 1n << BigInt(256 - d - 16), `d=${d}`).toBe(true);
      expect(bitLength(target!), `d=${d}`).toBe(256 - d);
      expect(difficultyOfBits(bitsForDifficulty(d)), `d=${d}`).toBe(d);
    }
  });

  it('rejects difficulties outside 0..32 or not whole', () => {
    for (const bad of [33, -1, 1.5, Number.NaN]) {
      expect(() => bitsForDifficulty(bad), String(bad)).toThrow(RangeError);
    }
  });
});

describe('workOfTarget', () => {
  it('is 2^d for the target 2^(256-d) - 1 (d leading zero bits)', () => {
    for (let d = 0; d <= 32; d++) {
      expect(workOfTarget((1n << BigInt(256 - d)) - 1n), `d=${d}`).toBe(1n << BigInt(d));
    }
  });

  it('is 2^d (never less, at most 2^-15 more) for the target bitsForDifficulty(d) encodes', () => {
    for (let d = 0; d <= 32; d++) {
      const work = workOfTarget(targetFromBits(bitsForDifficulty(d))!);
      const ideal = 1n << BigInt(d);
      expect(work >= ideal && work - ideal <= ideal >> 15n, `d=${d} work=${work}`).toBe(true);
    }
  });

  it("is Bitcoin's chainwork 0x100010001 for difficulty-1 bits", () => {
    expect(workOfTarget(0xffffn << 208n)).toBe(0x100010001n);
  });

  it('is 1 for the maximum target', () => {
    expect(workOfTarget(MAX_TARGET)).toBe(1n);
  });

  it('grows as the target shrinks', () => {
    expect(workOfTarget(0xffffn << 200n) > workOfTarget(0xffffn << 208n)).toBe(true);
  });
});

describe('hashMeetsTarget', () => {
  const target = 0xffffn << 208n;

  it('accepts a hash equal to the target', () => {
    expect(hashMeetsTarget(hex64(target), target)).toBe(true);
  });

  it('rejects a hash one above the target', () => {
    expect(hashMeetsTarget(hex64(target + 1n), target)).toBe(false);
  });

  it('accepts a hash one below the target and the zero hash', () => {
    expect(hashMeetsTarget(hex64(target - 1n), target)).toBe(true);
    expect(hashMeetsTarget('0'.repeat(64), target)).toBe(true);
  });

  it('reads the hash big-endian: leading zeros count, trailing zeros do not', () => {
    expect(hashMeetsTarget('000000000' + 'f'.repeat(55), target)).toBe(true);
    expect(hashMeetsTarget('f'.repeat(56) + '00000000', target)).toBe(false);
  });
});

describe('difficultyOfBits', () => {
  it('is NaN for invalid bits', () => {
    expect(difficultyOfBits(0x04800000)).toBeNaN();
  });
});
