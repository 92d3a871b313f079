/**
 * Deterministic wallets, transfers and blocks for ledger and mempool tests: every key comes from a
 * seeded generator, so a failing run is replayed exactly by its seed.
 */
import { seededRandom } from '../testing/seeded-random';
import { BLOCK_VERSION, coinbaseTx, type Block, type Payout } from '../chain/block';
import { merkleRoot } from '../chain/merkle';
import { GENESIS_TIME } from '../chain/params';
import { bitsForDifficulty } from '../chain/target';
import type { BlockUndo, Ledger, LedgerTip } from './ledger';
import { signTransfer, type TransferFields } from './transaction';
import { createWallet, type Wallet } from './wallet';

/** The shared seeded generator, under the name the ledger tests know it by. */
export const mulberry32 = seededRandom;

export function seededRandomBytes(seed: number): (n: number) => Uint8Array {
  const random = mulberry32(seed);
  return (n) => Uint8Array.from({ length: n }, () => Math.floor(random() * 256));
}

export function testWallets(count: number, seed = 1): Wallet[] {
  const randomBytes = seededRandomBytes(seed);
  return Array.from({ length: count }, () => createWallet(randomBytes));
}

/** Signs or throws: for tests whose transfers are valid by construction. */
export function transfer(wallet: Wallet, fields: TransferFields): string {
  const signed = signTransfer(wallet, fields);
  if (!signed.ok) throw new Error(`${signed.reason}: ${signed.detail}`);
  return signed.value.text;
}

/** A block on the ledger's tip: a coinbase for the next height, then the given transfers. No proof of work. */
export function blockOn(tip: LedgerTip, transfers: readonly string[], payout?: Payout, miner = 'tester'): Block {
  const height = tip.height + 1;
  const txs = [coinbaseTx(height, miner, 0, payout), ...transfers];
  return {
    header: {
      version: BLOCK_VERSION,
      prevHash: tip.hash,
      merkleRoot: merkleRoot(txs),
      time: GENESIS_TIME + height * 600,
      bits: bitsForDifficulty(0),
      nonce: 0,
    },
    txs,
  };
}

/** Builds a block on the ledger's tip and applies it; throws if the ledger refuses it. */
export function connect(
  ledger: Ledger,
  transfers: readonly string[],
  payout?: Payout,
): { block: Block; undo: BlockUndo } {
  const block = blockOn(ledger.tip, transfers, payout);
  const applied = ledger.apply(block, ledger.tip.height + 1);
  if (!applied.ok) throw new Error(`${applied.reason}: ${applied.detail}`);
  return { block, undo: applied.value };
}
