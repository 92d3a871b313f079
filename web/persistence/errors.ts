/**
 * Everything that can go wrong with the tab's storage, as one error type with a stable code the
 * page can show (and a test can assert). Persistence is a convenience, never a requirement: on any
 * of these the node keeps running in memory and re-syncs from peers after a reload.
 */

export type PersistenceErrorCode =
  /** No IndexedDB here: private mode in some browsers, storage disabled, a sandboxed frame. */
  | 'unavailable'
  /** Another tab holds this database open at an older schema and did not let go. */
  | 'blocked'
  /** The database was written by newer code than this page (a downgrade). */
  | 'version-too-new'
  /** The origin ran out of storage quota; nothing of the failed batch was written. */
  | 'quota-exceeded'
  /** The connection was closed: by us, by another tab upgrading or deleting, or by the browser. */
  | 'closed'
  /** A record that does not have the shape this code writes (the wallet; blocks are skipped instead). */
  | 'corrupt-record'
  /** Any other failed request or transaction; the transaction was rolled back as a whole. */
  | 'transaction-failed';

export class PersistenceError extends Error {
  override readonly name = 'PersistenceError';
  constructor(
    readonly code: PersistenceErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/**
 * Maps what IndexedDB throws or reports (a DOMException, by name) to our codes. The names are the
 * ones the IndexedDB spec and the browsers use; see https://w3c.github.io/IndexedDB/#exceptions.
 */
export function toPersistenceError(error: unknown, doing: string, phase: 'open' | 'use' = 'use'): PersistenceError {
  if (error instanceof PersistenceError) return error;
  const { name, message: detail } =
    typeof error === 'object' && error !== null
      ? { name: String((error as { name?: unknown }).name ?? ''), message: String((error as { message?: unknown }).message ?? '') }
      : { name: '', message: String(error) };
  const message = `${doing}: ${name ? `${name}: ` : ''}${detail}`;
  switch (name) {
    case 'QuotaExceededError':
      return new PersistenceError('quota-exceeded', message, { cause: error });
    case 'VersionError':
      return new PersistenceError('version-too-new', message, { cause: error });
    // Safari's private mode and sandboxed frames fail open() with SecurityError or UnknownError,
    // Firefox's old private mode with InvalidStateError: all mean "no storage here", not "retry".
    // After a successful open, UnknownError is a disk or browser fault and InvalidStateError a
    // connection that is closing.
    case 'SecurityError':
      return new PersistenceError('unavailable', message, { cause: error });
    case 'UnknownError':
      return new PersistenceError(phase === 'open' ? 'unavailable' : 'transaction-failed', message, { cause: error });
    case 'InvalidStateError':
      return new PersistenceError(phase === 'open' ? 'unavailable' : 'closed', message, { cause: error });
    default:
      return new PersistenceError('transaction-failed', message, { cause: error });
  }
}
