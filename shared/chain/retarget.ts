/**
 * How hard the next block must be. Bitcoin's rule (CalculateNextWorkRequired in Bitcoin Core),
 * with a shorter window: every `window` blocks, scale the target by how long the last window
 * actually took against how long it should have taken (window × spacing), clamped to a factor of
 * 4 either way so one odd window cannot swing difficulty wildly. Between retargets the target
 * stays as it is. So 2 tabs and 30 tabs both settle at about one block per `spacing` seconds:
 * more hashing power makes windows shorter, which raises the difficulty.
 */
import type { ChainParams } from './params';
import { bitsForDifficulty, bitsFromTarget, MAX_TARGET, targetFromBits } from './target';

export type TargetRule =
  /** Retargeting chain: the block's bits must be exactly these. */
  | { kind: 'exact'; bits: number }
  /** Free-difficulty chain: any target at or below this one (at least the room's difficulty). */
  | { kind: 'at-most'; target: bigint };

export interface RetargetParent {
  height: number;
  bits: number;
  time: number;
}

export const MAX_ADJUSTMENT = 4n;

/**
 * @param timeAtHeight the time of the parent's ancestor at a height (for the window's first block)
 */
export function nextTargetRule(
  params: ChainParams,
  parent: RetargetParent,
  timeAtHeight: (height: number) => number,
): TargetRule {
  if (params.spacing === 0) {
    return { kind: 'at-most', target: targetFromBits(bitsForDifficulty(params.difficulty))! };
  }
  const height = parent.height + 1;
  if (height % params.window !== 0) return { kind: 'exact', bits: parent.bits };
  // Measure `window` intervals, from the block before the window to its last block. (Bitcoin
  // measures one interval fewer than it expects, an off-by-one that matters little over 2016
  // blocks but would slow a 10-block window by 11 %.)
  // Genesis is left out: its time is fixed when the rules are written, not when mining starts.
  const first = Math.max(1, parent.height - params.window);
  const intervals = parent.height - first;
  if (intervals < 1) return { kind: 'exact', bits: parent.bits };
  const expected = BigInt(params.spacing * intervals);
  let actual = BigInt(parent.time - timeAtHeight(first));
  if (actual < expected / MAX_ADJUSTMENT) actual = expected / MAX_ADJUSTMENT;
  if (actual > expected * MAX_ADJUSTMENT) actual = expected * MAX_ADJUSTMENT;
  let target = (targetFromBits(parent.bits)! * actual) / expected;
  if (target > MAX_TARGET) target = MAX_TARGET;
  if (target < 1n) target = 1n;
  return { kind: 'exact', bits: bitsFromTarget(target) };
}

/** The bits a miner should use under a rule (the easiest the rule allows, or the miner's choice). */
export function bitsForRule(rule: TargetRule, chosenDifficulty?: number): number {
  if (rule.kind === 'exact') return rule.bits;
  const floor = bitsFromTarget(rule.target);
  if (chosenDifficulty === undefined) return floor;
  const chosen = bitsForDifficulty(chosenDifficulty);
  return targetFromBits(chosen)! <= rule.target ? chosen : floor;
}
