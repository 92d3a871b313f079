import { describe, expect, it } from 'vitest';
import { RateLimiter } from './rate-limit';
import { ValueStore } from './value-store';

const self = '0'.repeat(40);
const key = (first: string) => first + '0'.repeat(39);

describe('the value store', () => {
  it('keeps at most maxEntries keys, dropping the one farthest from this node for a nearer one', () => {
    const store = new ValueStore(self, { maxEntries: 2 });
    expect(store.put(key('1'), 'a', 0)).toEqual({ ok: true, value: { evicted: null } });
    expect(store.put(key('8'), 'b', 0)).toEqual({ ok: true, value: { evicted: null } });
    expect(store.put(key('2'), 'c', 0)).toEqual({ ok: true, value: { evicted: key('8') } });
    expect(store.put(key('f'), 'd', 0)).toMatchObject({ ok: false, reason: 'store-full' });
    expect(store.put(key('1'), 'a2', 0).ok).toBe(true); // an update needs no room
    expect(store.keys().sort()).toEqual([key('1'), key('2')]);
    expect(store.get(key('1'))).toBe('a2');
  });

  it('refuses values over the size limit and expires old ones', () => {
    const store = new ValueStore(self, { maxValueChars: 4 });
    expect(store.put(key('1'), 'toolong', 0)).toMatchObject({ ok: false, reason: 'value-too-large' });
    store.put(key('1'), 'ok', 0);
    store.put(key('2'), 'ok', 500);
    expect(store.expire(1000, 1000)).toEqual([key('1')]);
    expect(store.size).toBe(1);
  });
});

describe('the per-peer rate limiter', () => {
  it('allows perWindow messages per peer per window, and caps the peers it tracks', () => {
    const limiter = new RateLimiter({ perWindow: 2, windowMs: 100, maxPeers: 2 });
    expect([1, 2, 3].map(() => limiter.allow('a', 0))).toEqual([true, true, false]);
    expect(limiter.allow('b', 50)).toBe(true);
    expect(limiter.allow('c', 50)).toBe(false);
    expect(limiter.allow('a', 100)).toBe(true);
    expect(limiter.allow('c', 100)).toBe(true);
  });
});
