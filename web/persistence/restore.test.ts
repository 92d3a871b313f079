/**
 * The whole loop the page runs: a node's accepted blocks go through the writer into the store;
 * after a "reload" a fresh node is fed the stored blocks and validates each one again.
 */
import { IDBFactory } from 'fake-indexeddb';
import { describe, expect, it } from 'vitest';
import { createSimulatedMesh, mineBlock } from '../../shared/testing/mesh-sim';
import { databaseNameFor, openBlockStore } from './block-store';
import { createBlockWriter } from './block-writer';
import { openDatabase } from './idb';

const now = () => 1_764_000_000_000 + 3_600_000;
const room = () => createSimulatedMesh(['me'], { schedule: () => undefined, now });

describe('restoring a tab from its store', () => {
  it('brings a reloaded node back to the same tip, re-validating every block', async () => {
    const idb = new IDBFactory();
    const before = room().node('me');
    const store = await openBlockStore('tab1', idb);
    expect(await store.useChain(before.tree.genesisHash)).toBe(false);
    const writer = createBlockWriter(store, () => undefined);
    before.events.on('block-accepted', (entry) => writer.add({ hash: entry.hash, height: entry.height, block: entry.block }));
    for (let i = 0; i < 8; i++) expect(mineBlock(before, 0).ok).toBe(true);
    await writer.flush();
    store.close();

    // A record edited behind the store's back keeps its shape and hash, so only the Node sees it.
    const db = await openDatabase(idb, databaseNameFor('tab1'), 1, () => undefined);
    const tx = db.transaction('blocks', 'readwrite');
    const last = before.tip;
    tx.objectStore('blocks').put({ v: 1, hash: last.hash, height: last.height, block: { ...last.block, txs: [...last.block.txs, 'forged'] } });
    await new Promise((resolve) => (tx.oncomplete = resolve));
    db.close();

    const reloaded = await openBlockStore('tab1', idb);
    expect(await reloaded.useChain(before.tree.genesisHash)).toBe(false);
    const { blocks, skipped } = await reloaded.loadBlocks();
    expect(skipped).toEqual([]);
    const after = room().node('me');
    // The lead may add a `{ kind: 'store' }` source; 'local' is what exists today.
    const verdicts = blocks.map((block) => after.acceptBlock(block, { kind: 'local' }));
    expect(verdicts.filter((v) => !v.ok).map((v) => !v.ok && v.reason)).toEqual(['bad-merkle-root']);
    expect(after.tip.height).toBe(7);
    expect(after.tree.isOnMainChain(before.tree.recentMainChain(2)[1]!.hash)).toBe(true);
    reloaded.close();
  });

  it('forgets blocks of another chain (other room settings) when the tab switches', async () => {
    const store = await openBlockStore('tab1', new IDBFactory());
    await store.useChain('a'.repeat(64));
    const node = room().node('me');
    mineBlock(node, 0);
    await store.saveBlocks([{ hash: node.tip.hash, height: node.tip.height, block: node.tip.block }]);
    expect(await store.useChain('b'.repeat(64))).toBe(true);
    expect((await store.loadBlocks()).blocks).toEqual([]);
    expect(await store.useChain('b'.repeat(64))).toBe(false);
    store.close();
  });
});
