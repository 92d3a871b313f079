import { describe, expect, it } from 'vitest';
import { NONCE_SPACE, splitNonceSpace } from '../miner-protocol';

describe('splitting the nonce space between workers', () => {
  for (const workers of [1, 2, 3, 7, 16]) {
    it(`gives ${workers} worker(s) contiguous ranges that cover every nonce exactly once`, () => {
      const ranges = splitNonceSpace(workers);
      expect(ranges).toHaveLength(workers);
      expect(ranges[0]!.startNonce).toBe(0);
      expect(ranges.at(-1)!.endNonce).toBe(NONCE_SPACE);
      ranges.forEach((range, i) => {
        expect(range.endNonce).toBeGreaterThan(range.startNonce);
        if (i > 0) expect(range.startNonce).toBe(ranges[i - 1]!.endNonce);
      });
    });
  }

  it('refuses zero or fractional worker counts', () => {
    expect(() => splitNonceSpace(0)).toThrow(RangeError);
    expect(() => splitNonceSpace(1.5)).toThrow(RangeError);
  });
});
