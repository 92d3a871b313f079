import { describe, expect, it } from 'vitest';
import { ServeBudget } from './serve-budget';

/** A budget of 1,000 characters a second, 1,000 banked, 2 requests waiting at most; jobs of `size` characters. */
function budget() {
  const served: string[] = [];
  const b = new ServeBudget(0, 1_000, 1_000, 2);
  const job = (name: string, size: number) => () => (served.push(name), size);
  return { b, served, job };
}

describe('ServeBudget', () => {
  it('answers one reply of any size at once, then makes the next wait until the debt is repaid', () => {
    const { b, served, job } = budget();
    expect(b.offer(job('big', 3_000), 0)).toBe('served'); // 2,000 in debt
    expect(b.offer(job('next', 10), 0)).toBe('queued');
    expect(b.waitMs(0)).toBe(2_000);
    b.drain(1_999);
    expect(served).toEqual(['big']);
    b.drain(2_000);
    expect(served).toEqual(['big', 'next']);
    expect(b.charged).toBe(3_010);
    expect(b.waitMs(2_000)).toBeNull();
  });

  it('keeps waiting requests in order, refuses past the queue, and serves a new one only after those waiting', () => {
    const { b, served, job } = budget();
    b.offer(job('a', 1_500), 0);
    expect([b.offer(job('b', 100), 0), b.offer(job('c', 100), 0), b.offer(job('d', 100), 0)]).toEqual(['queued', 'queued', 'refused']);
    expect(b.offer(job('e', 100), 300)).toBe('refused'); // 200 still owed: b and c still wait
    expect(b.offer(job('f', 100), 500)).toBe('queued'); // debt repaid: b goes (100 owed again), c waits, f behind it
    expect(served).toEqual(['a', 'b']);
    b.drain(700);
    expect(served).toEqual(['a', 'b', 'c', 'f']);
  });

  it('forgets what waits when the peer is gone', () => {
    const { b, served, job } = budget();
    b.offer(job('a', 5_000), 0);
    b.offer(job('b', 10), 0);
    b.clear();
    b.drain(60_000);
    expect(served).toEqual(['a']);
    expect(b.waiting).toBe(0);
  });
});
