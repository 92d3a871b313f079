import { describe, expect, it } from 'vitest';
import { KBucket } from './k-bucket';

const id = (n: number) => n.toString(16).padStart(40, '0');

function fullBucket(k = 3): KBucket {
  const bucket = new KBucket(k);
  for (let i = 1; i <= k; i++) expect(bucket.seen(id(i))).toEqual({ kind: 'added' });
  return bucket;
}

describe('a k-bucket (§2.2)', () => {
  it('keeps contacts least-recently seen first and moves a contact that speaks again to the tail', () => {
    const bucket = fullBucket();
    expect(bucket.contacts()).toEqual([id(1), id(2), id(3)]);
    expect(bucket.seen(id(1))).toEqual({ kind: 'refreshed' });
    expect(bucket.contacts()).toEqual([id(2), id(3), id(1)]);
  });

  it('when full, asks for the oldest to be pinged instead of evicting anyone', () => {
    const bucket = fullBucket();
    expect(bucket.seen(id(9))).toEqual({ kind: 'ping-oldest', oldest: id(1), candidate: id(9) });
    expect(bucket.contacts()).toEqual([id(1), id(2), id(3)]);
    // One ping at a time: a second newcomer is dropped while the first ping is out.
    expect(bucket.seen(id(10))).toEqual({ kind: 'ping-pending', oldest: id(1), candidate: id(10) });
    expect(bucket.size).toBe(3);
  });

  it('keeps a live oldest contact (moved to the tail) and drops the newcomer', () => {
    const bucket = fullBucket();
    bucket.seen(id(9));
    expect(bucket.resolvePing(id(1), id(9), true)).toEqual({ kind: 'kept-oldest' });
    expect(bucket.contacts()).toEqual([id(2), id(3), id(1)]);
    // The ping is over: the next newcomer gets a ping of the new oldest.
    expect(bucket.seen(id(10))).toEqual({ kind: 'ping-oldest', oldest: id(2), candidate: id(10) });
  });

  it('evicts a dead oldest contact and lets the newcomer in at the tail', () => {
    const bucket = fullBucket();
    bucket.seen(id(9));
    expect(bucket.resolvePing(id(1), id(9), false)).toEqual({ kind: 'replaced', evicted: id(1), added: id(9) });
    expect(bucket.contacts()).toEqual([id(2), id(3), id(9)]);
  });

  it('keeps an oldest contact whose pong was lost but who spoke to us meanwhile', () => {
    const bucket = fullBucket();
    bucket.seen(id(9));
    bucket.seen(id(1)); // a request from it arrived while the ping was out
    expect(bucket.resolvePing(id(1), id(9), false)).toEqual({ kind: 'kept-oldest' });
    expect(bucket.contacts()).toEqual([id(2), id(3), id(1)]);
  });

  it('never holds more than k contacts', () => {
    const bucket = new KBucket(4);
    for (let i = 1; i < 100; i++) {
      const update = bucket.seen(id(i));
      if (update.kind === 'ping-oldest') bucket.resolvePing(update.oldest, update.candidate, i % 2 === 0);
      expect(bucket.size).toBeLessThanOrEqual(4);
    }
  });
});
