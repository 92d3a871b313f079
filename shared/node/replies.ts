/** What a node answers to requests from the chain it holds: decisions as values, no sending. */
import type { Block } from '../chain/block';
import type { BlockTree } from '../chain/block-tree';
import { toHex } from '../chain/bytes';
import { serializeHeader } from '../chain/header';

/** Main-chain headers after the locator's fork point, as 80-byte hex strings. */
export function headersForReply(tree: BlockTree, locator: readonly string[], max: number): string[] {
  return tree.headersAfterLocator(locator, max).map((header) => toHex(serializeHeader(header)));
}

/**
 * The asked-for blocks we have, in the order asked (each once), stopping before the reply would pass
 * `maxChars` (the first block always goes, so a reply is never empty for a block we hold).
 * The asker asks again for the rest.
 */
export function blocksForReply(tree: BlockTree, hashes: readonly string[], maxChars: number): Block[] {
  const blocks: Block[] = [];
  const included = new Set<string>();
  let chars = 0;
  for (const hash of hashes) {
    const entry = tree.get(hash);
    // Each body once: an honest asker never repeats a hash, and 100 copies of the tip would be free amplification.
    if (!entry || included.has(hash)) continue;
    included.add(hash);
    // The header's JSON is about 250 characters; transactions dominate the rest.
    chars += 300 + entry.block.txs.reduce((n, tx) => n + tx.length + 4, 0);
    if (blocks.length > 0 && chars > maxChars) break;
    blocks.push(entry.block);
  }
  return blocks;
}
