import { describe, expect, it } from 'vitest';
import { EventLoop as EventQueue } from '../event-loop';
import { runGossipSimulation } from './sim';

describe('EventQueue', () => {
  it('runs callbacks in time order, ties in scheduling order, and stops at `until`', () => {
    const queue = new EventQueue();
    /** Delay first, as these simulations read best. */
    const after = (delayMs: number, fn: () => void) => queue.schedule(fn, delayMs);
    const seen: string[] = [];
    after(30, () => seen.push('c'));
    after(10, () => {
      seen.push('a');
      after(5, () => seen.push('a+5'));
    });
    after(10, () => seen.push('b'));
    queue.run(20);
    expect(seen).toEqual(['a', 'b', 'a+5']);
    expect(queue.now()).toBe(20);
    queue.run();
    expect(seen.at(-1)).toBe('c');
  });
});

describe('unstructured overlay simulation', () => {
  it('1,000 nodes each told one or two seeds: a connected overlay within the link limits, a block reaching every node', () => {
    const report = runGossipSimulation({ nodes: 1_000, seed: 11 });
    expect(report.connected).toBe(true);
    expect(report.reach).toBe(1);
    expect(report.outbound.max).toBeLessThanOrEqual(8);
    expect(report.outbound.mean).toBeGreaterThan(7.5);
    expect(report.inbound.max).toBeLessThanOrEqual(16);
    // Flooding's price: most neighbours announce a block the node already has.
    expect(report.duplicates.mean).toBeGreaterThan(3);
    expect(report.duplicates.max).toBeGreaterThanOrEqual(report.duplicates.mean);
    expect(report.propagationMs.p90).toBeGreaterThanOrEqual(report.propagationMs.p50);
    expect(report.propagationMs.p50).toBeGreaterThan(0);
    // Gossip, not the seeds, taught each node most of what it knows.
    expect(report.learnedBeyondSeeds.min).toBeGreaterThan(0);
    expect(report.learnedBeyondSeeds.mean).toBeGreaterThan(50);
    // Honest nodes never score each other.
    expect(report.penaltyPoints).toBe(0);
    expect(report.lost).toBeGreaterThan(0);
  }, 120_000);

  it('is the same run for the same seed', () => {
    const a = runGossipSimulation({ nodes: 150, seed: 5, settleMs: 5_000 });
    const b = runGossipSimulation({ nodes: 150, seed: 5, settleMs: 5_000 });
    expect(b).toEqual(a);
  });

  it('reports an overlay cut in two, where the flood cannot reach everyone', () => {
    // Nobody may dial out: only the seeds' addr-fetch traffic happens, no links form.
    const report = runGossipSimulation({ nodes: 50, seed: 2, policy: { targetOutbound: 0 }, settleMs: 1_000 });
    expect(report.connected).toBe(false);
    expect(report.components).toBe(50);
    expect(report.reach).toBe(1 / 50);
  });
});
