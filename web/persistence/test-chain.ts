/**
 * Test support: a chain of real blocks on top of genesis at difficulty 0 (any nonce is a valid
 * proof), so the tests store what a node would store without mining.
 */
import { blockHash, coinbaseTx, type Block } from '../../shared/chain/block';
import { GENESIS_HASH, GENESIS_TIME } from '../../shared/chain/params';
import { merkleRoot } from '../../shared/chain/merkle';
import { bitsForDifficulty } from '../../shared/chain/target';
import type { BlockEntry } from './block-store';

export function chainOf(length: number, miner = 'tester'): BlockEntry[] {
  const entries: BlockEntry[] = [];
  let prevHash = GENESIS_HASH;
  for (let height = 1; height <= length; height++) {
    const txs = [coinbaseTx(height, miner)];
    const block: Block = {
      header: { version: 1, prevHash, merkleRoot: merkleRoot(txs), time: GENESIS_TIME + height * 60, bits: bitsForDifficulty(0), nonce: 0 },
      txs,
    };
    prevHash = blockHash(block);
    entries.push({ hash: prevHash, height, block });
  }
  return entries;
}
