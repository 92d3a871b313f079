import { describe, expect, it } from 'vitest';
import { seededRandom } from '../../testing/seeded-random';
import { AddressBook } from './address-book';

const book = (init = {}, selfId = 'me') => new AddressBook(init, { selfId, random: seededRandom(42) });

describe('AddressBook', () => {
  it('never stores its own address, and so never offers it', () => {
    const b = book();
    const result = b.add('me', 'peer-a', 0);
    expect(result).toMatchObject({ ok: false, reason: 'self' });
    for (let i = 0; i < 50; i++) b.add(`x${i}`, `s${i % 5}`, 0);
    expect(b.has('me')).toBe(false);
    expect(b.select(20, 0)).not.toContain('me');
    expect(b.sample(1000, 100)).not.toContain('me');
  });

  it('stays within its new and tried capacities however much it hears', () => {
    const b = book({ maxNew: 50, maxTried: 10, maxPerSource: 50 });
    for (let i = 0; i < 2_000; i++) b.add(`x${i}`, `s${i % 100}`, i);
    for (let i = 0; i < 40; i++) b.good(b.select(1, 10_000)[0]!, 10_000);
    expect(b.newCount).toBeLessThanOrEqual(50);
    expect(b.triedCount).toBe(10);
    expect(b.size).toBe(b.newCount + b.triedCount);
  });

  it('lets one source place only its share of new addresses, and others still get in', () => {
    const b = book({ maxNew: 1024, maxPerSource: 64 });
    let refused = 0;
    for (let i = 0; i < 1_000; i++) if (!b.add(`flood${i}`, 'attacker', 0).ok) refused++;
    expect(b.fromSource('attacker')).toBe(64);
    expect(refused).toBe(936);
    expect(b.add('honest', 'friend', 0)).toEqual({ ok: true, value: 'added' });
    // A known address is refreshed, not refused, whoever repeats it.
    expect(b.add('flood1', 'attacker', 5)).toEqual({ ok: true, value: 'refreshed' });
  });

  it('moves a reached address to tried, where it no longer uses its source’s quota', () => {
    const b = book({ maxPerSource: 2 });
    b.add('a', 'src', 0);
    b.add('b', 'src', 0);
    expect(b.add('c', 'src', 0).ok).toBe(false);
    b.good('a', 1);
    expect(b.get('a')?.tried).toBe(true);
    expect(b.add('c', 'src', 2).ok).toBe(true);
  });

  it('forgets a never-reached address after three failed dials, a tried one only after ten', () => {
    const b = book();
    b.add('flaky', 'src', 0);
    b.add('proven', 'src', 0);
    b.good('proven', 0);
    for (let i = 0; i < 3; i++) {
      b.failed('flaky', i);
      b.failed('proven', i);
    }
    expect(b.has('flaky')).toBe(false);
    expect(b.has('proven')).toBe(true);
    for (let i = 3; i < 10; i++) b.failed('proven', i);
    expect(b.has('proven')).toBe(false);
  });

  it('selects distinct addresses to dial, skipping excluded ones, the same way for the same seed', () => {
    const fill = () => {
      const b = book();
      for (let i = 0; i < 30; i++) b.add(`x${i}`, `s${i}`, 0);
      return b;
    };
    const picked = fill().select(8, 0, (id) => id === 'x3');
    expect(new Set(picked).size).toBe(8);
    expect(picked).not.toContain('x3');
    expect(fill().select(8, 0, (id) => id === 'x3')).toEqual(picked);
    expect(fill().select(100, 0)).toHaveLength(30);
  });

  it('answers GETADDR with at most 23% of the book and at most the message limit', () => {
    const b = book({ maxNew: 5_000, maxPerSource: 5_000 });
    for (let i = 0; i < 4_000; i++) b.add(`x${i}`, 'src', 0);
    const some = b.sample(1_000);
    expect(some).toHaveLength(920);
    expect(new Set(some).size).toBe(920);
    expect(b.sample(100)).toHaveLength(100);
  });
});
