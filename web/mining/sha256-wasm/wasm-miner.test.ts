import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { jsProbe, searchWithBest } from '../../../shared/chain/best-search';
import { headerHash, type BlockHeader } from '../../../shared/chain/header';
import { searchNonce } from '../../../shared/chain/pow';
import { bitsForDifficulty } from '../../../shared/chain/target';
import { seededRandom } from '../../../shared/testing/mesh-sim';
import { createWasmMiner, type WasmMiner } from './wasm-miner';

// Built by `npm run build:wasm`, which `npm run test:unit` runs first.
const WASM = new URL('./build/sha256x4.wasm', import.meta.url);
const NONCE_LIMIT = 2 ** 32;
let miner: WasmMiner;
beforeAll(async () => {
  miner = await createWasmMiner(readFileSync(WASM));
});

const hex32 = (random: () => number) =>
  Array.from({ length: 32 }, () => Math.floor(random() * 256).toString(16).padStart(2, '0')).join('');

function randomHeader(random: () => number, difficulty: number): BlockHeader {
  return {
    version: Math.floor(random() * 2 ** 32),
    prevHash: hex32(random),
    merkleRoot: hex32(random),
    time: Math.floor(random() * 2 ** 32),
    bits: bitsForDifficulty(difficulty),
    nonce: 0,
  };
}

describe('WebAssembly miner against the JS reference searchNonce', () => {
  it('hashes 200 random headers at random nonces exactly as headerHash does', () => {
    const random = seededRandom(0xdecaf);
    for (let i = 0; i < 200; i++) {
      const header = randomHeader(random, 1 + (i % 20));
      const nonce = i < 4 ? [0, 1, 0xfffffffe, 0xffffffff][i]! : Math.floor(random() * 2 ** 32);
      expect(miner.hashNonce(header, nonce)).toBe(headerHash({ ...header, nonce }));
    }
  });

  it('returns the same first nonce, hash and tries as searchNonce for 60 random headers', () => {
    const random = seededRandom(0xb10c);
    for (let i = 0; i < 60; i++) {
      const header = randomHeader(random, 2 + (i % 9)); // up to 10 bits: ~1,000 tries each
      const start = Math.floor(random() * 2 ** 31) + (i % 4); // every alignment to the four lanes
      const reference = searchNonce(header, start, 1 << 16);
      expect(reference.found).toBe(true);
      expect(miner.search(header, start, 1 << 16)).toEqual(reference);
      if (reference.found) expect(reference.hash).toBe(headerHash({ ...header, nonce: reference.nonce }));
    }
  });

  it('stops exactly at the end of its range, even inside a group of four nonces', () => {
    const random = seededRandom(7);
    for (let i = 0; i < 30; i++) {
      const header = randomHeader(random, 6);
      const first = searchNonce(header, 0, 1 << 16);
      if (!first.found) throw new Error('no nonce in 2^16 tries at 6 bits');
      // A range that ends one short of the first hit must report no hit, and where to resume.
      const short = { found: false, nextNonce: first.nonce, tries: first.nonce, exhausted: false };
      expect(miner.search(header, 0, first.nonce)).toEqual(short);
      expect(miner.search(header, 0, first.nonce + 1)).toEqual(first);
    }
  });

  it('reports the top of the nonce space as exhausted, like searchNonce', () => {
    const header = randomHeader(seededRandom(99), 30); // hard enough that 50 tries find nothing
    const start = NONCE_LIMIT - 50;
    expect(miner.search(header, start, 1000)).toEqual(searchNonce(header, start, 1000));
    expect(miner.search(header, start, 1000)).toMatchObject({ found: false, nextNonce: NONCE_LIMIT, exhausted: true });
  });

  it('agrees with searchNonce on difficulty 0 and on an empty range', () => {
    const header = randomHeader(seededRandom(5), 0);
    expect(miner.search(header, 12345, 10)).toEqual(searchNonce(header, 12345, 10));
    expect(miner.search(header, 12345, 0)).toEqual(searchNonce(header, 12345, 0));
  });

  it('prefilters on the first hash word: the first candidate is the first nonce at or below it', () => {
    const random = seededRandom(0xf17e);
    for (let i = 0; i < 20; i++) {
      const header = randomHeader(random, 8);
      const firstWord = Math.floor(random() * 2 ** 26); // about one nonce in 64
      const start = Math.floor(random() * 2 ** 31);
      const offset = miner.firstCandidate(header, start, 1 << 14, firstWord);
      let expected = 0;
      while (expected < 1 << 14 && parseInt(headerHash({ ...header, nonce: start + expected }).slice(0, 8), 16) > firstWord) {
        expected++;
      }
      expect(offset).toBe(expected);
    }
  });

  it('refuses invalid bits as searchNonce does', () => {
    const header = { ...randomHeader(seededRandom(1), 4), bits: 0 };
    expect(() => searchNonce(header, 0, 10)).toThrow(RangeError);
    expect(() => miner.search(header, 0, 10)).toThrow(RangeError);
  });

  it('follows a change of template between calls (a new tip or extra nonce)', () => {
    const random = seededRandom(3);
    const a = randomHeader(random, 8);
    const b = { ...a, merkleRoot: hex32(random) };
    for (const header of [a, b, a]) expect(miner.search(header, 0, 1 << 16)).toEqual(searchNonce(header, 0, 1 << 16));
  });

  it('is a prefilter for the best-hash search: the same find and the same best miss as plain JS', () => {
    const random = seededRandom(5);
    for (const difficulty of [6, 12, 30]) {
      const header = randomHeader(random, difficulty);
      let wasm: string | null = null;
      let js: string | null = null;
      for (let start = 0; start < 4_096; start += 1_024) {
        const a = searchWithBest(miner, header, start, 1_024, wasm);
        const b = searchWithBest(jsProbe(), header, start, 1_024, js);
        expect(a).toEqual(b);
        [wasm, js] = [a.best, b.best];
      }
    }
  });
});
