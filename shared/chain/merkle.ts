/**
 * Bitcoin's merkle root: hash each transaction, then hash pairs level by level, pairing the last
 * hash with itself when a level is odd. That duplication lets two different transaction lists
 * share a root (CVE-2012-2459), which is why validation also rejects duplicate transactions.
 */
import { concatBytes, toHex } from './bytes';
import { sha256d, utf8 } from './hash';

export const txHash = (tx: string): string => toHex(sha256d(utf8(tx)));

export function merkleRoot(txs: readonly string[]): string {
  if (txs.length === 0) throw new RangeError('a block has at least its coinbase transaction');
  let level = txs.map((tx) => sha256d(utf8(tx)));
  while (level.length > 1) {
    const next: Uint8Array[] = [];
    for (let i = 0; i < level.length; i += 2) {
      const left = level[i]!;
      const right = level[i + 1] ?? left;
      next.push(sha256d(concatBytes(left, right)));
    }
    level = next;
  }
  return toHex(level[0]!);
}
