import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex, utf8ToBytes } from '@noble/hashes/utils.js';
import { seededRandom } from '../../../shared/testing/mesh-sim';
import { createWasmMiner, type WasmMiner } from './wasm-miner';

// Built by `npm run build:wasm`, which `npm run test:unit` runs first.
const WASM = new URL('./build/sha256x4.wasm', import.meta.url);
let miner: WasmMiner;
beforeAll(async () => {
  miner = await createWasmMiner(readFileSync(WASM));
});

const hashOne = (message: Uint8Array) => bytesToHex(miner.sha256Lanes([message])[0]!);

function randomBytes(random: () => number, length: number): Uint8Array {
  return Uint8Array.from({ length }, () => Math.floor(random() * 256));
}

describe('four-lane SHA-256 compression (the miner\'s rounds)', () => {
  // FIPS 180-4 examples and the NIST CAVP short messages everyone checks against.
  const vectors: Array<[string, string]> = [
    ['abc', 'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad'],
    ['', 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855'],
    [
      'abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq',
      '248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1',
    ],
    [
      'abcdefghbcdefghicdefghijdefghijkefghijklfghijklmghijklmnhijklmnoijklmnopjklmnopqklmnopqrlmnopqrsmnopqrstnopqrstu',
      'cf5b16a778af8380036ce59e7b0492370b249b11e8f07a51afac45037afee9d1',
    ],
  ];
  for (const [message, digest] of vectors) {
    it(`hashes the NIST vector "${message.length > 8 ? message.slice(0, 8) + '…' : message}"`, () => {
      expect(hashOne(utf8ToBytes(message))).toBe(digest);
      expect(digest).toBe(bytesToHex(sha256(utf8ToBytes(message))));
    });
  }

  it('hashes a million "a" (15,625 blocks) as NIST says', () => {
    const digest = hashOne(new Uint8Array(1_000_000).fill(0x61));
    expect(digest).toBe('cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0');
  });

  it('matches @noble/hashes on 400 seeded random messages, four lanes of different lengths at a time', () => {
    const random = seededRandom(0x5ba256);
    // Lengths around the padding edges (55/56 bytes fit one block or spill into two) and beyond.
    const edges = [0, 1, 55, 56, 57, 63, 64, 65, 119, 120, 127, 128, 200];
    for (let round = 0; round < 100; round++) {
      const messages = Array.from({ length: 4 }, (_, lane) => {
        const length = round < edges.length ? edges[(round + lane) % edges.length]! : Math.floor(random() * 300);
        return randomBytes(random, length);
      });
      const digests = miner.sha256Lanes(messages).map(bytesToHex);
      expect(digests).toEqual(messages.map((m) => bytesToHex(sha256(m))));
    }
  });

  it('keeps lanes independent: the same message gives the same digest in every lane', () => {
    const message = utf8ToBytes('abc');
    const others = [utf8ToBytes(''), new Uint8Array(100), new Uint8Array(64).fill(0xff)];
    for (let lane = 0; lane < 4; lane++) {
      const messages = [...others];
      messages.splice(lane, 0, message);
      expect(bytesToHex(miner.sha256Lanes(messages)[lane]!)).toBe(vectors[0]![1]);
    }
  });
});
