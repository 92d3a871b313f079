/**
 * Keeps a tab's chain and wallet across reloads: stored blocks go back into the Node (validated
 * again, like blocks from a stranger) before it meets any peer, and every block it accepts is
 * written in batches. If storage fails, the node keeps running in memory and the page says why.
 */
import { createWallet, walletFromPrivateKey, type Wallet } from '../../shared/ledger/wallet';
import type { Node } from '../../shared/node/node';
import { createBlockWriter, type BlockWriter } from '../persistence/block-writer';
import { openBlockStore, type BlockStore } from '../persistence/block-store';
import type { PersistenceError } from '../persistence/errors';
import type { Notice } from '../store/mesh-store';

export interface RestoreReport {
  restored: number;
  refused: number;
  skipped: number;
}

/** The values the 'join:problem.*' storage texts show: the error's code and its (technical) message. */
const describe = (error: unknown) => ({ code: (error as PersistenceError).code ?? 'unavailable', message: (error as Error).message });

export async function openTabStorage(identity: string, onProblem: (problem: Notice) => void): Promise<BlockStore | null> {
  try {
    return await openBlockStore(identity);
  } catch (error) {
    onProblem({ key: 'join:problem.storage', params: describe(error) });
    return null;
  }
}

/** The tab's key pair: the saved one, or a new one (saved for next time). */
export async function loadOrCreateWallet(store: BlockStore | null, onProblem: (problem: Notice) => void): Promise<Wallet> {
  const randomBytes = (n: number) => crypto.getRandomValues(new Uint8Array(n));
  try {
    const saved = await store?.loadWallet();
    if (saved) {
      const restored = walletFromPrivateKey(saved.privateKeyHex);
      if (restored.ok) return restored.value;
      onProblem({ key: 'join:problem.walletDamaged' });
    }
    const wallet = createWallet(randomBytes);
    await store?.saveWallet({ version: 1, privateKeyHex: wallet.privateKey, address: wallet.address });
    return wallet;
  } catch (error) {
    onProblem({ key: 'join:problem.walletNotSaved', params: describe(error) });
    return createWallet(randomBytes);
  }
}

export async function restoreChain(store: BlockStore, node: Node, onProblem: (problem: Notice) => void): Promise<RestoreReport> {
  const report = { restored: 0, refused: 0, skipped: 0 };
  try {
    await store.useChain(node.tree.genesisHash);
    const { blocks, skipped } = await store.loadBlocks();
    report.skipped = skipped.length;
    for (const block of blocks) {
      const result = node.acceptBlock(block, { kind: 'store' });
      if (result.ok) report.restored += 1;
      else if (result.reason !== 'duplicate') report.refused += 1;
    }
  } catch (error) {
    onProblem({ key: 'join:problem.chainUnreadable', params: describe(error) });
  }
  return report;
}

/** Writes every block the node accepts from now on; returns the writer (flush it on pagehide). */
export function persistNewBlocks(store: BlockStore, node: Node, onProblem: (problem: Notice) => void): BlockWriter {
  // A zero delay still batches: a sync connects its blocks in one task, and they go out together
  // right after it; a longer delay would lose the newest blocks to a quick reload.
  const writer = createBlockWriter(store, (task) => void setTimeout(task, 0), {
    onError: (error) => onProblem({ key: 'join:problem.blocksNotSaved', params: { code: error.code, message: error.message } }),
  });
  node.events.on('block-accepted', (entry, source) => {
    if (source.kind !== 'store') writer.add({ hash: entry.hash, height: entry.height, block: entry.block });
  });
  return writer;
}
