import { describe, it, expect } from 'vitest';
import { concatBytes, fromHex, toHex } from './bytes';
import { sha256d, utf8 } from './hash';
import { merkleRoot, txHash } from './merkle';

/** sha256d(left || right), over the raw 32-byte hashes. */
const pair = (left: string, right: string): string =>
  toHex(sha256d(concatBytes(fromHex(left), fromHex(right))));

describe('txHash', () => {
  it('is the double SHA-256 of the UTF-8 text, in hex', () => {
    expect(txHash('hello')).toBe('9595c9df90075148eb06860365df33584b75bff782a510c6cd4883a419833d50');
    expect(txHash('é')).toBe(toHex(sha256d(utf8('é'))));
  });
});

describe('merkleRoot', () => {
  const [a, b, c, d] = ['coinbase 1 alice 0', 'tx b', 'tx c', 'tx d'] as const;

  it('of one transaction is that transaction’s hash', () => {
    expect(merkleRoot([a])).toBe(txHash(a));
  });

  it('of two transactions hashes their two hashes together, in order', () => {
    expect(merkleRoot([a, b])).toBe(pair(txHash(a), txHash(b)));
    expect(merkleRoot([b, a])).not.toBe(merkleRoot([a, b]));
  });

  it('of three transactions pairs the odd last hash with itself', () => {
    const expected = pair(pair(txHash(a), txHash(b)), pair(txHash(c), txHash(c)));
    expect(merkleRoot([a, b, c])).toBe(expected);
  });

  it('of [a, b, c] equals that of [a, b, c, c] (why duplicates are rejected elsewhere)', () => {
    expect(merkleRoot([a, b, c])).toBe(merkleRoot([a, b, c, c]));
  });

  it('of four transactions is a balanced two-level tree', () => {
    expect(merkleRoot([a, b, c, d])).toBe(pair(pair(txHash(a), txHash(b)), pair(txHash(c), txHash(d))));
  });

  it('of five transactions duplicates at every odd level', () => {
    const e = 'tx e';
    const ab = pair(txHash(a), txHash(b));
    const cd = pair(txHash(c), txHash(d));
    const ee = pair(txHash(e), txHash(e));
    expect(merkleRoot([a, b, c, d, e])).toBe(pair(pair(ab, cd), pair(ee, ee)));
  });

  it('changes when any transaction changes', () => {
    expect(merkleRoot([a, b, c])).not.toBe(merkleRoot([a, b, 'tx C']));
  });

  it('throws for an empty list', () => {
    expect(() => merkleRoot([])).toThrow(RangeError);
  });
});
