import { describe, it, expect } from 'vitest';
import { chooseChain, type ChainTip } from './choose-chain';

const h = (c: string): string => c.repeat(64);
const current: ChainTip = { hash: h('a'), height: 10, work: 100n, prevHash: h('9') };

describe('chooseChain', () => {
  it('extends when the heavier candidate builds on our tip', () => {
    expect(chooseChain(current, { hash: h('b'), height: 11, work: 101n, prevHash: h('a') })).toEqual({
      kind: 'extend',
    });
  });

  it('reorgs to a heavier candidate that forks below our tip, even if it is shorter', () => {
    expect(chooseChain(current, { hash: h('c'), height: 4, work: 101n, prevHash: h('d') })).toEqual({
      kind: 'reorg',
    });
  });

  it('keeps our tip against a longer candidate with less work', () => {
    expect(chooseChain(current, { hash: h('e'), height: 50, work: 99n, prevHash: h('f') })).toEqual({
      kind: 'keep',
      reason: 'less-work',
    });
  });

  it('keeps our tip on equal work, even for a child of our tip', () => {
    expect(chooseChain(current, { hash: h('b'), height: 11, work: 100n, prevHash: h('a') })).toEqual({
      kind: 'keep',
      reason: 'equal-work-seen-later',
    });
  });

  it('compares work as bigints beyond 2^53', () => {
    const big = { ...current, work: 1n << 80n };
    expect(chooseChain(big, { ...big, hash: h('b'), work: (1n << 80n) + 1n, prevHash: h('c') })).toEqual({
      kind: 'reorg',
    });
  });
});
