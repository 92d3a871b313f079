/**
 * Proof-of-work targets. `bits` is Bitcoin's compact encoding (one exponent byte, three mantissa
 * bytes); a hash meets the target when, read as a 256-bit number, it is not above it. The work a
 * block proves is the expected number of hashes to find it, 2^256 / (target + 1), and chains are
 * compared by the sum of that, not by length.
 */
const TWO_256 = 1n << 256n;
export const MAX_TARGET = TWO_256 - 1n;
/** The UI offers difficulty as "leading zero bits"; this bounds what it will ask miners to do. */
export const MAX_DIFFICULTY_BITS = 32;

/** Decode compact bits; null for encodings Bitcoin also refuses (negative, zero, overflow). */
export function targetFromBits(bits: number): bigint | null {
  const exponent = bits >>> 24;
  const mantissa = bits & 0x007fffff;
  if (bits & 0x00800000) return null; // sign bit: a negative target
  const target =
    exponent <= 3
      ? BigInt(mantissa) >> BigInt(8 * (3 - exponent))
      : BigInt(mantissa) << BigInt(8 * (exponent - 3));
  if (target === 0n || target > MAX_TARGET) return null;
  return target;
}

export function bitsFromTarget(target: bigint): number {
  let size = Math.ceil(target.toString(16).length / 2);
  let mantissa =
    size <= 3 ? Number(target << BigInt(8 * (3 - size))) : Number(target >> BigInt(8 * (size - 3)));
  // The mantissa's top bit is a sign bit: shift one byte right and grow the exponent instead.
  if (mantissa & 0x00800000) {
    mantissa >>>= 8;
    size += 1;
  }
  return ((size << 24) | mantissa) >>> 0;
}

/**
 * Compact bits for "a hash must start with `zeroBits` zero bits". The compact form keeps 16–23
 * significant bits, so the target is 2^(256-zeroBits)-1 rounded down: a hash with exactly that
 * many zero bits still fails with probability under 2^-16, as in Bitcoin.
 */
export function bitsForDifficulty(zeroBits: number): number {
  if (!Number.isInteger(zeroBits) || zeroBits < 0 || zeroBits > MAX_DIFFICULTY_BITS) {
    throw new RangeError(`difficulty must be an integer from 0 to ${MAX_DIFFICULTY_BITS} bits`);
  }
  return bitsFromTarget((1n << BigInt(256 - zeroBits)) - 1n);
}

/** Expected hashes to meet the target: what "more work" means in fork choice. */
export const workOfTarget = (target: bigint): bigint => TWO_256 / (target + 1n);

export const hashMeetsTarget = (hashHex: string, target: bigint): boolean =>
  BigInt('0x' + hashHex) <= target;

/** For display: log2 of the work, i.e. about how many leading zero bits the target demands. */
export function difficultyOfBits(bits: number): number {
  const target = targetFromBits(bits);
  if (target === null) return NaN;
  return Math.round(Math.log2(Number(workOfTarget(target))) * 10) / 10;
}
