import { describe, expect, it } from 'vitest';
import { runPubsubSimulation } from './sim';

describe('topic pub/sub simulation', () => {
  it('200 nodes, random subscriptions, several publishers: each subscriber gets each message exactly once', () => {
    const report = runPubsubSimulation({ nodes: 200, seed: 3, publishers: 6, messagesPerPublisher: 5, topics: ['blocks', 'txs', 'notes'] });
    expect(report.messages).toBe(30);
    expect(report.expectedDeliveries).toBeGreaterThan(30 * 200 * 0.2);
    expect(report.deliveredOnce).toBe(report.expectedDeliveries);
    expect(report.missed).toBe(0);
    expect(report.repeated).toBe(0);
    expect(report.publisherDeliveredOnce).toBe(30);
    expect(report.toNonSubscribers).toBe(0);
    expect(report.penalties).toBe(0);
    expect(report.duplicatesPerNode).toBeGreaterThan(0);
  });

  it('shows floodsub’s subscribers-only relay missing subscribers on the same mesh', () => {
    const report = runPubsubSimulation({ nodes: 200, seed: 3, publishers: 6, messagesPerPublisher: 5, router: { relay: 'subscribers' } });
    expect(report.missed).toBeGreaterThan(0);
    expect(report.repeated).toBe(0);
    expect(report.toNonSubscribers).toBe(0);
  });
});
