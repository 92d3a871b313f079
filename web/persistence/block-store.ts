/**
 * What one tab keeps across reloads: the blocks its node accepted and its wallet, in an IndexedDB
 * database of its own. Tabs of one browser share IndexedDB, so the database is named after the
 * tab's identity (see tab-identity.ts and docs: architecture.md, "Browser specifics").
 *
 * The store is a cache, not an authority (records.ts): a devtools edit, a disk error or a record
 * from another version of this code must cost at most that one block, never the node.
 */
import { PersistenceError } from './errors';
import { deleteDatabase as deleteIdb, openDatabase, runTransaction } from './idb';
import {
  BLOCK_RECORD_VERSION,
  checkBlockRecord,
  isWalletRecord,
  type BlockEntry,
  type LoadedBlocks,
  type SkippedRecord,
  type WalletRecord,
} from './records';

export * from './records';

/**
 * The IndexedDB version of the database; bump it (and add a step to `upgrade`) when stores or
 * indexes change. IndexedDB runs the upgrade atomically and refuses to let older code open a
 * newer database (`version-too-new`), so a downgrade cannot misread records.
 */
export const SCHEMA_VERSION = 1;
const IDENTITY_PATTERN = /^[A-Za-z0-9_-]{1,64}$/;
const BLOCKS = 'blocks';
const WALLET = 'wallet';
const META = 'meta';
const WALLET_KEY = 'wallet';
const CHAIN_KEY = 'chain';

export interface BlockStore {
  readonly identity: string;
  readonly databaseName: string;
  /** One transaction per call: all of `entries` are stored, or none. Re-saving a block is harmless. */
  saveBlocks(entries: readonly BlockEntry[]): Promise<void>;
  loadBlocks(): Promise<LoadedBlocks>;
  saveWallet(record: WalletRecord): Promise<void>;
  /** null if this tab never saved one; rejects with `corrupt-record` rather than hand back a broken key. */
  loadWallet(): Promise<WalletRecord | null>;
  /**
   * Ties the stored blocks to a chain (its genesis hash, which encodes the room's rules). If they
   * belong to another one, they are forgotten in the same transaction; resolves true if so.
   */
  useChain(genesisHash: string): Promise<boolean>;
  /** Forgets every block, keeps the wallet (the reset button). */
  clearChain(): Promise<void>;
  close(): void;
}

export const databaseNameFor = (identity: string): string => `meshchain-${identity}`;

function checkIdentity(identity: string): void {
  if (!IDENTITY_PATTERN.test(identity)) throw new RangeError(`"${identity}" is not a tab identity`);
}

/**
 * Rejects with a PersistenceError (`unavailable`, `blocked`, `version-too-new`, …) the page can
 * show; only a malformed identity, which is a bug, rejects with a RangeError.
 */
export async function openBlockStore(
  identity: string,
  idbFactory: IDBFactory | null | undefined = globalThis.indexedDB,
): Promise<BlockStore> {
  checkIdentity(identity);
  const databaseName = databaseNameFor(identity);
  const db = await openDatabase(idbFactory, databaseName, SCHEMA_VERSION, (database, oldVersion) => {
    if (oldVersion < 1) {
      // Keyed by hash: a block accepted twice (two peers, a reorg back) is one record, put twice.
      database.createObjectStore(BLOCKS, { keyPath: 'hash' });
      database.createObjectStore(WALLET);
      database.createObjectStore(META).put({ schemaVersion: 1, blockRecordVersion: BLOCK_RECORD_VERSION }, 'schema');
    }
    // Later steps go here (`if (oldVersion < 2) …`), migrating records through the upgrade transaction.
  });
  return new IdbBlockStore(identity, databaseName, db);
}

/** Deletes a tab's whole database: blocks, wallet and all. */
export async function deleteDatabase(
  identity: string,
  idbFactory: IDBFactory | null | undefined = globalThis.indexedDB,
): Promise<void> {
  checkIdentity(identity);
  await deleteIdb(idbFactory, databaseNameFor(identity));
}

class IdbBlockStore implements BlockStore {
  private closedBecause: string | null = null;

  constructor(
    readonly identity: string,
    readonly databaseName: string,
    private readonly db: IDBDatabase,
  ) {
    // A duplicated tab with newer code wants to upgrade, or someone deletes the database: let go
    // instead of blocking them. Later calls reject with `closed` and the node goes on in memory.
    db.onversionchange = () => this.shut('another tab is upgrading or deleting this database');
    // The browser closed it for us (storage cleared by the user, a disk error).
    db.onclose = () => this.shut('the browser closed the database');
  }

