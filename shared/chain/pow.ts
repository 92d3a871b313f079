/**
 * The proof-of-work search: try nonces until the header's double SHA-256 is at or below the
 * target. The header is serialised once and only its last four bytes change per try. It works
 * in bounded slices so a Web Worker can stop between them when the tip changes.
 */
import { toHex } from './bytes';
import { sha256d } from './hash';
import { NONCE_OFFSET, serializeHeader, type BlockHeader } from './header';
import { targetFromBits } from './target';

export type NonceSearch =
  | { found: true; nonce: number; hash: string; tries: number }
  | { found: false; nextNonce: number; tries: number; exhausted: boolean };

const NONCE_LIMIT = 0x1_0000_0000;

export function searchNonce(header: BlockHeader, startNonce: number, maxTries: number): NonceSearch {
  const target = targetFromBits(header.bits);
  if (target === null) throw new RangeError(`invalid bits 0x${header.bits.toString(16)}`);
  const bytes = serializeHeader(header);
  const view = new DataView(bytes.buffer);
  const end = Math.min(NONCE_LIMIT, startNonce + maxTries);
  for (let nonce = startNonce; nonce < end; nonce++) {
    view.setUint32(NONCE_OFFSET, nonce, true);
    const digest = sha256d(bytes);
    // Skip building a bigint when the first byte alone already puts the hash above the target.
    if (digest[0] !== 0 && target < 1n << 248n) continue;
    const hash = toHex(digest);
    if (BigInt('0x' + hash) <= target) return { found: true, nonce, hash, tries: nonce - startNonce + 1 };
  }
  return { found: false, nextNonce: end, tries: end - startNonce, exhausted: end === NONCE_LIMIT };
}
