/**
 * The block a miner works on: the best transfers of the mempool after a coinbase paying the reward
 * plus their fees, on the current tip, with the bits the room's rule asks for. Pure: the chain
 * state and the clock come in.
 */
import { coinbaseTx, NO_ADDRESS, type Block } from '../chain/block';
import { merkleRoot } from '../chain/merkle';
import { bitsForRule } from '../chain/retarget';
import { blockReward } from '../ledger/ledger';
import type { ChainState } from './chain-state';

export interface TemplateRequest {
  minerName: string;
  payTo?: string;
  nowMs: number;
  /** The miner's own difficulty, used only where the room's rules leave it free. */
  difficulty?: number;
  /** A fresh merkle root once a template's 32-bit nonce space is used up. */
  extraNonce?: number;
}

export function blockTemplate(chain: ChainState, request: TemplateRequest): Block {
  const { tree } = chain;
  const tip = tree.tip;
  const height = tip.height + 1;
  const rule = tree.parentInfo(tip.hash)!.targetRule!;
  const { txs, fees } = chain.mempool.select(chain.ledger);
  const payout = { address: request.payTo ?? NO_ADDRESS, amount: blockReward(height) + fees };
  const all = [coinbaseTx(height, request.minerName, request.extraNonce ?? 0, payout), ...txs];
  // Bitcoin's rule: later than the median of the last 11 blocks, however slow our clock is.
  const time = Math.max(Math.floor(request.nowMs / 1000), tree.medianTimePast(tip.hash) + 1);
  const bits = bitsForRule(rule, request.difficulty);
  return { header: { version: 1, prevHash: tip.hash, merkleRoot: merkleRoot(all), time, bits, nonce: 0 }, txs: all };
}
