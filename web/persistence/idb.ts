/**
 * The raw IndexedDB API wrapped in promises, and nothing more: open with an upgrade step, run one
 * transaction and wait for it to commit, delete a database. Every failure becomes a
 * PersistenceError with a stable code. Kept free of what is stored so the block store reads as
 * "what", and this file as "how IndexedDB behaves".
 */
import { PersistenceError, toPersistenceError } from './errors';

/** Runs inside the versionchange transaction; creates or migrates object stores. */
export type Upgrade = (db: IDBDatabase, oldVersion: number, transaction: IDBTransaction) => void;

/** Starts an open or delete request, or rejects (no IndexedDB here, or the call threw) and returns null. */
function startRequest(
  factory: IDBFactory | null | undefined,
  doing: string,
  reject: (error: PersistenceError) => void,
  start: (factory: IDBFactory) => IDBOpenDBRequest,
): IDBOpenDBRequest | null {
  if (!factory) {
    reject(new PersistenceError('unavailable', 'IndexedDB is not available in this browser context'));
    return null;
  }
  try {
    return start(factory);
  } catch (error) {
    reject(toPersistenceError(error, doing, 'open'));
    return null;
  }
}

export function openDatabase(
  factory: IDBFactory | null | undefined,
  name: string,
  version: number,
  upgrade: Upgrade,
): Promise<IDBDatabase> {
  return new Promise((resolve, reject) => {
    const request = startRequest(factory, `opening ${name}`, reject, (f) => f.open(name, version));
    if (!request) return;
    let settled = false;
    request.onupgradeneeded = (event) => {
      // A throw here aborts the versionchange transaction; open() then fails with AbortError and
      // the database keeps its old version and stores: a half-done migration is never committed.
      upgrade(request.result, event.oldVersion, request.transaction!);
    };
    request.onsuccess = () => {
      // The open was queued behind a blocking tab and we already gave up: do not leak the connection.
      if (settled) request.result.close();
      else resolve(request.result);
      settled = true;
    };
    request.onerror = () => {
      settled = true;
      reject(toPersistenceError(request.error, `opening ${name}`, 'open'));
    };
    // Another connection (a tab running older code, or a duplicated tab) still has the database
    // open at the old version and did not close on `versionchange`. The request would wait until
    // that tab goes away; we stop waiting so the node can start in memory and the page can say why.
    request.onblocked = () => {
      if (settled) return;
      settled = true;
      reject(new PersistenceError('blocked', `opening ${name}: another tab holds an older version open; close it and reload`));
    };
  });
}

export function requestResult<T>(request: IDBRequest<T>, doing: string): Promise<T> {
  return new Promise((resolve, reject) => {
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(toPersistenceError(request.error, doing));
  });
}

/**
 * One transaction: `body` issues its requests synchronously and returns a function that reads
 * their results, which is called only once the transaction has committed. The promise settles on
 * `complete` or `abort`, so when it rejects the rollback has already happened.
 */
export function runTransaction<T>(
  db: IDBDatabase,
  storeNames: string | string[],
  mode: IDBTransactionMode,
  doing: string,
  body: (transaction: IDBTransaction) => () => T,
  durability: IDBTransactionDurability = 'default',
): Promise<T> {
  return new Promise((resolve, reject) => {
    let transaction: IDBTransaction;
    try {
      transaction = db.transaction(storeNames, mode, { durability });
    } catch (error) {
      reject(toPersistenceError(error, doing));
      return;
    }
    let thrown: unknown;
    let read: () => T = () => undefined as T;
    transaction.oncomplete = () => resolve(read());
    transaction.onabort = () => reject(toPersistenceError(thrown ?? transaction.error ?? new Error('aborted'), doing));
    try {
      read = body(transaction);
    } catch (error) {
      // E.g. a DataCloneError on the third put of five: abort so the two before it roll back too.
      thrown = error;
      try {
        transaction.abort();
      } catch {
        // already finished or aborting; onabort reports it
      }
    }
  });
}

export function deleteDatabase(factory: IDBFactory | null | undefined, name: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const request = startRequest(factory, `deleting ${name}`, reject, (f) => f.deleteDatabase(name));
    if (!request) return;
    request.onsuccess = () => resolve();
    request.onerror = () => reject(toPersistenceError(request.error, `deleting ${name}`, 'open'));
    // The deletion stays queued and happens once the other tab closes its connection; we report
    // now rather than leave the reset button hanging.
    request.onblocked = () =>
      reject(new PersistenceError('blocked', `deleting ${name}: another tab still has it open; close it and reload`));
  });
}
