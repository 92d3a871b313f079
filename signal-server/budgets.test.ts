import { describe, expect, it } from 'vitest';
import { BUDGETS, SCORE_FADE_PER_SECOND, SCORE_LIMIT, SocketBudget } from './budgets';
import { withinShape } from './payload-shape';
import { TokenBucket } from './token-bucket';

describe('TokenBucket', () => {
  it('spends up to its burst, then refills at its rate on the injected clock', () => {
    let now = 0;
    const bucket = new TokenBucket(2, 5, () => now);
    for (let i = 0; i < 5; i++) expect(bucket.take()).toBe(true);
    expect(bucket.take()).toBe(false);
    now += 499;
    expect(bucket.take()).toBe(false);
    now += 1;
    expect(bucket.take()).toBe(true);
    now += 60_000;
    expect(bucket.tokens).toBe(5); // never more than the burst
  });

  it('may go into debt, and says how long until a cost fits', () => {
    let now = 0;
    const bucket = new TokenBucket(1_000, 1_000, () => now);
    bucket.spend(3_000);
    expect(bucket.waitFor(500)).toBe(2_500);
    expect(bucket.waitFor(10_000)).toBe(3_000); // capped at the burst: a huge cost goes when full
    now += 3_000;
    expect(bucket.waitFor(10_000)).toBe(0);
  });
});

describe('SocketBudget', () => {
  it("holds each event's message budget: signal burst, then its rate", () => {
    let now = 0;
    const budget = new SocketBudget(() => now);
    const { burst, perSecond } = BUDGETS.signal;
    let allowed = 0;
    for (let i = 0; i < burst * 2; i++) if (budget.allow('signal', 100)) allowed++;
    expect(allowed).toBe(burst);
    // Events have separate budgets.
    expect(budget.allow('report', 100)).toBe(true);
    now += 1_000;
    allowed = 0;
    for (let i = 0; i < burst; i++) if (budget.allow('signal', 100)) allowed++;
    expect(allowed).toBe(perSecond);
  });

  it('holds the byte budget: 15 KiB signals stop long before the message count does', () => {
    const budget = new SocketBudget(() => 0);
    let allowed = 0;
    for (let i = 0; i < 400; i++) if (budget.allow('signal', 15 * 1024)) allowed++;
    expect(allowed).toBe(Math.floor(BUDGETS.signal.burstBytes / (15 * 1024)));
  });

  it('adds penalties to a score that fades with time', () => {
    let now = 0;
    const budget = new SocketBudget(() => now);
    for (let i = 0; i < 9; i++) budget.penalise('too-deep');
    expect(budget.score).toBe(90);
    now += 2_000;
    expect(budget.score).toBe(90 - 2 * SCORE_FADE_PER_SECOND);
    expect(budget.penalise('too-deep')).toBeLessThan(SCORE_LIMIT);
    expect(budget.penalise('too-deep')).toBeGreaterThanOrEqual(SCORE_LIMIT);
  });
});

describe('withinShape', () => {
  const nest = (depth: number): unknown => {
    let value: unknown = 'x';
    for (let i = 0; i < depth; i++) value = { a: value };
    return value;
  };

  it('passes honest payloads, ack callbacks and binary leaves', () => {
    const candidate = { to: 'abc', data: { type: 'candidate', candidate: { candidate: 'x', sdpMLineIndex: 0 } } };
    expect(withinShape([candidate, () => {}])).toBe(true);
    expect(withinShape([{ data: new Uint8Array(10_000) }])).toBe(true);
    expect(withinShape([nest(8)])).toBe(true);
  });

  it('refuses deep and wide values without walking them all (and without recursion)', () => {
    expect(withinShape([nest(9)])).toBe(false);
    expect(withinShape([nest(100_000)])).toBe(false); // would overflow a recursive walk
    const deepArray: unknown[] = [];
    let cursor = deepArray;
    for (let i = 0; i < 100_000; i++) cursor.push((cursor = []));
    expect(withinShape([deepArray])).toBe(false);
    expect(withinShape([{ links: Array.from({ length: 5_000 }, () => 'x') }])).toBe(false);
  });
});
