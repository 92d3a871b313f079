import { beforeAll, describe, expect, it } from 'vitest';
import { DhtSimulation } from './sim';

describe('a 1,000-node Kademlia network (seeded, simulated time)', () => {
  const N = 1000;
  // 1% of messages lost, 20–120 ms one way. With two resends an RPC to a live node fails about
  // once in 10^5, so every node joins and every lookup lands (one resend: ~1 in 2,500 queries).
  const dht = { refreshOnJoin: false, rpcTimeoutMs: 1000, rpcRetries: 2 };
  const sim = new DhtSimulation({ nodes: N, seed: 2002, loss: 0.01, dht });
  beforeAll(() => sim.joinAll());

  it('finds the true nearest node of every random target, in at most log2 N hops on average', () => {
    const figures = sim.measureLookups(500);
    expect(figures.successes).toBe(figures.lookups);
    expect(figures.meanHops).toBeLessThanOrEqual(Math.log2(N));
    expect(figures.meanHops).toBeGreaterThan(0);
    // The lookup converges on the k nearest: about k queries plus the α-wide approach.
    expect(figures.meanQueries).toBeLessThan(60);
    expect(figures.p90Ms).toBeGreaterThan(figures.p50Ms * 0.99);
  });

  it('finds every value stored at the k nodes nearest its key, from anywhere', () => {
    const figures = sim.measureValues(100);
    expect(figures.found).toBe(figures.values);
    expect(figures.meanHops).toBeLessThanOrEqual(Math.log2(N));
  });

  it('keeps every routing table within its bounds', () => {
    for (const node of sim.nodes) {
      expect(node.table.size).toBeGreaterThan(0);
      expect(node.table.size).toBeLessThanOrEqual(160 * node.table.k);
      expect(node.table.has(node.id)).toBe(false);
      for (const { contacts } of node.table.bucketView()) expect(contacts.length).toBeLessThanOrEqual(node.table.k);
    }
  });
});
