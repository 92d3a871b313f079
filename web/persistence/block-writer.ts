/**
 * Coalesces the blocks a node accepts into few IndexedDB transactions. A sync from a peer accepts
 * thousands of blocks in a burst; one transaction each would keep the disk busy for seconds and
 * queue thousands of commits behind each other. Instead blocks wait for the next scheduled tick
 * (or until a batch is full) and go out `maxBatch` per transaction, one transaction at a time.
 *
 * Losing the last few pending blocks (a tab closed before the tick) is harmless: the node fetches
 * them again from its peers after the reload.
 */
import type { BlockEntry, BlockStore } from './block-store';
import { toPersistenceError, type PersistenceError } from './errors';

/** Runs `task` later, once: `setTimeout`, `requestIdleCallback`, or a test's manual queue. */
export type Schedule = (task: () => void) => void;

export interface BlockWriterOptions {
  /** Blocks per transaction; a full batch is written at once without waiting for the tick. Default 500. */
  maxBatch?: number;
  /** Called once, on the first failure; the writer then stops writing and the node runs on in memory. */
  onError?: (error: PersistenceError) => void;
}

export interface BlockWriter {
  add(entry: BlockEntry): void;
  /** Writes everything pending now; resolves once it is committed, rejects if the writer has failed. */
  flush(): Promise<void>;
  /**
   * Drops what is pending and ignores later blocks. For the reset button: otherwise a tick that
   * fires after clearChain() would write the forgotten blocks straight back.
   */
  discard(): void;
  /** Blocks accepted but not yet handed to a transaction. */
  readonly pending: number;
  readonly failure: PersistenceError | null;
}

export const DEFAULT_MAX_BATCH = 500;

export function createBlockWriter(
  store: Pick<BlockStore, 'saveBlocks'>,
  schedule: Schedule,
  options: BlockWriterOptions = {},
): BlockWriter {
  const maxBatch = options.maxBatch ?? DEFAULT_MAX_BATCH;
  if (!Number.isInteger(maxBatch) || maxBatch < 1) throw new RangeError(`maxBatch must be a whole number ≥ 1, not ${maxBatch}`);
  let pending: BlockEntry[] = [];
  let tickScheduled = false;
  let failure: PersistenceError | null = null;
  let discarded = false;
  /** The last transaction handed out; each new one starts after it settles, so they never pile up. */
  let writing: Promise<void> = Promise.resolve();

  function fail(error: unknown): void {
    if (failure) return;
    failure = toPersistenceError(error, 'saving blocks');
    // Once a batch is missing, later ones would be children without parents on disk: stop.
    pending = [];
    options.onError?.(failure);
  }

  function drain(): Promise<void> {
    while (pending.length > 0 && !failure) {
      const batch = pending.splice(0, maxBatch);
      writing = writing.then(() => (failure || discarded ? undefined : store.saveBlocks(batch))).catch(fail);
    }
    return writing;
  }

  return {
    add(entry) {
      if (failure || discarded) return;
      pending.push(entry);
      // A full batch goes now: memory stays bounded even where the tick is slow (a background
      // tab clamps timers to once a second and never runs requestAnimationFrame).
      if (pending.length >= maxBatch) drain();
      else if (!tickScheduled) {
        tickScheduled = true;
        schedule(() => {
          tickScheduled = false;
          drain();
        });
      }
    },
    async flush() {
      await drain();
      if (failure) throw failure;
    },
    discard() {
      discarded = true;
      pending = [];
    },
    get pending() {
      return pending.length;
    },
    get failure() {
      return failure;
    },
  };
}
