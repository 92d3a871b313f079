/**
 * The rules a room's chain is born with. They are written into its genesis block, so tabs opened
 * with different settings follow different chains (different genesis hashes) and say so, instead
 * of quietly rejecting each other's blocks.
 */
import { ZERO_HASH } from './bytes';
import { BLOCK_VERSION, blockHash, coinbaseTx, type Block } from './block';
import { merkleRoot } from './merkle';
import { bitsForDifficulty, MAX_DIFFICULTY_BITS } from './target';

export interface ChainParams {
  /** Difficulty of the first blocks, in leading zero bits. */
  difficulty: number;
  /**
   * Target seconds between blocks. 0 means "free difficulty": every miner picks its own
   * difficulty (at least `difficulty`) and the chain with the most work wins — the first lab.
   */
  spacing: number;
  /** Blocks per retarget period (Bitcoin: 2016; small here so a classroom sees it act). */
  window: number;
  /**
   * The room's reset round (the teacher's desk bumps it on every reset; `?epoch=`). Written into
   * the genesis when above 0, so a reset starts a new chain even with unchanged rules, and a tab
   * that missed the reset is told it is on another chain instead of feeding old blocks back.
   */
  round?: number;
}

export const MAX_ROUND = 1_000_000;

export const DEFAULT_CHAIN_PARAMS: ChainParams = { difficulty: 16, spacing: 10, window: 10 };
/** The rules of GENESIS: free difficulty from zero, as the first lab had. */
export const FREE_CHAIN_PARAMS: ChainParams = { difficulty: 0, spacing: 0, window: 10 };
export const MAX_SPACING_SECONDS = 3600;
export const MAX_WINDOW = 1000;

export function checkChainParams(params: ChainParams): string | null {
  const { difficulty, spacing, window } = params;
  if (!Number.isInteger(difficulty) || difficulty < 0 || difficulty > MAX_DIFFICULTY_BITS) {
    return `difficulty must be a whole number of bits from 0 to ${MAX_DIFFICULTY_BITS}`;
  }
  if (!Number.isInteger(spacing) || spacing < 0 || spacing > MAX_SPACING_SECONDS) {
    return `block interval must be whole seconds from 0 (free difficulty) to ${MAX_SPACING_SECONDS}`;
  }
  if (!Number.isInteger(window) || window < 2 || window > MAX_WINDOW) {
    return `retarget window must be from 2 to ${MAX_WINDOW} blocks`;
  }
  const round = params.round ?? 0;
  if (!Number.isInteger(round) || round < 0 || round > MAX_ROUND) {
    return `reset round must be a whole number from 0 to ${MAX_ROUND}`;
  }
  return null;
}

/** 2025-11-24, the day the chapter was first taught with this lab. */
export const GENESIS_TIME = 1_764_000_000;

export function paramsTx(params: ChainParams): string {
  // Round 0 writes nothing, so every chain made before rounds existed keeps its genesis hash.
  const round = (params.round ?? 0) > 0 ? ` round=${params.round}` : '';
  return `params difficulty=${params.difficulty} spacing=${params.spacing} window=${params.window}${round}`;
}

/** Genesis needs no proof of work (nothing comes before it), so its nonce is 0. */
export function createGenesis(params: ChainParams): Block {
  const txs = [coinbaseTx(0, 'genesis'), paramsTx(params)];
  return {
    header: {
      version: BLOCK_VERSION,
      prevHash: ZERO_HASH,
      merkleRoot: merkleRoot(txs),
      time: GENESIS_TIME,
      bits: bitsForDifficulty(params.difficulty),
      nonce: 0,
    },
    txs,
  };
}

/** The free-difficulty genesis of the first lab; rooms build theirs with createGenesis(params). */
export const GENESIS: Block = createGenesis(FREE_CHAIN_PARAMS);
export const GENESIS_HASH = blockHash(GENESIS);
