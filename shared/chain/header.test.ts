import { describe, it, expect } from 'vitest';
import { concatBytes, fromHex, toHex, ZERO_HASH } from './bytes';
import { sha256d, utf8 } from './hash';
import { headerHash, HEADER_BYTES, NONCE_OFFSET, serializeHeader, type BlockHeader } from './header';

/** Bitcoin displays hashes byte-reversed; our headers keep serialization/output order. */
const reverseHex = (hex: string): string => toHex(fromHex(hex).reverse());

const BITCOIN_GENESIS: BlockHeader = {
  version: 1,
  prevHash: ZERO_HASH,
  merkleRoot: reverseHex('4a5e1e4baab89f3a32518a88c31bc87f618f76673e2cc77ab2127b7afdeda33b'),
  time: 1231006505,
  bits: 0x1d00ffff,
  nonce: 2083236893,
};
const BITCOIN_GENESIS_HASH = reverseHex('000000000019d6689c085ae165831e934ff763ae46a2a6c172b3f1b60a8ce26f');

describe('sha256d', () => {
  it('double-hashes "hello" to the known value', () => {
    expect(toHex(sha256d(utf8('hello')))).toBe(
      '9595c9df90075148eb06860365df33584b75bff782a510c6cd4883a419833d50',
    );
  });

  it('double-hashes the empty input to the known value', () => {
    expect(toHex(sha256d(new Uint8Array(0)))).toBe(
      '5df6e0e2761359d30a8275058e299fcc0381534545f55cf43e41983f5d4c9456',
    );
  });

  it('hashes UTF-8 bytes, not UTF-16 code units', () => {
    expect(utf8('é')).toEqual(new Uint8Array([0xc3, 0xa9]));
    expect(toHex(sha256d(utf8('é')))).toBe(toHex(sha256d(new Uint8Array([0xc3, 0xa9]))));
  });
});

describe('bytes helpers', () => {
  it('concatBytes joins parts in order', () => {
    const joined = concatBytes(new Uint8Array([1, 2]), new Uint8Array(0), new Uint8Array([3]));
    expect(Array.from(joined)).toEqual([1, 2, 3]);
  });

  it('toHex/fromHex round trip lower-case hex', () => {
    expect(toHex(fromHex('00ff10ab'))).toBe('00ff10ab');
  });
});

describe('serializeHeader', () => {
  const header: BlockHeader = {
    version: 0x01020304,
    prevHash: '11'.repeat(31) + 'aa',
    merkleRoot: 'bb' + '22'.repeat(31),
    time: 0x05060708,
    bits: 0x1d00ffff,
    nonce: 0xdeadbeef,
  };
  const bytes = serializeHeader(header);

  it('is 80 bytes', () => {
    expect(HEADER_BYTES).toBe(80);
    expect(bytes.length).toBe(80);
  });

  it('puts version little-endian at 0', () => {
    expect(Array.from(bytes.slice(0, 4))).toEqual([0x04, 0x03, 0x02, 0x01]);
  });

  it('copies prevHash (4..36) and merkleRoot (36..68) as raw bytes, not reversed', () => {
    expect(toHex(bytes.slice(4, 36))).toBe(header.prevHash);
    expect(toHex(bytes.slice(36, 68))).toBe(header.merkleRoot);
  });

  it('puts time at 68 and bits at 72, little-endian', () => {
    expect(Array.from(bytes.slice(68, 72))).toEqual([0x08, 0x07, 0x06, 0x05]);
    expect(Array.from(bytes.slice(72, 76))).toEqual([0xff, 0xff, 0x00, 0x1d]);
  });

  it('puts the nonce little-endian at 76 (NONCE_OFFSET)', () => {
    expect(NONCE_OFFSET).toBe(76);
    expect(Array.from(bytes.slice(76, 80))).toEqual([0xef, 0xbe, 0xad, 0xde]);
  });

  it("reproduces Bitcoin's genesis header bytes", () => {
    const hex = toHex(serializeHeader(BITCOIN_GENESIS));
    expect(hex).toBe(
      '01000000' +
        '00'.repeat(32) +
        '3ba3edfd7a7b12b27ac72c3e67768f617fc81bc3888a51323a9fb8aa4b1e5e4a' +
        '29ab5f49' +
        'ffff001d' +
        '1dac2b7c',
    );
  });
});

describe('headerHash', () => {
  it("gives Bitcoin's genesis hash (in output byte order) for Bitcoin's genesis header", () => {
    expect(headerHash(BITCOIN_GENESIS)).toBe(BITCOIN_GENESIS_HASH);
    // In output order the proof-of-work zeros are at the end of the hex, as Bitcoin stores it.
    expect(BITCOIN_GENESIS_HASH.endsWith('00000000')).toBe(true);
  });

  it('is the double SHA-256 of the serialized header', () => {
    expect(headerHash(BITCOIN_GENESIS)).toBe(toHex(sha256d(serializeHeader(BITCOIN_GENESIS))));
  });

  it('changes when only the nonce changes', () => {
    expect(headerHash({ ...BITCOIN_GENESIS, nonce: BITCOIN_GENESIS.nonce + 1 })).not.toBe(
      BITCOIN_GENESIS_HASH,
    );
  });
});
