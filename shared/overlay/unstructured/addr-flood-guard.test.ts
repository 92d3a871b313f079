import { describe, expect, it } from 'vitest';
import { AddrFloodGuard } from './addr-flood-guard';

describe('the address flood guard of a tab', () => {
  it('lets honest gossip through whole and scores nothing', () => {
    const guard = new AddrFloodGuard();
    for (let t = 0; t < 60; t++) expect(guard.admit('honest', 5, t * 1000)).toEqual({ allowed: 5, points: 0 });
  });

  it('cuts a flood off at the bucket and scores it past the tolerance, until the peer would be dropped', () => {
    const guard = new AddrFloodGuard();
    let points = 0;
    let allowed = 0;
    // 250-address messages (the wire maximum), 20 a second, for 5 seconds.
    for (let i = 0; i < 100; i++) {
      const budget = guard.admit('flooder', 250, i * 50);
      points += budget.points;
      allowed += budget.allowed;
    }
    expect(allowed).toBeLessThan(1_100); // the 1,000 banked plus 10 a second
    expect(points).toBeGreaterThanOrEqual(100); // the node's drop threshold
    expect(guard.admit('other', 250, 5_000)).toEqual({ allowed: 250, points: 0 }); // per link
  });

  it('forgets a closed link', () => {
    const guard = new AddrFloodGuard();
    guard.admit('p', 1000, 0);
    expect(guard.admit('p', 10, 0).allowed).toBe(0);
    guard.forget('p');
    expect(guard.admit('p', 10, 0).allowed).toBe(10);
  });
});
