import { describe, expect, it } from 'vitest';
import { seededRandom } from '../testing/seeded-random';
import {
  canReach,
  decide,
  LinkClocks,
  NO_CONDITIONS,
  parseLinkConditions,
  SLOW_MOTION_MS,
  type LinkConditions,
} from './conditioner';

const conditions = (over: Partial<LinkConditions>): LinkConditions => ({ ...NO_CONDITIONS, ...over });

describe('decide: delay', () => {
  it('adds the latency, and jitter keeps every delay within latency ± jitter, spread over the range', () => {
    const random = seededRandom(7);
    const c = conditions({ latencyMs: 200, jitterMs: 50 });
    const delays: number[] = [];
    for (let i = 0; i < 2000; i++) {
      const d = decide(c, 'a', 'b', random);
      if (!d.deliver) throw new Error('nothing should be dropped');
      delays.push(d.delayMs);
    }
    expect(Math.min(...delays)).toBeGreaterThanOrEqual(150);
    expect(Math.max(...delays)).toBeLessThanOrEqual(250);
    // Not a constant: both ends of the range are reached (within 5 ms) over 2000 draws.
    expect(Math.min(...delays)).toBeLessThan(155);
    expect(Math.max(...delays)).toBeGreaterThan(245);
  });

  it('without jitter every message takes exactly the latency; slow motion adds its fixed delay per hop', () => {
    const random = seededRandom(1);
    expect(decide(conditions({ latencyMs: 120 }), 'a', 'b', random)).toEqual({ deliver: true, delayMs: 120 });
    expect(decide(conditions({ latencyMs: 120, slowMotion: true }), 'a', 'b', random)).toEqual({ deliver: true, delayMs: 120 + SLOW_MOTION_MS });
    expect(decide(NO_CONDITIONS, 'a', 'b', random)).toEqual({ deliver: true, delayMs: 0 });
  });

  it('draws nothing from the random source when no loss or jitter is set (seeded runs stay as they were)', () => {
    let draws = 0;
    const random = () => (draws++, 0.5);
    decide(conditions({ latencyMs: 300, partition: { groups: [['a'], ['b']] } }), 'a', 'c', random);
    decide(conditions({ latencyMs: 300 }), 'a', 'b', random);
    expect(draws).toBe(0);
  });
});

describe('LinkClocks: a data channel is ordered', () => {
  it('a later message never overtakes an earlier one on the same link, whatever jitter it draws', () => {
    const random = seededRandom(99);
    const clocks = new LinkClocks();
    const c = conditions({ latencyMs: 100, jitterMs: 100 });
    let previous = -Infinity;
    let waited = 0;
    for (let now = 0; now < 5000; now += 7) {
      const d = decide(c, 'a', 'b', random);
      if (!d.deliver) throw new Error('nothing should be dropped');
      const at = clocks.arrival('a>b', now, d.delayMs);
      expect(at).toBeGreaterThanOrEqual(previous);
      expect(at).toBeGreaterThanOrEqual(now + d.delayMs);
      if (at > now + d.delayMs) waited++;
      previous = at;
    }
    expect(waited).toBeGreaterThan(0); // the ordering really held some messages back
  });

  it('links are independent: a slow message on one does not hold up another', () => {
    const clocks = new LinkClocks();
    expect(clocks.arrival('a>b', 0, 1000)).toBe(1000);
    expect(clocks.arrival('b>a', 10, 5)).toBe(15);
    expect(clocks.arrival('a>b', 20, 5)).toBe(1000);
    clocks.forget('a>b');
    expect(clocks.arrival('a>b', 30, 5)).toBe(35);
  });
});

