/** Messages between the page and its mining Web Workers, and how workers share the nonce space. */
import type { BlockHeader } from '../../shared/chain/header';

/** Which code grinds nonces: WebAssembly SIMD (four lanes), or the pure-JS `searchNonce` fallback. */
export type MinerEngine = 'wasm-simd' | 'js';

export type ToMiner =
  /** Try nonces startNonce..endNonce-1 of this header, in order; endNonce is exclusive. */
  | { type: 'mine'; job: number; header: BlockHeader; startNonce: number; endNonce: number }
  | { type: 'stop' };

export type FromMiner =
  /** Sent once, when the worker knows its engine; `detail` says why WebAssembly was not used. */
  | { type: 'ready'; engine: MinerEngine; detail?: string }
  | { type: 'found'; job: number; nonce: number; hash: string }
  /** Every nonce of the job's range failed; a new template (extra nonce) opens fresh ones. */
  | { type: 'exhausted'; job: number }
  /**
   * Hashes tried since the last report and the time they took, for a live hashes/s and a nonce
   * counter; `best`: the lowest hash this worker has tried for the job (most leading zero bits).
   */
  | { type: 'progress'; job: number; hashes: number; ms: number; best?: string };

export const NONCE_SPACE = 0x1_0000_0000;

/**
 * Splits the 32-bit nonce space into `workers` contiguous ranges, [start, end). Contiguous rather
 * than interleaved so each worker's search stays one ordered scan, exactly what `searchNonce` does.
 */
export function splitNonceSpace(workers: number): Array<{ startNonce: number; endNonce: number }> {
  if (!Number.isInteger(workers) || workers < 1) throw new RangeError('workers must be a positive integer');
  return Array.from({ length: workers }, (_, i) => ({
    startNonce: Math.floor((i * NONCE_SPACE) / workers),
    endNonce: Math.floor(((i + 1) * NONCE_SPACE) / workers),
  }));
}
