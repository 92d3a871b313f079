/**
 * What the block store writes, and the checks a record must pass when it is read back. The store
 * is a cache, not an authority: these checks are structural only, and the Node then validates
 * every block again (proof of work, merkle root, parent, time) exactly like one from a peer.
 */
import { blockHash, type Block } from '../../shared/chain/block';
import { HASH_HEX_PATTERN } from '../../shared/chain/bytes';
import { blockSchema } from '../../shared/protocol/messages';

/** Written into every block record, so a later format can be migrated record by record. */
export const BLOCK_RECORD_VERSION = 1;
export const WALLET_VERSION = 1;

export interface BlockEntry {
  hash: string;
  height: number;
  block: Block;
}

export type SkipReason = 'unknown-version' | 'bad-shape' | 'hash-mismatch';
export interface SkippedRecord {
  /** The record's key as stored (its claimed hash), for the event log. */
  key: string;
  reason: SkipReason;
  detail: string;
}

export interface LoadedBlocks {
  /** Lowest height first, so a parent always comes before its children. */
  blocks: Block[];
  skipped: SkippedRecord[];
}

/**
 * The tab's key pair in hex. Stored in the clear: any script of this origin can read it, which is
 * acceptable for a teaching lab's play money and nothing else.
 */
export interface WalletRecord {
  version: number;
  privateKeyHex: string;
  address: string;
}

/** The structural check on load; the Node's validation (proof of work, parent, time) comes after. */
export function checkBlockRecord(value: unknown): BlockEntry | { reason: SkipReason; detail: string } {
  if (typeof value !== 'object' || value === null) return { reason: 'bad-shape', detail: 'not an object' };
  const record = value as Record<string, unknown>;
  if (record.v !== BLOCK_RECORD_VERSION) {
    return { reason: 'unknown-version', detail: `record version ${String(record.v)}, expected ${BLOCK_RECORD_VERSION}` };
  }
  const { hash, height } = record;
  if (typeof hash !== 'string' || !HASH_HEX_PATTERN.test(hash)) return { reason: 'bad-shape', detail: 'hash is not 64 hex digits' };
  if (typeof height !== 'number' || !Number.isSafeInteger(height) || height < 0) {
    return { reason: 'bad-shape', detail: 'height is not a whole number ≥ 0' };
  }
  // The same schema that guards the wire: a stored block gets no more trust than a received one.
  const parsed = blockSchema.safeParse(record.block);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    return { reason: 'bad-shape', detail: `block.${issue?.path.join('.') ?? ''}: ${issue?.message ?? 'bad block'}` };
  }
  const actual = blockHash(parsed.data);
  if (actual !== hash) return { reason: 'hash-mismatch', detail: `stored as ${hash.slice(0, 12)}…, hashes to ${actual.slice(0, 12)}…` };
  return { hash, height, block: parsed.data };
}

export function isWalletRecord(value: unknown): value is WalletRecord {
  if (typeof value !== 'object' || value === null) return false;
  const record = value as Record<string, unknown>;
  return (
    record.version === WALLET_VERSION &&
    typeof record.privateKeyHex === 'string' &&
    /^[0-9a-f]{64}$/.test(record.privateKeyHex) &&
    typeof record.address === 'string' &&
    /^[0-9a-f]{40}$/.test(record.address)
  );
}
