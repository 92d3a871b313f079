import { describe, expect, it } from 'vitest';
import { DroppedTally } from './dropped-tally';

describe('messages dropped by the link conditions, logged in summary', () => {
  it('logs the first drop of a peer and reason at once, then one line per 5 s with the count since', () => {
    const tally = new DroppedTally(5_000);
    expect(tally.count('amy', 'partition', 0)).toEqual({ peerId: 'amy', reason: 'partition', count: 1, first: true });
    for (let t = 100; t <= 4_900; t += 100) expect(tally.count('amy', 'partition', t)).toBeNull();
    expect(tally.count('amy', 'partition', 5_000)).toEqual({ peerId: 'amy', reason: 'partition', count: 50, first: false });
    expect(tally.totals.get('amy|partition')).toBe(51);
  });

  it('keeps peers and reasons apart', () => {
    const tally = new DroppedTally(5_000);
    expect(tally.count('amy', 'partition', 0)?.first).toBe(true);
    expect(tally.count('amy', 'loss', 1)?.first).toBe(true);
    expect(tally.count('ben', 'partition', 2)?.first).toBe(true);
    expect([...tally.totals]).toEqual([['amy|partition', 1], ['amy|loss', 1], ['ben|partition', 1]]);
  });

  it('tells the last drops of a link that went quiet when flushed, and nothing when there were none', () => {
    const tally = new DroppedTally(5_000);
    tally.count('amy', 'loss', 0);
    tally.count('amy', 'loss', 10);
    tally.count('amy', 'loss', 20);
    expect(tally.flush(4_000)).toEqual([]);
    expect(tally.flush(6_000)).toEqual([{ peerId: 'amy', reason: 'loss', count: 2, first: false }]);
    expect(tally.flush(20_000)).toEqual([]);
  });
});
