/**
 * Fork choice as a value: given the tip we follow and a newly connected block, say what should
 * happen. The heavier chain (most cumulative work, not most blocks) wins; on equal work the tip
 * seen first stays, as in Bitcoin, so nodes do not flap between equal branches.
 */
export interface ChainTip {
  hash: string;
  height: number;
  work: bigint;
  prevHash: string;
}

export type ChainChoice =
  | { kind: 'extend' } // the candidate builds on our tip
  | { kind: 'reorg' } // a heavier branch that forks below our tip
  | { kind: 'keep'; reason: 'less-work' | 'equal-work-seen-later' };

export function chooseChain(current: ChainTip, candidate: ChainTip): ChainChoice {
  if (candidate.work < current.work) return { kind: 'keep', reason: 'less-work' };
  if (candidate.work === current.work) return { kind: 'keep', reason: 'equal-work-seen-later' };
  return candidate.prevHash === current.hash ? { kind: 'extend' } : { kind: 'reorg' };
}
