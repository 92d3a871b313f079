/** Messages between the page and its mining Web Worker. */
import type { BlockHeader } from '../../shared/chain/header';

export type ToMiner = { type: 'mine'; job: number; header: BlockHeader } | { type: 'stop' };

export type FromMiner =
  | { type: 'found'; job: number; nonce: number; hash: string }
  | { type: 'exhausted'; job: number }
  /** Hashes tried since the last report and the time they took, for a live hashes/s. */
  | { type: 'progress'; job: number; hashes: number; ms: number };
