import { IDBFactory } from 'fake-indexeddb';
import { beforeEach, describe, expect, it } from 'vitest';
import { blockHash, type Block } from '../../shared/chain/block';
import {
  BLOCK_RECORD_VERSION,
  databaseNameFor,
  deleteDatabase,
  openBlockStore,
  SCHEMA_VERSION,
  type BlockStore,
  type WalletRecord,
} from './block-store';
import { PersistenceError } from './errors';
import { openDatabase, requestResult } from './idb';
import { chainOf } from './test-chain';

let idb: IDBFactory;
beforeEach(() => {
  idb = new IDBFactory(); // a fresh, empty "browser profile" per test
});

const wallet: WalletRecord = { version: 1, privateKeyHex: 'ab'.repeat(32), address: 'cd'.repeat(20) };

/** Writes raw records behind the store's back, as a devtools edit or a disk error would. */
async function putRaw(identity: string, records: unknown[]): Promise<void> {
  const db = await openDatabase(idb, databaseNameFor(identity), SCHEMA_VERSION, () => {
    throw new Error('the store must have created the database already');
  });
  const tx = db.transaction('blocks', 'readwrite');
  for (const record of records) tx.objectStore('blocks').put(record);
  await new Promise((resolve) => (tx.oncomplete = resolve));
  db.close();
}

async function rejection(promise: Promise<unknown>): Promise<PersistenceError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(PersistenceError);
  return error as PersistenceError;
}

describe('the block store of a tab', () => {
  it('loads what was saved after a "reload", lowest height first, however it was saved', async () => {
    const chain = chainOf(12);
    const first = await openBlockStore('tab1', idb);
    await first.saveBlocks([chain[7]!, chain[2]!, chain[11]!]);
    await first.saveBlocks([...chain].reverse());
    await first.saveBlocks([chain[3]!]); // saved twice: still one block
    first.close();

    const reloaded = await openBlockStore('tab1', idb);
    const { blocks, skipped } = await reloaded.loadBlocks();
    expect(skipped).toEqual([]);
    expect(blocks.map(blockHash)).toEqual(chain.map((entry) => entry.hash));
    expect(blocks[0]).toEqual(chain[0]!.block);
    reloaded.close();
  });

  it('keeps each identity to its own database', async () => {
    const mine = await openBlockStore('alice', idb);
    const theirs = await openBlockStore('bob', idb);
    await mine.saveBlocks(chainOf(3, 'alice'));
    await mine.saveWallet(wallet);
    expect(mine.databaseName).toBe('meshchain-alice');
    expect((await theirs.loadBlocks()).blocks).toEqual([]);
    expect(await theirs.loadWallet()).toBeNull();
    expect((await mine.loadBlocks()).blocks).toHaveLength(3);
    mine.close();
    theirs.close();
  });

  it('clears the chain but keeps the wallet (the reset button)', async () => {
    const store = await openBlockStore('tab1', idb);
    await store.saveBlocks(chainOf(5));
    await store.saveWallet(wallet);
    await store.clearChain();
    expect((await store.loadBlocks()).blocks).toEqual([]);
    expect(await store.loadWallet()).toEqual(wallet);
    store.close();
  });

  it('stores nothing of a batch that fails halfway, and keeps earlier batches', async () => {
    const chain = chainOf(6);
    const store = await openBlockStore('tab1', idb);
    await store.saveBlocks(chain.slice(0, 2));
    // The fifth put of this batch cannot be cloned, so IndexedDB throws after four were queued.
    const poisoned: Block = { ...chain[4]!.block, txs: [...chain[4]!.block.txs, (() => 'x') as unknown as string] };
    const batch = [chain[2]!, chain[3]!, { ...chain[4]!, block: poisoned }, chain[5]!];
    const error = await rejection(store.saveBlocks(batch));
    expect(error.code).toBe('transaction-failed');
    expect(error.message).toMatch(/DataCloneError/);
    const { blocks } = await store.loadBlocks();
    expect(blocks.map(blockHash)).toEqual([chain[0]!.hash, chain[1]!.hash]);
    store.close();
  });

  it('skips records that fail the structural check, reports each, and loads the rest', async () => {
    const chain = chainOf(4);
    const store = await openBlockStore('tab1', idb);
    await store.saveBlocks(chain);
    const block = chain[2]!.block;
    const tampered = { ...block, header: { ...block.header, time: block.header.time + 1 } };
    await putRaw('tab1', [
      { v: BLOCK_RECORD_VERSION, hash: chain[2]!.hash, height: 3, block: tampered }, // content edited
      { v: BLOCK_RECORD_VERSION, hash: chain[3]!.hash, height: 4, block: { header: 'junk', txs: [] } },
      { v: 99, hash: 'f'.repeat(64), height: 1, block: chain[0]!.block },
      { v: BLOCK_RECORD_VERSION, hash: 'e'.repeat(64), height: -1, block: chain[0]!.block },
    ]);
    const { blocks, skipped } = await store.loadBlocks();
    expect(blocks.map(blockHash)).toEqual([chain[0]!.hash, chain[1]!.hash]);
    expect(skipped.map(({ key, reason }) => [key.slice(0, 8), reason]).sort()).toEqual(
      [
        [chain[2]!.hash.slice(0, 8), 'hash-mismatch'],
        [chain[3]!.hash.slice(0, 8), 'bad-shape'],
        ['ffffffff', 'unknown-version'],
        ['eeeeeeee', 'bad-shape'],
      ].sort(),
    );
    store.close();
  });

  it('refuses to hand back a wallet that is not a key pair', async () => {
    const store = await openBlockStore('tab1', idb);
    await store.saveWallet({ ...wallet, privateKeyHex: 'not hex' });
    expect((await rejection(store.loadWallet())).code).toBe('corrupt-record');
    store.close();
  });

  it('records the schema version', async () => {
    (await openBlockStore('tab1', idb)).close();
    const db = await openDatabase(idb, 'meshchain-tab1', SCHEMA_VERSION, () => undefined);
    expect(db.version).toBe(SCHEMA_VERSION);
    const meta = await requestResult(db.transaction('meta').objectStore('meta').get('schema'), 'reading meta');
    expect(meta).toEqual({ schemaVersion: SCHEMA_VERSION, blockRecordVersion: BLOCK_RECORD_VERSION });
    db.close();
  });

  it('deletes a tab database entirely', async () => {
    const store = await openBlockStore('tab1', idb);
    await store.saveBlocks(chainOf(2));
    await store.saveWallet(wallet);
    store.close();
    await deleteDatabase('tab1', idb);
    const fresh = await openBlockStore('tab1', idb);
    expect((await fresh.loadBlocks()).blocks).toEqual([]);
    expect(await fresh.loadWallet()).toBeNull();
    fresh.close();
  });
});