describe('decide: loss', () => {
  it('drops close to the set share of 10,000 messages at loss 0.2', () => {
    const random = seededRandom(2026);
    const c = conditions({ loss: 0.2 });
    let lost = 0;
    for (let i = 0; i < 10_000; i++) {
      const d = decide(c, 'a', 'b', random);
      if (!d.deliver) {
        expect(d.reason).toBe('loss');
        lost++;
      }
    }
    // Binomial(10,000, 0.2): sd = 40, so ±160 is four standard deviations.
    expect(lost).toBeGreaterThan(2000 - 160);
    expect(lost).toBeLessThan(2000 + 160);
  });

  it('loss 1 drops everything and loss 0 nothing', () => {
    const random = seededRandom(3);
    for (let i = 0; i < 100; i++) {
      expect(decide(conditions({ loss: 1 }), 'a', 'b', random).deliver).toBe(false);
      expect(decide(conditions({ loss: 0 }), 'a', 'b', random).deliver).toBe(true);
    }
  });
});

describe('decide: partition', () => {
  const split = conditions({ partition: { groups: [['a1', 'a2'], ['b1', 'b2']] } });
  const random = seededRandom(5);

  it('drops both directions between groups, and delivers within a group', () => {
    expect(decide(split, 'a1', 'b1', random)).toEqual({ deliver: false, reason: 'partition' });
    expect(decide(split, 'b1', 'a1', random)).toEqual({ deliver: false, reason: 'partition' });
    expect(decide(split, 'a2', 'b2', random)).toEqual({ deliver: false, reason: 'partition' });
    expect(decide(split, 'a1', 'a2', random).deliver).toBe(true);
    expect(decide(split, 'b2', 'b1', random).deliver).toBe(true);
  });

  it('tabs listed nowhere form one more group: together, but cut off from the listed groups', () => {
    expect(decide(split, 'late1', 'late2', random).deliver).toBe(true);
    expect(canReach(split, 'late1', 'a1')).toBe(false);
    expect(canReach(split, 'b2', 'late1')).toBe(false);
  });

  it('healing (no partition) restores delivery between the former groups', () => {
    const healed = { ...split, partition: null };
    expect(decide(healed, 'a1', 'b1', random).deliver).toBe(true);
    expect(decide(healed, 'b2', 'a2', random).deliver).toBe(true);
  });

  it('is checked before loss: a cross-group message is reported as the partition, not loss', () => {
    expect(decide({ ...split, loss: 1 }, 'a1', 'b1', random)).toEqual({ deliver: false, reason: 'partition' });
  });
});

describe('parseLinkConditions', () => {
  it('accepts the bounds and a partition', () => {
    const raw = { latencyMs: 5000, jitterMs: 2000, loss: 1, slowMotion: true, partition: { groups: [['a'], ['b', 'c']] } };
    expect(parseLinkConditions(raw)).toEqual({ ok: true, value: raw });
  });

  it.each([
    [{ latencyMs: 5001, jitterMs: 0, loss: 0 }, 'latencyMs'],
    [{ latencyMs: -1, jitterMs: 0, loss: 0 }, 'latencyMs'],
    [{ latencyMs: 100, jitterMs: 150, loss: 0 }, 'cannot exceed latencyMs'],
    [{ latencyMs: 5000, jitterMs: 2001, loss: 0 }, 'jitterMs'],
    [{ latencyMs: 0, jitterMs: 0, loss: 1.5 }, 'loss'],
    [{ latencyMs: 0, jitterMs: 0, loss: Number.NaN }, 'loss'],
    [{ latencyMs: 0, jitterMs: 0, loss: 0, partition: { groups: [['a'], ['a', 'b']] } }, 'more than one partition group'],
    [{ latencyMs: 0, jitterMs: 0, loss: 0, partition: { groups: [['not a name!']] } }, 'partition.groups.0.0'],
    [{ latencyMs: 0, jitterMs: 0, loss: 0, partition: { groups: [] } }, 'partition.groups'],
    [{ latencyMs: 0, jitterMs: 0, loss: 0, teacher: 'x' }, 'teacher'],
    [{ latencyMs: '200', jitterMs: 0, loss: 0 }, 'latencyMs'],
    [null, ''],
  ])('refuses %j with a reason naming what is wrong', (raw, mention) => {
    const result = parseLinkConditions(raw);
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.reason).toBe('bad-conditions');
      expect(result.detail).toContain(mention);
    }
  });
});
