import { describe, expect, it } from 'vitest';
import { jsProbe } from '../../shared/chain/best-search';
import { headerHash, type BlockHeader } from '../../shared/chain/header';
import { bitsForDifficulty, hashMeetsTarget, targetFromBits } from '../../shared/chain/target';
import { ZERO_HASH } from '../../shared/chain/bytes';
import { createGrinder } from './grinder';
import type { FromMiner } from './miner-protocol';

const header = (zeroBits: number): BlockHeader => ({ version: 1, prevHash: ZERO_HASH, merkleRoot: ZERO_HASH, time: 1_764_000_000, bits: bitsForDifficulty(zeroBits), nonce: 0 });

/** A grinder on the pure-JS probe, a real clock, and messages collected until `until` says stop. */
function run(until: (message: FromMiner) => boolean) {
  const posted: FromMiner[] = [];
  let finish!: () => void;
  const done = new Promise<void>((resolve) => (finish = resolve));
  const onJob = createGrinder({
    probe: Promise.resolve(jsProbe()),
    post: (message) => {
      posted.push(message);
      if (until(message)) finish();
    },
    yieldToEvents: () => new Promise((resolve) => setImmediate(resolve)),
    now: () => performance.now(),
  });
  return { onJob, posted, done };
}

describe('the mining loop both workers run', () => {
  it('finds a nonce whose hash meets the target, after reporting its progress and best hash', async () => {
    const { onJob, posted, done } = run((m) => m.type === 'found');
    const job = header(8);
    onJob({ type: 'mine', job: 1, header: job, startNonce: 0, endNonce: 1 << 20 });
    await done;
    const found = posted.find((m) => m.type === 'found')!;
    if (found.type !== 'found') throw new Error('no find');
    expect(found.hash).toBe(headerHash({ ...job, nonce: found.nonce }));
    expect(hashMeetsTarget(found.hash, targetFromBits(job.bits)!)).toBe(true);
    const progress = posted.filter((m) => m.type === 'progress');
    expect(progress.length).toBeGreaterThan(0);
    expect(progress.at(-1)).toMatchObject({ job: 1, best: found.hash });
  });

  it('says a range is exhausted when no nonce in it works', async () => {
    const { onJob, posted, done } = run((m) => m.type === 'exhausted' || m.type === 'found');
    onJob({ type: 'mine', job: 7, header: header(32), startNonce: 0, endNonce: 2_048 });
    await done;
    expect(posted.at(-1)).toEqual({ type: 'exhausted', job: 7 });
  });
});
