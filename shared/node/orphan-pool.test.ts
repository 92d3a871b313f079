import { describe, it, expect } from 'vitest';
import type { Block } from '../chain/block';
import { MAX_ORPHANS, OrphanPool } from './orphan-pool';

const hashOf = (n: number): string => n.toString(16).padStart(64, '0');

/** Orphans are stored by the hash the caller gives; only the header's prevHash matters here. */
function orphan(parent: string, tag = 'x'): Block {
  return {
    header: { version: 1, prevHash: parent, merkleRoot: '0'.repeat(64), time: 0, bits: 0x2000ffff, nonce: 0 },
    txs: [tag],
  };
}

describe('OrphanPool', () => {
  it('starts empty and knows what it holds', () => {
    const pool = new OrphanPool();
    expect(pool.size).toBe(0);
    expect(pool.has(hashOf(1))).toBe(false);
    pool.add(hashOf(1), orphan(hashOf(100)), 'peer-a');
    expect(pool.size).toBe(1);
    expect(pool.has(hashOf(1))).toBe(true);
    expect(pool.has(hashOf(100))).toBe(false);
  });

  it('ignores a block it already holds, keeping the first sender', () => {
    const pool = new OrphanPool();
    pool.add(hashOf(1), orphan(hashOf(100)), 'peer-a');
    pool.add(hashOf(1), orphan(hashOf(100)), 'peer-b');
    expect(pool.size).toBe(1);
    expect(pool.takeChildrenOf(hashOf(100))).toEqual([expect.objectContaining({ hash: hashOf(1), from: 'peer-a' })]);
  });

  it('is bounded: past its limit the oldest orphan is evicted', () => {
    const pool = new OrphanPool(3);
    for (const n of [1, 2, 3, 4]) pool.add(hashOf(n), orphan(hashOf(100)), 'p');
    expect(pool.size).toBe(3);
    expect(pool.has(hashOf(1))).toBe(false);
    expect([2, 3, 4].every((n) => pool.has(hashOf(n)))).toBe(true);
    pool.add(hashOf(5), orphan(hashOf(100)), 'p');
    expect(pool.has(hashOf(2))).toBe(false);
    expect(pool.has(hashOf(5))).toBe(true);
  });

  it(`holds at most MAX_ORPHANS (${MAX_ORPHANS}) by default`, () => {
    const pool = new OrphanPool();
    for (let n = 1; n <= MAX_ORPHANS + 5; n++) pool.add(hashOf(n), orphan(hashOf(10_000 + n)), 'p');
    expect(pool.size).toBe(MAX_ORPHANS);
    for (let n = 1; n <= 5; n++) expect(pool.has(hashOf(n))).toBe(false);
    expect(pool.has(hashOf(6))).toBe(true);
    expect(pool.has(hashOf(MAX_ORPHANS + 5))).toBe(true);
  });

  it('takeChildrenOf returns exactly the children of a parent, with sender, and removes only them', () => {
    const pool = new OrphanPool();
    const parent = hashOf(100);
    const childA = orphan(parent, 'a');
    const childB = orphan(parent, 'b');
    pool.add(hashOf(1), childA, 'peer-a');
    pool.add(hashOf(2), orphan(hashOf(200)), 'peer-a');
    pool.add(hashOf(3), childB, 'peer-b');
    pool.add(hashOf(4), orphan(hashOf(1)), 'peer-b'); // a grandchild of `parent`
    expect(pool.takeChildrenOf(parent)).toEqual([
      { hash: hashOf(1), block: childA, from: 'peer-a' },
      { hash: hashOf(3), block: childB, from: 'peer-b' },
    ]);
    expect(pool.size).toBe(2);
    expect(pool.has(hashOf(1))).toBe(false);
    expect(pool.has(hashOf(3))).toBe(false);
    expect(pool.has(hashOf(2))).toBe(true);
    expect(pool.has(hashOf(4))).toBe(true);
    expect(pool.takeChildrenOf(parent)).toEqual([]);
    expect(pool.takeChildrenOf(hashOf(1)).map((o) => o.hash)).toEqual([hashOf(4)]);
    expect(pool.size).toBe(1);
  });

  it('takeChildrenOf a parent with no orphans changes nothing', () => {
    const pool = new OrphanPool();
    pool.add(hashOf(1), orphan(hashOf(100)), 'p');
    expect(pool.takeChildrenOf(hashOf(999))).toEqual([]);
    expect(pool.size).toBe(1);
  });

  it('frees room when children are taken, so later orphans do not evict the survivors', () => {
    const pool = new OrphanPool(2);
    pool.add(hashOf(1), orphan(hashOf(100)), 'p');
    pool.add(hashOf(2), orphan(hashOf(200)), 'p');
    pool.takeChildrenOf(hashOf(200));
    pool.add(hashOf(3), orphan(hashOf(300)), 'p');
    expect(pool.has(hashOf(1))).toBe(true);
    expect(pool.has(hashOf(3))).toBe(true);
  });
});
