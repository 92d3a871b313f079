/**
 * A block is its 80-byte header plus its transactions. In this first slice a transaction is an
 * opaque string and the only one that means anything is the coinbase, which (as BIP34 asks) names
 * the block's height, and names the miner so every tab can show who found the block.
 */
import { headerHash, type BlockHeader } from './header';

export interface Block {
  header: BlockHeader;
  txs: string[];
}

export const BLOCK_VERSION = 1;
export const MAX_TXS_PER_BLOCK = 100;
export const MAX_TX_BYTES = 1024;
/** Keeps one block comfortably inside one data-channel message (see MAX_MESSAGE_BYTES). */
export const MAX_BLOCK_BYTES = 32 * 1024;
export const MINER_ID_PATTERN = /^[A-Za-z0-9_-]{1,64}$/;

/** Where a coinbase pays its reward: an address (40 hex digits) and an amount in whole coins. */
export interface Payout {
  address: string;
  amount: number;
}
export const NO_ADDRESS = '0'.repeat(40);

/**
 * `coinbase <height> <miner> <extraNonce> <address> <amount>`. The height makes every coinbase
 * unique (BIP34); extraNonce gives a miner a fresh merkle root once the 32-bit nonce space of a
 * template is used up; the ledger checks the amount against the reward plus fees.
 */
export function coinbaseTx(
  height: number,
  miner: string,
  extraNonce = 0,
  payout: Payout = { address: NO_ADDRESS, amount: 0 },
): string {
  return `coinbase ${height} ${miner} ${extraNonce} ${payout.address} ${payout.amount}`;
}

const COINBASE_PATTERN =
  /^coinbase (0|[1-9][0-9]{0,9}) ([A-Za-z0-9_-]{1,64}) (0|[1-9][0-9]{0,9}) ([0-9a-f]{40}) (0|[1-9][0-9]{0,14})$/;

export function parseCoinbase(tx: string): ({ height: number; miner: string } & Payout) | null {
  const match = COINBASE_PATTERN.exec(tx);
  if (!match) return null;
  return { height: Number(match[1]), miner: match[2]!, address: match[4]!, amount: Number(match[5]) };
}

export const blockHash = (block: Block): string => headerHash(block.header);

export function minerOf(block: Block): string {
  const first = block.txs[0];
  return (first !== undefined && parseCoinbase(first)?.miner) || 'unknown';
}