  saveBlocks(entries: readonly BlockEntry[]): Promise<void> {
    if (entries.length === 0) return Promise.resolve();
    // Why a tab killed mid-write cannot leave half a block: a block is one record (header and
    // transactions together, structured-cloned as one value), and every record of the batch is put
    // inside one readwrite transaction. IndexedDB commits a transaction atomically (Chromium writes
    // it as one LevelDB write batch, Firefox and Safari as one SQLite transaction); a transaction
    // not yet committed when the tab dies is rolled back. So after a crash the batch is all there
    // or not at all, and anything missing is fetched again from peers.
    return this.transaction(BLOCKS, 'readwrite', `saving ${entries.length} blocks`, (tx) => {
      const blocks = tx.objectStore(BLOCKS);
      for (const { hash, height, block } of entries) {
        blocks.put({ v: BLOCK_RECORD_VERSION, hash, height, block });
      }
      return () => undefined;
    });
  }

  async loadBlocks(): Promise<LoadedBlocks> {
    const [values, keys] = await this.transaction(BLOCKS, 'readonly', 'loading blocks', (tx) => {
      const store = tx.objectStore(BLOCKS);
      const all = store.getAll();
      const allKeys = store.getAllKeys();
      return () => [all.result as unknown[], allKeys.result] as const;
    });
    const entries: BlockEntry[] = [];
    const skipped: SkippedRecord[] = [];
    values.forEach((value, i) => {
      const checked = checkBlockRecord(value);
      if ('reason' in checked) skipped.push({ key: String(keys[i]), ...checked });
      else entries.push(checked);
    });
    // Height as stored is only a hint for ordering; if it lies, the Node reports the block's
    // parent as unknown, which is the re-validation doing its job.
    entries.sort((a, b) => a.height - b.height || (a.hash < b.hash ? -1 : a.hash > b.hash ? 1 : 0));
    return { blocks: entries.map((entry) => entry.block), skipped };
  }

  saveWallet(record: WalletRecord): Promise<void> {
    // 'strict' asks the browser to flush to disk before reporting success: a lost block is fetched
    // again from a peer, a lost private key is lost for good.
    return this.transaction(WALLET, 'readwrite', 'saving the wallet', (tx) => {
      tx.objectStore(WALLET).put({ ...record }, WALLET_KEY);
      return () => undefined;
    }, 'strict');
  }

  async loadWallet(): Promise<WalletRecord | null> {
    const value = await this.transaction(WALLET, 'readonly', 'loading the wallet', (tx) => {
      const request = tx.objectStore(WALLET).get(WALLET_KEY);
      return () => request.result as unknown;
    });
    if (value === undefined) return null;
    if (!isWalletRecord(value)) {
      throw new PersistenceError('corrupt-record', 'the stored wallet is not a version-1 key pair; it was left untouched');
    }
    return { version: value.version, privateKeyHex: value.privateKeyHex, address: value.address };
  }

  useChain(genesisHash: string): Promise<boolean> {
    return this.transaction([BLOCKS, META], 'readwrite', 'checking the stored chain', (tx) => {
      let cleared = false;
      const meta = tx.objectStore(META);
      const stored = meta.get(CHAIN_KEY);
      // Still inside the transaction: the check and the clear commit together or not at all.
      stored.onsuccess = () => {
        if (stored.result !== undefined && stored.result !== genesisHash) {
          tx.objectStore(BLOCKS).clear();
          cleared = true;
        }
        meta.put(genesisHash, CHAIN_KEY);
      };
      return () => cleared;
    });
  }

  clearChain(): Promise<void> {
    return this.transaction(BLOCKS, 'readwrite', 'clearing the chain', (tx) => {
      tx.objectStore(BLOCKS).clear();
      return () => undefined;
    });
  }

  close(): void {
    this.shut('closed by this tab');
  }

  private shut(why: string): void {
    if (this.closedBecause) return;
    this.closedBecause = why;
    this.db.close();
  }

  private transaction<T>(
    store: string | string[],
    mode: IDBTransactionMode,
    doing: string,
    body: (tx: IDBTransaction) => () => T,
    durability?: IDBTransactionDurability,
  ): Promise<T> {
    if (this.closedBecause) {
      return Promise.reject(new PersistenceError('closed', `${doing}: the database is closed (${this.closedBecause})`));
    }
    return runTransaction(this.db, store, mode, doing, body, durability);
  }
}
