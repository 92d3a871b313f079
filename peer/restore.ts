/**
 * Puts the stored chain back into a fresh node before it meets anyone, validating every block
 * exactly as one from a peer (proof of work, merkle root, parent, time, ledger). The file is ours,
 * so a block the node refuses means the file is not what this code wrote: the whole file is
 * refused (the caller exits), rather than run on the part before the bad block.
 */
import type { Node } from '../shared/node/node';
import { ok, reject, type Result } from '../shared/result';
import type { StoredBlock } from './chain-file';

export function restoreChain(node: Node, blocks: readonly StoredBlock[]): Result<{ restored: number }, 'refused'> {
  let restored = 0;
  for (const { block, hash, height, line } of blocks) {
    const result = node.acceptBlock(block, { kind: 'store' }, hash);
    if (result.ok) restored += 1;
    else if (result.reason !== 'duplicate') {
      return reject('refused', `line ${line}: block ${hash.slice(0, 12)}… (height ${height}) refused by validation: ${result.reason}: ${result.detail}`);
    }
  }
  return ok({ restored });
}
