import { describe, it, expect } from 'vitest';
import { RelayStats } from './relay-stats';
import type { PeerTraffic } from './relay-stats';

const hashOf = (n: number): string => n.toString(16).padStart(64, '0');
const NONE: PeerTraffic = { messagesIn: 0, bytesIn: 0, messagesOut: 0, bytesOut: 0 };

describe('RelayStats', () => {
  it('counts messages and bytes per peer, in and out, for one block', () => {
    const stats = new RelayStats();
    const block = hashOf(1);
    stats.record(block, 'alice', 'in', 100);
    stats.record(block, 'alice', 'in', 250);
    stats.record(block, 'alice', 'out', 40);
    stats.record(block, 'bob', 'out', 300);
    const perPeer = stats.forBlock(block);
    expect([...perPeer.keys()]).toEqual(['alice', 'bob']);
    expect(perPeer.get('alice')).toEqual({ messagesIn: 2, bytesIn: 350, messagesOut: 1, bytesOut: 40 });
    expect(perPeer.get('bob')).toEqual({ messagesIn: 0, bytesIn: 0, messagesOut: 1, bytesOut: 300 });
  });

  it('totals sums every peer of a block', () => {
    const stats = new RelayStats();
    stats.record(hashOf(1), 'alice', 'in', 100);
    stats.record(hashOf(1), 'bob', 'in', 50);
    stats.record(hashOf(1), 'carol', 'out', 7);
    stats.record(hashOf(1), 'carol', 'out', 8);
    expect(stats.totals(hashOf(1))).toEqual({ messagesIn: 2, bytesIn: 150, messagesOut: 2, bytesOut: 15 });
  });

  it('keeps blocks apart', () => {
    const stats = new RelayStats();
    stats.record(hashOf(1), 'alice', 'in', 100);
    stats.record(hashOf(2), 'alice', 'out', 9);
    expect(stats.totals(hashOf(1))).toEqual({ ...NONE, messagesIn: 1, bytesIn: 100 });
    expect(stats.totals(hashOf(2))).toEqual({ ...NONE, messagesOut: 1, bytesOut: 9 });
  });

  it('knows nothing of a block it never saw', () => {
    const stats = new RelayStats();
    stats.record(hashOf(1), 'alice', 'in', 100);
    expect(stats.forBlock(hashOf(2)).size).toBe(0);
    expect(stats.totals(hashOf(2))).toEqual(NONE);
  });

  it('keeps only the last 500 blocks: the 501st forgets the first', () => {
    const stats = new RelayStats();
    for (let n = 1; n <= 500; n++) stats.record(hashOf(n), 'alice', 'in', n);
    expect(stats.totals(hashOf(1))).toEqual({ ...NONE, messagesIn: 1, bytesIn: 1 });
    stats.record(hashOf(501), 'alice', 'in', 501);
    expect(stats.forBlock(hashOf(1)).size).toBe(0);
    expect(stats.totals(hashOf(1))).toEqual(NONE);
    expect(stats.totals(hashOf(2))).toEqual({ ...NONE, messagesIn: 1, bytesIn: 2 });
    expect(stats.totals(hashOf(501))).toEqual({ ...NONE, messagesIn: 1, bytesIn: 501 });
  });

  it('more traffic for a block it already tracks does not push another block out', () => {
    const stats = new RelayStats();
    for (let n = 1; n <= 500; n++) stats.record(hashOf(n), 'alice', 'in', 1);
    for (let n = 1; n <= 500; n++) stats.record(hashOf(n), 'bob', 'out', 1);
    for (let n = 1; n <= 500; n++) expect(stats.forBlock(hashOf(n)).size).toBe(2);
  });

  it('a forgotten block starts again from zero if it is seen again', () => {
    const stats = new RelayStats();
    stats.record(hashOf(1), 'alice', 'in', 1000);
    for (let n = 2; n <= 501; n++) stats.record(hashOf(n), 'alice', 'in', 1);
    stats.record(hashOf(1), 'alice', 'out', 5);
    expect(stats.totals(hashOf(1))).toEqual({ ...NONE, messagesOut: 1, bytesOut: 5 });
    expect(stats.forBlock(hashOf(2)).size).toBe(0);
  });
});
