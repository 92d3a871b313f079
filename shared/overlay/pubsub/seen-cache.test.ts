import { describe, expect, it } from 'vitest';
import { SeenCache } from './seen-cache';
import { TopicLog } from './topic-log';

describe('SeenCache', () => {
  it('remembers ids for the TTL, and never more than its capacity', () => {
    const seen = new SeenCache(1_000, 3);
    seen.add('a', 0);
    expect(seen.has('a', 999)).toBe(true);
    expect(seen.has('a', 1_000)).toBe(false);
    for (const id of ['b', 'c', 'd', 'e']) seen.add(id, 1_000);
    expect(seen.size).toBe(3);
    expect(seen.has('b', 1_000)).toBe(false);
    expect(seen.evictedEarly).toBe(1);
  });
});

describe('TopicLog', () => {
  it('counts what arrived per topic and keeps the most recent few for a view', () => {
    const log = new TopicLog(2);
    for (let i = 1; i <= 3; i++) {
      log.record({ id: `a:${i}`, topic: 'txs', origin: 'a', seqno: i, data: `tx${i}`, from: 'b', receivedAt: i });
    }
    expect(log.topics()).toEqual(['txs']);
    expect(log.delivered('txs')).toBe(3);
    expect(log.get('txs')?.recent.map((m) => m.data)).toEqual(['tx2', 'tx3']);
    expect(log.delivered('blocks')).toBe(0);
  });
});
