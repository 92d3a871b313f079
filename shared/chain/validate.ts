/**
 * Block validation, in the order Bitcoin Core uses: first what the block proves on its own (cheap,
 * and proof of work before anything that needs the chain, so forging a block costs work), then
 * what only its parent can tell. Every failure has its own reason code, shown to students as-is.
 */
import { reject, ok, type Result } from '../result';
import {
  BLOCK_VERSION,
  MAX_BLOCK_BYTES,
  MAX_TXS_PER_BLOCK,
  MAX_TX_BYTES,
  parseCoinbase,
  type Block,
} from './block';
import { utf8 } from './hash';
import { headerHash } from './header';
import { merkleRoot } from './merkle';
import type { TargetRule } from './retarget';
import { hashMeetsTarget, targetFromBits } from './target';

export type BlockRejectReason =
  | 'bad-version'
  | 'too-large'
  | 'bad-bits'
  | 'bad-pow'
  | 'bad-target'
  | 'bad-merkle-root'
  | 'duplicate-tx'
  | 'bad-coinbase'
  | 'unknown-parent'
  | 'time-too-new'
  | 'time-too-old';

/** Bitcoin's rule: a block may claim a time at most two hours past the validating node's clock. */
export const MAX_FUTURE_SECONDS = 2 * 60 * 60;
/** Bitcoin's rule: a block's time must exceed the median time of the previous 11 blocks. */
export const MEDIAN_TIME_SPAN = 11;

export interface ParentInfo {
  height: number;
  medianTimePast: number;
  /** What the retarget rule demands of the child's target; absent only in hand-made contexts. */
  targetRule?: TargetRule;
}

export interface BlockContext {
  /** What the tree knows of the block's parent, or undefined if it does not have it. */
  parent: ParentInfo | undefined;
  /** The validating node's clock, in milliseconds. */
  nowMs: number;
}

/** @param hash the header's hash when the caller has already computed it from this very header */
export function validateBlock(
  block: Block,
  context: BlockContext,
  hash: string = headerHash(block.header),
): Result<{ hash: string; height: number }, BlockRejectReason> {
  const { header, txs } = block;
  if (header.version !== BLOCK_VERSION) {
    return reject('bad-version', `version ${header.version}, expected ${BLOCK_VERSION}`);
  }
  const sizes = txs.map((tx) => utf8(tx).length);
  const bytes = sizes.reduce((n, size) => n + size, 0);
  if (txs.length === 0 || txs.length > MAX_TXS_PER_BLOCK || bytes > MAX_BLOCK_BYTES) {
    return reject('too-large', `${txs.length} transactions, ${bytes} bytes`);
  }
  if (sizes.some((size) => size > MAX_TX_BYTES)) {
    return reject('too-large', `a transaction is over ${MAX_TX_BYTES} bytes`);
  }
  const target = targetFromBits(header.bits);
  if (target === null) return reject('bad-bits', `bits 0x${header.bits.toString(16)} is not a valid target`);
  if (!hashMeetsTarget(hash, target)) {
    return reject('bad-pow', `hash ${hash.slice(0, 16)}… is above the target its bits claim`);
  }
  if (new Set(txs).size !== txs.length) return reject('duplicate-tx', 'a transaction appears twice');
  if (merkleRoot(txs) !== header.merkleRoot) {
    return reject('bad-merkle-root', 'the merkle root does not match the transactions');
  }
  if (header.time * 1000 > context.nowMs + MAX_FUTURE_SECONDS * 1000) {
    return reject('time-too-new', `time ${header.time} is more than 2 h ahead of this node's clock`);
  }
  const { parent } = context;
  if (!parent) return reject('unknown-parent', `parent ${header.prevHash.slice(0, 16)}… is not known`);
  const height = parent.height + 1;
  const coinbase = parseCoinbase(txs[0]!);
  if (!coinbase || coinbase.height !== height || txs.slice(1).some((tx) => parseCoinbase(tx))) {
    return reject('bad-coinbase', `the first transaction must be the one coinbase, for height ${height}`);
  }
  const rule = parent.targetRule;
  if (rule && (rule.kind === 'exact' ? header.bits !== rule.bits : target > rule.target)) {
    const demanded = rule.kind === 'exact' ? `bits 0x${rule.bits.toString(16)}` : `a target at most the room's`;
    return reject('bad-target', `bits 0x${header.bits.toString(16)}, but the retarget rule demands ${demanded}`);
  }
  if (header.time <= parent.medianTimePast) {
    return reject('time-too-old', `time ${header.time} is not after the median of the last 11 blocks`);
  }
  return ok({ hash, height });
}
