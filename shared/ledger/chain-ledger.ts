/**
 * The bridge between the block tree and the ledger: when the tip moves, take the abandoned blocks
 * out (newest first, with their undo records) and put the new ones in (oldest first). Like
 * Bitcoin Core's ActivateBestChain (DisconnectTip, then ConnectTip) the switch is all or nothing:
 * if a new block's payments are invalid, the ledger goes back to exactly where it started and the
 * caller learns which block failed and why.
 */
import type { Block } from '../chain/block';
import { reject, ok, type Ok, type Rejected } from '../result';
import { Ledger, type BlockUndo } from './ledger';
import type { TxRejectReason } from './transaction';

/** One main-chain block as the tree knows it; a BlockTree `TreeEntry` fits as it is. */
export interface ChainBlock {
  hash: string;
  height: number;
  block: Block;
}

export interface LedgerTipChange {
  /** Blocks leaving the main chain, highest first. Their undos must be in the undo store. */
  disconnected: readonly ChainBlock[];
  /** Blocks joining the main chain, lowest first. */
  connected: readonly ChainBlock[];
}

/** Undo records of the main-chain blocks, by block hash. The Node owns it; this keeps it current. */
export type UndoStore = Map<string, BlockUndo>;

export interface LedgerSwitched {
  /** Undo records of the connected blocks, in their order (already stored in the undo store). */
  undos: BlockUndo[];
  /** Transfers of abandoned blocks the new chain does not contain, oldest first: back to the mempool. */
  txsToReturn: string[];
  /** Transfers of the connected blocks: out of the mempool. */
  txsIncluded: string[];
}

export type LedgerSwitchFailure = Rejected<TxRejectReason> & {
  /** Index into `connected` of the block whose payments are invalid. */
  failedIndex: number;
  hash: string;
};

/** A ledger holding the genesis block (which pays nothing), ready for height 1. */
export function ledgerAtGenesis(genesis: Block): Ledger {
  const ledger = new Ledger();
  const applied = ledger.apply(genesis, 0);
  if (!applied.ok) throw new Error(`genesis does not apply: ${applied.detail}`);
  return ledger;
}

const transfersOf = (entry: ChainBlock): string[] => entry.block.txs.slice(1);

export function switchLedgerTip(
  ledger: Ledger,
  undoStore: UndoStore,
  change: LedgerTipChange,
): Ok<LedgerSwitched> | LedgerSwitchFailure {
  const { disconnected, connected } = change;
  // Look every undo up before touching anything: a missing one is a bug in the caller, and
  // failing halfway through the disconnects would leave the ledger on no chain at all.
  const oldUndos = disconnected.map((entry) => {
    const undo = undoStore.get(entry.hash);
    if (!undo) throw new Error(`no undo record for disconnected block ${entry.hash}`);
    return undo;
  });
  for (const undo of oldUndos) ledger.undo(undo);

  const undos: BlockUndo[] = [];
  for (const [index, entry] of connected.entries()) {
    const applied = ledger.apply(entry.block, entry.height);
    if (applied.ok) {
      undos.push(applied.value);
      continue;
    }
    rollBack(ledger, undos, disconnected);
    const detail = `block ${entry.hash.slice(0, 16)}… at height ${entry.height}: ${applied.detail}`;
    return { ...reject(applied.reason, detail), failedIndex: index, hash: entry.hash };
  }

  for (const entry of disconnected) undoStore.delete(entry.hash);
  for (const [i, undo] of undos.entries()) undoStore.set(connected[i]!.hash, undo);
  const txsIncluded = connected.flatMap(transfersOf);
  const stillMined = new Set(txsIncluded);
  const txsToReturn = [...disconnected]
    .reverse()
    .flatMap(transfersOf)
    .filter((tx) => !stillMined.has(tx));
  return ok({ undos, txsToReturn, txsIncluded });
}

/**
 * Takes out what was connected, then connects the old blocks again. They were valid on exactly
 * this state a moment ago, so applying them cannot fail, and the result is the same state (and the
 * same undo records) as before the switch.
 */
function rollBack(ledger: Ledger, undos: readonly BlockUndo[], disconnected: readonly ChainBlock[]): void {
  for (const undo of [...undos].reverse()) ledger.undo(undo);
  for (const entry of [...disconnected].reverse()) {
    const reapplied = ledger.apply(entry.block, entry.height);
    if (!reapplied.ok) throw new Error(`block ${entry.hash} no longer applies: ${reapplied.detail}`);
  }
}
