/**
 * What the tabs keep in the DHT: blocks and transfers, stored whole under the first 20 bytes of
 * their own hash (IPFS-style content addressing). Any node can check a value against its key, so a
 * peer cannot plant a forged block under a real block's hash: DhtNode's `acceptValue` refuses it.
 */
import { blockHash, parseCoinbase } from '../../chain/block';
import { merkleRoot } from '../../chain/merkle';
import { blockSchema } from '../../protocol/messages';
import { hashMeetsTarget, targetFromBits } from '../../chain/target';
import { checkTransfer, txId } from '../../ledger/transaction';
import { keyFromHash, type NodeId } from './id';
import { MAX_VALUE_CHARS } from './messages';

export type StoredContent =
  | { kind: 'block'; hash: string; height: number | null; miner: string; txs: number; chars: number }
  | { kind: 'transfer'; hash: string; chars: number };

/** The DHT record of a block: its JSON, or null when it is too big for a DHT value. */
export function blockRecord(block: unknown): { key: NodeId; value: string } | null {
  const parsed = blockSchema.safeParse(block);
  if (!parsed.success) return null;
  const value = JSON.stringify(parsed.data);
  return value.length > MAX_VALUE_CHARS ? null : { key: keyFromHash(blockHash(parsed.data)), value };
}

export function transferRecord(text: string): { key: NodeId; value: string } | null {
  return text.length > MAX_VALUE_CHARS ? null : { key: keyFromHash(txId(text)), value: text };
}

/** What a value is, if it really belongs under `key`; null for anything else (a forgery, garbage). */
export function describeContent(key: NodeId, value: string): StoredContent | null {
  const block = parseBlock(value);
  if (block) {
    const hash = blockHash(block);
    // The header hash names the block; the merkle root ties its transfers to that header; and the
    // hash must meet the target its bits claim, so a forged block costs real work.
    if (keyFromHash(hash) !== key || merkleRoot(block.txs) !== block.header.merkleRoot) return null;
    const target = targetFromBits(block.header.bits);
    if (target === null || !hashMeetsTarget(hash, target)) return null;
    const coinbase = parseCoinbase(block.txs[0] ?? '');
    return { kind: 'block', hash, height: coinbase?.height ?? null, miner: coinbase?.miner ?? '?', txs: block.txs.length, chars: value.length };
  }
  // Only real, signed transfers: otherwise anyone could fill our store with junk under its own hash.
  if (!checkTransfer(value).ok) return null;
  const hash = txId(value);
  return keyFromHash(hash) === key ? { kind: 'transfer', hash, chars: value.length } : null;
}

function parseBlock(value: string) {
  try {
    const parsed = blockSchema.safeParse(JSON.parse(value));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

export const acceptContent = (key: NodeId, value: string): boolean => describeContent(key, value) !== null;
