/**
 * Keeps a tab's chain across reloads: stored blocks go back into the Node (validated again, like
 * blocks from a stranger) before it meets any peer, and every block it accepts is written in
 * batches. If storage fails, the node keeps running in memory and the page says why.
 */
import type { Node } from '../../shared/node/node';
import { createBlockWriter, type BlockWriter } from '../persistence/block-writer';
import { openBlockStore, type BlockStore } from '../persistence/block-store';
import type { PersistenceError } from '../persistence/errors';

export interface ChainPersistence {
  store: BlockStore;
  writer: BlockWriter;
  /** Forget this tab's chain (the wallet stays); the caller reloads to resync from peers. */
  forgetChain(): Promise<void>;
}

export interface RestoreReport {
  restored: number;
  refused: number;
  skipped: number;
}

export async function restoreChain(
  identity: string,
  node: Node,
  onProblem: (message: string) => void,
): Promise<{ persistence: ChainPersistence | null; report: RestoreReport }> {
  const report = { restored: 0, refused: 0, skipped: 0 };
  let store: BlockStore;
  try {
    store = await openBlockStore(identity);
    await store.useChain(node.tree.genesisHash);
    const { blocks, skipped } = await store.loadBlocks();
    report.skipped = skipped.length;
    for (const block of blocks) {
      const result = node.acceptBlock(block, { kind: 'store' });
      if (result.ok) report.restored += 1;
      else if (result.reason !== 'duplicate') report.refused += 1;
    }
  } catch (error) {
    const code = (error as PersistenceError).code ?? 'unavailable';
    onProblem(`saved chain unavailable (${code}): ${(error as Error).message}; this tab keeps its chain in memory only`);
    return { persistence: null, report };
  }
  // A zero delay still batches: a sync connects its blocks in one task, and they go out together
  // right after it; a longer delay would lose the newest blocks to a quick reload.
  const writer = createBlockWriter(store, (task) => void setTimeout(task, 0), {
    onError: (error) => onProblem(`could not save blocks (${error.code}): ${error.message}`),
  });
  node.events.on('block-accepted', (entry, source) => {
    if (source.kind !== 'store') writer.add({ hash: entry.hash, height: entry.height, block: entry.block });
  });
  window.addEventListener('pagehide', () => void writer.flush());
  const forgetChain = async () => {
    writer.discard();
    await store.clearChain();
    store.close();
  };
  return { persistence: { store, writer, forgetChain }, report };
}
