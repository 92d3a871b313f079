/**
 * The proof-of-work search that also remembers its best miss, so a student can watch mining get
 * closer: the hash with the most leading zero bits tried so far, against the target. It runs on a
 * prefilter ("first nonce whose hash's first 32-bit word is ≤ w"), raising the bar to just below
 * the best first word each time one is found. Better hashes are rare (about ln N of N tries), so
 * remembering costs nothing measurable; the winning nonce is the same one `searchNonce` finds.
 * Pure: the prefilter is WebAssembly in the page (wasm-miner.ts) and plain JS here (`jsProbe`).
 */
import { toHex } from './bytes';
import { sha256d } from './hash';
import { NONCE_OFFSET, serializeHeader, type BlockHeader } from './header';
import type { NonceSearch } from './pow';
import { targetFromBits } from './target';

const NONCE_LIMIT = 0x1_0000_0000;

export interface NonceProbe {
  /** Offset from `startNonce` of the first nonce whose hash's first word is ≤ `firstWord`; ≥ `count` when none. */
  firstCandidate(header: BlockHeader, startNonce: number, count: number, firstWord: number): number;
  /** The double SHA-256 of the header with this nonce, hex. */
  hashNonce(header: BlockHeader, nonce: number): string;
}

/** The first 32 bits of a hash, as an unsigned number. */
const firstWordOf = (hash: string) => Number.parseInt(hash.slice(0, 8), 16);

/** Leading zero bits of a hex hash: the "how many zeros" students compare with the difficulty. */
export function leadingZeroBits(hash: string): number {
  let bits = 0;
  for (const digit of hash) {
    const value = Number.parseInt(digit, 16);
    if (value === 0) {
      bits += 4;
      continue;
    }
    return bits + Math.clz32(value) - 28;
  }
  return bits;
}

/**
 * `searchNonce`'s contract (same nonce found, same tries), plus `best`: the lowest hash seen in this
 * range or `bestSoFar`, whichever is lower (the winning hash when one is found). Lower is compared
 * on the first 32 bits, which is all "more leading zeros" needs.
 */
export function searchWithBest(
  probe: NonceProbe,
  header: BlockHeader,
  startNonce: number,
  count: number,
  bestSoFar: string | null,
): { result: NonceSearch; best: string | null } {
  const target = targetFromBits(header.bits);
  if (target === null) throw new RangeError(`invalid bits 0x${header.bits.toString(16)}`);
  const targetTop = Number(target >> 224n);
  let best = bestSoFar;
  let bestTop = best === null ? NONCE_LIMIT : firstWordOf(best);
  const end = Math.min(NONCE_LIMIT, startNonce + count);
  let nonce = startNonce;
  while (nonce < end) {
    // Stop at anything that could win (≤ the target's first word) or beats the best so far.
    const bar = Math.max(targetTop, bestTop - 1);
    const offset = probe.firstCandidate(header, nonce, end - nonce, bar);
    if (offset >= end - nonce) break;
    const candidate = nonce + offset;
    const hash = probe.hashNonce(header, candidate);
    const top = firstWordOf(hash);
    if (top < bestTop) {
      best = hash;
      bestTop = top;
    }
    if (BigInt('0x' + hash) <= target) return { result: { found: true, nonce: candidate, hash, tries: candidate - startNonce + 1 }, best: hash };
    nonce = candidate + 1;
  }
  return { result: { found: false, nextNonce: end, tries: end - startNonce, exhausted: end === NONCE_LIMIT }, best };
}

/** The prefilter in plain JavaScript: the fallback when WebAssembly SIMD is not there, and the tests'. */
export function jsProbe(): NonceProbe {
  return {
    firstCandidate(header, startNonce, count, firstWord) {
      const bytes = serializeHeader(header);
      const view = new DataView(bytes.buffer);
      const end = Math.min(NONCE_LIMIT, startNonce + count);
      for (let nonce = startNonce; nonce < end; nonce++) {
        view.setUint32(NONCE_OFFSET, nonce, true);
        const digest = sha256d(bytes);
        const top = ((digest[0]! << 24) | (digest[1]! << 16) | (digest[2]! << 8) | digest[3]!) >>> 0;
        if (top <= firstWord) return nonce - startNonce;
      }
      return count;
    },
    hashNonce(header, nonce) {
      const bytes = serializeHeader({ ...header, nonce });
      return toHex(sha256d(bytes));
    },
  };
}
