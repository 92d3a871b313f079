import { describe, expect, it } from 'vitest';
import { headerFields, serializeHeader, type BlockHeader } from './header';
import { toHex } from './bytes';

const header: BlockHeader = {
  version: 1,
  prevHash: 'aa'.repeat(32),
  merkleRoot: 'bb'.repeat(32),
  time: 0x01020304,
  bits: 0x1f00ffff,
  nonce: 0xdeadbeef,
};

describe('headerFields', () => {
  it('cuts the 80 serialised bytes into the six fields, in order, with nothing left over', () => {
    const fields = headerFields(header);
    expect(fields.map((f) => f.hex).join('')).toBe(toHex(serializeHeader(header)));
    expect(fields.map((f) => [f.name, f.offset, f.size])).toEqual([
      ['version', 0, 4],
      ['prevHash', 4, 32],
      ['merkleRoot', 36, 32],
      ['time', 68, 4],
      ['bits', 72, 4],
      ['nonce', 76, 4],
    ]);
  });

  it('shows integers little-endian in the bytes and readable in the value', () => {
    const byName = Object.fromEntries(headerFields(header).map((f) => [f.name, f]));
    expect(byName.nonce).toMatchObject({ hex: 'efbeadde', value: String(0xdeadbeef) });
    expect(byName.bits).toMatchObject({ hex: 'ffff001f', value: '0x1f00ffff' });
    expect(byName.time!.value).toMatch(/^16909060 \(1970-07-15T16:57:40/);
  });
});
