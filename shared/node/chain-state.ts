/**
 * The chain a node follows: the block tree plus the ledger of balances on its main chain and the
 * mempool of transfers not yet in it. A block that would move the tip is checked against the ledger
 * *before* the tree moves (Bitcoin Core's ConnectBlock), so the tree, the ledger and the mempool
 * never disagree, and a block whose payments are invalid changes nothing.
 */
import type { Block } from '../chain/block';
import { BlockTree, type TipChange, type TreeEntry } from '../chain/block-tree';
import { chooseChain } from '../chain/choose-chain';
import type { ChainParams } from '../chain/params';
import { ledgerAtGenesis, switchLedgerTip, type UndoStore } from '../ledger/chain-ledger';
import type { Ledger } from '../ledger/ledger';
import { Mempool, type DroppedTx } from '../ledger/mempool';
import type { TxRejectReason } from '../ledger/transaction';
import { ok, reject, type Result } from '../result';

export interface Connected {
  entry: TreeEntry;
  change: TipChange;
  /** Transfers that left the mempool as invalid after the switch (spent elsewhere, overdrawn…). */
  dropped: DroppedTx[];
  /** Transfers of abandoned blocks now back in the mempool. */
  returned: number;
}

export class ChainState {
  readonly tree: BlockTree;
  readonly ledger: Ledger;
  readonly mempool = new Mempool();
  private readonly undos: UndoStore = new Map();

  constructor(params: ChainParams) {
    this.tree = new BlockTree(params);
    this.ledger = ledgerAtGenesis(this.tree.get(this.tree.genesisHash)!.block);
  }

  /** Adds a block already valid on its own and against its parent (validateBlock). */
  connect(block: Block, hash: string): Result<Connected, TxRejectReason> {
    const entry = this.tree.entryFor(block, hash);
    if (chooseChain(this.tree.tip, entry).kind === 'keep') {
      // A side branch with less work: kept, and checked against the ledger only if it ever wins.
      return ok({ entry, change: this.tree.add(block, hash), dropped: [], returned: 0 });
    }
    const path = this.tree.pathTo(entry);
    const switched = switchLedgerTip(this.ledger, this.undos, path);
    if (!switched.ok) {
      // The ledger is back where it was. Forget the bad block's branch, unless the bad one is new.
      if (switched.hash !== hash) this.tree.removeBranch(switched.hash);
      return reject(switched.reason, switched.detail);
    }
    const change = this.tree.add(block, hash);
    // Mined transfers leave first; otherwise the re-check would call them spent and drop them.
    const dropped = [
      ...this.mempool.removeIncluded(switched.value.txsIncluded, this.ledger),
      ...this.mempool.returnToPool(switched.value.txsToReturn, this.ledger),
    ];
    return ok({ entry, change, dropped, returned: switched.value.txsToReturn.length });
  }
}
