import { describe, expect, it } from 'vitest';
import { seededRandom } from '../../testing/seeded-random';
import {
  bucketIndex,
  compareDistance,
  idFromBytes,
  idToBytes,
  isNodeId,
  keyFromHash,
  nodeIdFrom,
  nodeIdFromName,
  randomId,
  randomIdInBucket,
  sharedPrefixLength,
  xorDistance,
} from './id';

const random = seededRandom(160);
const ids = Array.from({ length: 60 }, () => randomId(random));
const triples = ids.flatMap((a, i) => ids.slice(i + 1, i + 6).map((b, j) => [a, b, ids[(i + j * 7 + 3) % ids.length]!] as const));

describe('node ids', () => {
  it('are the first 20 bytes of SHA-256 of a name', () => {
    // SHA-256("abc") = ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad (FIPS 180-2)
    expect(nodeIdFromName('abc')).toBe('ba7816bf8f01cfea414140de5dae2223b00361a3');
    expect(nodeIdFrom(new TextEncoder().encode('abc'))).toBe(nodeIdFromName('abc'));
    expect(isNodeId(nodeIdFromName('tab-1'))).toBe(true);
  });

  it('turn a 32-byte block hash into a key by keeping its first 20 bytes', () => {
    const hash = 'ab'.repeat(20) + 'cd'.repeat(12);
    expect(keyFromHash(hash)).toBe('ab'.repeat(20));
    expect(() => keyFromHash('xyz')).toThrow();
  });

  it('round-trip through bytes and refuse what is not 40 lowercase hex digits', () => {
    for (const id of ids.slice(0, 5)) expect(idFromBytes(idToBytes(id))).toBe(id);
    for (const bad of ['', 'A'.repeat(40), '0'.repeat(39), '0'.repeat(41), 'g'.repeat(40), 42, null]) {
      expect(isNodeId(bad)).toBe(false);
    }
  });
});

describe('XOR distance (§2.1)', () => {
  it('is zero exactly from an id to itself', () => {
    for (const a of ids) expect(xorDistance(a, a)).toBe(0n);
    for (const [a, b] of triples) expect(xorDistance(a, b) > 0n).toBe(true);
  });

  it('is symmetric', () => {
    for (const [a, b] of triples) expect(xorDistance(a, b)).toBe(xorDistance(b, a));
  });

  it('obeys the triangle inequality', () => {
    for (const [a, b, c] of triples) {
      // d(a,b) XOR d(b,c) = d(a,c), and x XOR y ≤ x + y.
      expect(xorDistance(a, b) ^ xorDistance(b, c)).toBe(xorDistance(a, c));
      expect(xorDistance(a, c) <= xorDistance(a, b) + xorDistance(b, c)).toBe(true);
    }
  });

  it('is unidirectional: for a point and a distance there is exactly one id that far away', () => {
    for (const [a, b, c] of triples) {
      if (b === c) continue;
      expect(xorDistance(a, b)).not.toBe(xorDistance(a, c));
      const delta = xorDistance(a, b);
      expect((BigInt('0x' + a) ^ delta).toString(16).padStart(40, '0')).toBe(b);
    }
  });

  it('is ordered the same by compareDistance as by the bigint it stands for', () => {
    for (const [t, a, b] of triples) {
      const expected = Math.sign(Number(xorDistance(t, a) - xorDistance(t, b)));
      expect(Math.sign(compareDistance(t, a, b))).toBe(expected);
    }
  });
});

describe('prefixes and buckets', () => {
  it('count the leading bits two ids share', () => {
    expect(sharedPrefixLength('0'.repeat(40), '8' + '0'.repeat(39))).toBe(0);
    expect(sharedPrefixLength('0'.repeat(40), '1' + '0'.repeat(39))).toBe(3);
    expect(sharedPrefixLength('0'.repeat(40), '0'.repeat(39) + '1')).toBe(159);
    expect(sharedPrefixLength(ids[0]!, ids[0]!)).toBe(160);
    for (const [a, b] of triples) {
      const d = xorDistance(a, b);
      expect(sharedPrefixLength(a, b)).toBe(160 - d.toString(2).length);
    }
  });

  it('never give a node a bucket for itself', () => {
    expect(bucketIndex(ids[0]!, ids[0]!)).toBeNull();
    expect(bucketIndex(ids[0]!, ids[1]!)).toBe(sharedPrefixLength(ids[0]!, ids[1]!));
  });

  it('can be refreshed with a random id that really falls in the bucket', () => {
    const self = ids[0]!;
    for (let i = 0; i < 160; i++) expect(bucketIndex(self, randomIdInBucket(self, i, random))).toBe(i);
    expect(() => randomIdInBucket(self, 160, random)).toThrow();
  });
});