describe('when storage is not there or not ours', () => {
  it('reports IndexedDB missing (private mode, no API) as unavailable', async () => {
    expect((await rejection(openBlockStore('tab1', null))).code).toBe('unavailable');
    const refusing = {
      open() {
        throw new DOMException('The operation is insecure.', 'SecurityError');
      },
    } as unknown as IDBFactory;
    expect((await rejection(openBlockStore('tab1', refusing))).code).toBe('unavailable');
  });

  it('reports a database written by newer code as version-too-new', async () => {
    const newer = await openDatabase(idb, 'meshchain-tab1', SCHEMA_VERSION + 1, () => undefined);
    newer.close();
    expect((await rejection(openBlockStore('tab1', idb))).code).toBe('version-too-new');
  });

  it('reports an upgrade blocked by a tab that keeps the old version open', async () => {
    const stubborn = await openDatabase(idb, 'meshchain-tab1', 1, () => undefined);
    stubborn.onversionchange = () => undefined; // an old tab that does not let go
    const error = await rejection(openDatabase(idb, 'meshchain-tab1', 2, () => undefined));
    expect(error.code).toBe('blocked');
    stubborn.close();
  });

  it('lets go of its own connection when another tab upgrades, and then reports closed', async () => {
    const store: BlockStore = await openBlockStore('tab1', idb);
    const upgraded = await openDatabase(idb, 'meshchain-tab1', SCHEMA_VERSION + 1, () => undefined);
    expect((await rejection(store.saveBlocks(chainOf(1)))).code).toBe('closed');
    upgraded.close();
  });

  it('reports calls after close() as closed, not as a crash', async () => {
    const store = await openBlockStore('tab1', idb);
    store.close();
    expect((await rejection(store.loadBlocks())).code).toBe('closed');
  });
});
