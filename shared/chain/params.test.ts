import { describe, it, expect } from 'vitest';
import { blockHash } from './block';
import { BlockTree } from './block-tree';
import { ZERO_HASH } from './bytes';
import { merkleRoot } from './merkle';
import {
  checkChainParams,
  createGenesis,
  DEFAULT_CHAIN_PARAMS,
  FREE_CHAIN_PARAMS,
  GENESIS,
  GENESIS_HASH,
  GENESIS_TIME,
  MAX_SPACING_SECONDS,
  MAX_WINDOW,
} from './params';
import type { ChainParams } from './params';
import { bitsForDifficulty, MAX_DIFFICULTY_BITS } from './target';

const withChange = (changes: Partial<ChainParams>): ChainParams => ({ ...DEFAULT_CHAIN_PARAMS, ...changes });

describe('checkChainParams', () => {
  it('accepts the default and the free-difficulty params', () => {
    expect(checkChainParams(DEFAULT_CHAIN_PARAMS)).toBeNull();
    expect(checkChainParams(FREE_CHAIN_PARAMS)).toBeNull();
  });

  it('accepts every field at both ends of its range', () => {
    for (const changes of [
      { difficulty: 0 },
      { difficulty: MAX_DIFFICULTY_BITS },
      { spacing: 0 },
      { spacing: MAX_SPACING_SECONDS },
      { window: 2 },
      { window: MAX_WINDOW },
    ]) {
      expect(checkChainParams(withChange(changes)), JSON.stringify(changes)).toBeNull();
    }
  });

  it.each([-1, MAX_DIFFICULTY_BITS + 1, 1.5, Number.NaN, Number.POSITIVE_INFINITY])(
    'rejects difficulty %s with a message about difficulty bits',
    (difficulty) => {
      expect(checkChainParams(withChange({ difficulty }))).toBe(
        `difficulty must be a whole number of bits from 0 to ${MAX_DIFFICULTY_BITS}`,
      );
    },
  );

  it.each([-1, MAX_SPACING_SECONDS + 1, 2.5, Number.NaN])(
    'rejects spacing %s with a message about the block interval',
    (spacing) => {
      expect(checkChainParams(withChange({ spacing }))).toBe(
        `block interval must be whole seconds from 0 (free difficulty) to ${MAX_SPACING_SECONDS}`,
      );
    },
  );

  it.each([1, 0, -3, MAX_WINDOW + 1, 4.5, Number.NaN])(
    'rejects window %s with a message about the retarget window',
    (window) => {
      expect(checkChainParams(withChange({ window }))).toBe(`retarget window must be from 2 to ${MAX_WINDOW} blocks`);
    },
  );

  it('names the first bad field when several are bad', () => {
    expect(checkChainParams({ difficulty: 99, spacing: -1, window: 0 })).toMatch(/^difficulty/);
    expect(checkChainParams({ difficulty: 1, spacing: -1, window: 0 })).toMatch(/^block interval/);
  });
});

describe('createGenesis', () => {
  it('builds an unmined block at GENESIS_TIME on the zero hash, with the room difficulty as its bits', () => {
    const genesis = createGenesis(DEFAULT_CHAIN_PARAMS);
    expect(genesis.header).toMatchObject({
      prevHash: ZERO_HASH,
      time: GENESIS_TIME,
      nonce: 0,
      bits: bitsForDifficulty(DEFAULT_CHAIN_PARAMS.difficulty),
      merkleRoot: merkleRoot(genesis.txs),
    });
    expect(genesis.txs.join('\n')).toContain('difficulty=16 spacing=10 window=10');
  });

  it('gives a different genesis hash when any one param differs', () => {
    const base = blockHash(createGenesis(DEFAULT_CHAIN_PARAMS));
    const variants = [withChange({ difficulty: 17 }), withChange({ spacing: 11 }), withChange({ spacing: 0 }), withChange({ window: 11 })];
    const hashes = variants.map((params) => blockHash(createGenesis(params)));
    expect(new Set([base, ...hashes]).size).toBe(variants.length + 1);
  });

  it('starts a new chain for each reset round, and round 0 is the chain of a room never reset', () => {
    const base = blockHash(createGenesis(DEFAULT_CHAIN_PARAMS));
    expect(blockHash(createGenesis({ ...DEFAULT_CHAIN_PARAMS, round: 0 }))).toBe(base);
    const one = blockHash(createGenesis({ ...DEFAULT_CHAIN_PARAMS, round: 1 }));
    const two = blockHash(createGenesis({ ...DEFAULT_CHAIN_PARAMS, round: 2 }));
    expect(new Set([base, one, two]).size).toBe(3);
    expect(checkChainParams({ ...DEFAULT_CHAIN_PARAMS, round: -1 })).toMatch(/reset round/);
    expect(checkChainParams({ ...DEFAULT_CHAIN_PARAMS, round: 1.5 })).toMatch(/reset round/);
  });

  it('is the same block for equal params given as different objects', () => {
    const a = createGenesis({ difficulty: 3, spacing: 20, window: 5 });
    const b = createGenesis({ window: 5, spacing: 20, difficulty: 3 });
    expect(a).toEqual(b);
    expect(blockHash(a)).toBe(blockHash(b));
  });

  it('GENESIS is the free-difficulty genesis, and DEFAULT rooms are on another chain', () => {
    expect(GENESIS).toEqual(createGenesis(FREE_CHAIN_PARAMS));
    expect(GENESIS_HASH).toBe(blockHash(createGenesis(FREE_CHAIN_PARAMS)));
    expect(blockHash(createGenesis(DEFAULT_CHAIN_PARAMS))).not.toBe(GENESIS_HASH);
  });

  it('is the root of a BlockTree built with the same params', () => {
    expect(new BlockTree().genesisHash).toBe(GENESIS_HASH);
    const params = { difficulty: 1, spacing: 10, window: 4 };
    expect(new BlockTree(params).genesisHash).toBe(blockHash(createGenesis(params)));
  });
});
