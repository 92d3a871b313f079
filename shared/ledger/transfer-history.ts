/**
 * The transfers a tab shows, each with where it stands: pending (in the mempool), in a block, or
 * confirmed once buried under enough blocks that undoing it would take a lot of work.
 */
import type { BlockTree } from '../chain/block-tree';
import type { Mempool } from './mempool';
import { decodeTransaction, txId } from './transaction';
import { addressOf } from './wallet';

/** Blocks deep at which a transfer counts as confirmed (Bitcoin wallets traditionally wait for 6). */
export const CONFIRMATIONS = 3;
/** How far back the history looks. */
export const HISTORY_BLOCKS = 50;

export interface TransferView {
  id: string;
  from: string;
  to: string;
  amount: number;
  fee: number;
  status: 'pending' | 'in-block' | 'confirmed';
  /** Height of the block holding it, and how many blocks deep it is (1 = in the tip). */
  height?: number;
  depth?: number;
}

/** Newest first: pending transfers, then those in the last HISTORY_BLOCKS main-chain blocks. */
export function transferHistory(tree: BlockTree, mempool: Mempool, confirmations = CONFIRMATIONS): TransferView[] {
  const views: TransferView[] = mempool
    .pending()
    .reverse()
    .map(({ id, tx, sender }) => ({ id, from: sender, to: tx.to, amount: tx.amount, fee: tx.fee, status: 'pending' }));
  const tipHeight = tree.tip.height;
  for (const entry of tree.recentMainChain(HISTORY_BLOCKS)) {
    for (const text of entry.block.txs.slice(1).reverse()) {
      const decoded = decodeTransaction(text);
      if (!decoded.ok) continue; // a connected block's transfers always decode; skip rather than throw
      const { from, to, amount, fee } = decoded.value;
      const depth = tipHeight - entry.height + 1;
      const status = depth >= confirmations ? 'confirmed' : 'in-block';
      views.push({ id: txId(text), from: addressOf(from), to, amount, fee, status, height: entry.height, depth });
    }
  }
  return views;
}
