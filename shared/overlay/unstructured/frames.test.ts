import { describe, expect, it } from 'vitest';
import { parseAddrFrame, parseFloodFrame } from './frames';
import { TokenBucket } from './token-bucket';

describe('unstructured frames at the door', () => {
  it('accepts well-formed GETADDR, ADDR and inventory frames', () => {
    expect(parseAddrFrame({ type: 'getaddr' })).toEqual({ ok: true, value: { type: 'getaddr' } });
    expect(parseAddrFrame({ type: 'addr', addrs: ['peer-1', 'AbC_2'] }).ok).toBe(true);
    expect(parseFloodFrame({ type: 'inv', id: 'ab12' }).ok).toBe(true);
  });

  it('refuses what a stranger might send instead', () => {
    expect(parseAddrFrame({ type: 'addr', addrs: ['has space'] }).ok).toBe(false);
    expect(parseAddrFrame({ type: 'addr', addrs: 'peer-1' }).ok).toBe(false);
    expect(parseAddrFrame({ type: 'addr', addrs: Array(1_002).fill('p') }).ok).toBe(false);
    expect(parseFloodFrame({ type: 'item', id: '<script>' }).ok).toBe(false);
    expect(parseFloodFrame(null)).toMatchObject({ ok: false, reason: 'malformed-inv' });
  });

  it('passes a 1,001-address ADDR through, so gossip can score it as oversized', () => {
    expect(parseAddrFrame({ type: 'addr', addrs: Array(1_001).fill('p') }).ok).toBe(true);
  });
});

describe('TokenBucket', () => {
  it('refills with time up to its capacity, and a credit can lift it above', () => {
    const bucket = new TokenBucket(0.1, 1_000, 0, 1);
    expect(bucket.take(0)).toBe(true);
    expect(bucket.take(0)).toBe(false);
    expect(bucket.take(10_000)).toBe(true); // 0.1 a second: one token per 10 s
    bucket.credit(1_000);
    expect(bucket.take(10_000, 1_000)).toBe(true);
    expect(bucket.available(10_000_000_000)).toBe(1_000);
  });
});
