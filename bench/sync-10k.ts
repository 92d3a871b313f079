/**
 * How long a new node takes to sync 10,000 blocks from one peer: headers first, then bodies, all
 * validation included, over the memory transport (messages cross a real event-loop turn each way,
 * with no added latency). The reference figure printed beside it is the time the syncing node
 * spends just validating those blocks one by one, so the ratio shows what the protocol adds.
 */
import { Node } from '../shared/node/node';
import { createSimulatedMesh, mineBlock } from '../shared/testing/mesh-sim';
import { BlockTree } from '../shared/chain/block-tree';
import { validateBlock } from '../shared/chain/validate';
import { blockHash } from '../shared/chain/block';

export interface SyncMeasurement {
  blocks: number;
  syncMs: number;
  validateOnlyMs: number;
}

export async function measureSync(blocks = 10_000): Promise<SyncMeasurement> {
  const mesh = createSimulatedMesh(['seed', 'newcomer'], {
    schedule: (fn) => void setImmediate(fn),
    now: () => Date.now(),
  });
  const seed = mesh.node('seed');
  for (let i = 0; i < blocks; i++) if (!mineBlock(seed, 0).ok) throw new Error('seed could not mine');
  const newcomer: Node = mesh.node('newcomer');

  const started = performance.now();
  const synced = new Promise<void>((resolve) =>
    newcomer.events.on('tip-changed', (tip) => tip.hash === seed.tip.hash && resolve()),
  );
  mesh.network.connect('seed', 'newcomer');
  await synced;
  const syncMs = performance.now() - started;

  const tree = new BlockTree();
  const chain = seed.tree.recentMainChain(blocks + 1).reverse().slice(1);
  const validateStarted = performance.now();
  for (const { block } of chain) {
    const verdict = validateBlock(block, { parent: tree.parentInfo(block.header.prevHash), nowMs: Date.now() });
    if (!verdict.ok) throw new Error(verdict.detail);
    tree.add(block, blockHash(block));
  }
  return { blocks, syncMs, validateOnlyMs: performance.now() - validateStarted };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const m = await measureSync();
  console.log(`${m.blocks}-block sync: ${m.syncMs.toFixed(0)} ms (validation alone: ${m.validateOnlyMs.toFixed(0)} ms)`);
}
