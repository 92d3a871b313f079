/**
 * Loads the four-lane SHA-256 WebAssembly module (assembly/sha256x4.ts) from its bytes and offers
 * it as a drop-in for `searchNonce`. Takes bytes, not a URL, so the same code runs in a Web Worker
 * (bytes fetched from a Vite asset URL) and in Node tests (bytes read from disk).
 */
import { serializeHeader, type BlockHeader } from '../../../shared/chain/header';
import type { NonceSearch } from '../../../shared/chain/pow';
import { targetFromBits } from '../../../shared/chain/target';

const NONCE_LIMIT = 0x1_0000_0000;
/** The module counts in u32 and steps by four: keep one call well inside that. */
const MAX_CALL = 1 << 30;
const IV = [0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19];

interface Sha256x4Exports {
  memory: WebAssembly.Memory;
  ioPointer(): number;
  setTemplate(): void;
  search(start: number, count: number, targetTop: number): number;
  digestGroup(base: number): number;
  compressLanes(): void;
}

export interface WasmMiner {
  /** Same contract as `searchNonce(header, startNonce, count)`, and the same first nonce. */
  search(header: BlockHeader, startNonce: number, count: number): NonceSearch;
  /** Double SHA-256 of the header with this nonce, hex, computed by the mining code path. */
  hashNonce(header: BlockHeader, nonce: number): string;
  /**
   * The WebAssembly prefilter alone: offset from `startNonce` of the first nonce whose hash's
   * first 32 bits are at most `firstWord` (unsigned), or `count`. Exposed for tests.
   */
  firstCandidate(header: BlockHeader, startNonce: number, count: number, firstWord: number): number;
  /**
   * Test entry: SHA-256 of one to four messages at once, each in its own lane of the same
   * compression function the miner uses (padding per FIPS 180-4 §5.1.1 done here).
   */
  sha256Lanes(messages: Uint8Array[]): Uint8Array[];
}

/** Compiles the module; rejects where WebAssembly SIMD is missing, which callers treat as "use JS". */
export async function createWasmMiner(bytes: BufferSource): Promise<WasmMiner> {
  const { instance } = await WebAssembly.instantiate(bytes, {});
  return wrap(instance.exports as unknown as Sha256x4Exports);
}

function wrap(wasm: Sha256x4Exports): WasmMiner {
  // Little-endian u32 views, as WebAssembly memory is on every platform a browser runs on.
  const words = () => new Uint32Array(wasm.memory.buffer);
  const io = wasm.ioPointer() >>> 2;
  let template: Uint32Array | null = null;

  /** Loads header words 0..18 unless they are the loaded template already (the usual slice). */
  function useTemplate(header: BlockHeader): void {
    const bytes = serializeHeader(header);
    const view = new DataView(bytes.buffer);
    const next = new Uint32Array(19);
    for (let i = 0; i < 19; i++) next[i] = view.getUint32(i * 4, false);
    if (template && template.every((word, i) => word === next[i])) return;
    words().set(next, io);
    wasm.setTemplate();
    template = next;
  }

  function digestHex(nonce: number): string {
    const out = wasm.digestGroup(nonce >>> 0) >>> 2;
    const memory = words();
    let hex = '';
    for (let j = 0; j < 8; j++) hex += (memory[out + j * 4]! >>> 0).toString(16).padStart(8, '0');
    return hex;
  }

  return {
    search(header, startNonce, count) {
      const target = targetFromBits(header.bits);
      if (target === null) throw new RangeError(`invalid bits 0x${header.bits.toString(16)}`);
      useTemplate(header);
      // Only the first word is compared in WebAssembly; a tie there is settled below in full.
      const targetTop = Number(target >> 224n);
      const end = Math.min(NONCE_LIMIT, startNonce + count);
      let nonce = startNonce;
      while (nonce < end) {
        const n = Math.min(end - nonce, MAX_CALL);
        const offset = wasm.search(nonce, n, targetTop) >>> 0;
        if (offset >= n) {
          nonce += n;
          continue;
        }
        const candidate = nonce + offset;
        const hash = digestHex(candidate);
        if (BigInt('0x' + hash) <= target) {
          return { found: true, nonce: candidate, hash, tries: candidate - startNonce + 1 };
        }
        nonce = candidate + 1;
      }
      return { found: false, nextNonce: end, tries: end - startNonce, exhausted: end === NONCE_LIMIT };
    },

    firstCandidate(header, startNonce, count, firstWord) {
      useTemplate(header);
      return wasm.search(startNonce, Math.min(count, MAX_CALL), firstWord) >>> 0;
    },

    hashNonce(header, nonce) {
      useTemplate(header);
      return digestHex(nonce);
    },

    sha256Lanes(messages) {
      if (messages.length < 1 || messages.length > 4) throw new RangeError('one to four messages');
      const blocks = messages.map(padMessage);
      const states = messages.map(() => [...IV]);
      const rounds = Math.max(...blocks.map((b) => b.length / 64));
      for (let b = 0; b < rounds; b++) {
        const memory = words();
        memory.fill(0, io, io + 24 * 4);
        blocks.forEach((padded, lane) => {
          if (b * 64 >= padded.length) return;
          const view = new DataView(padded.buffer, b * 64, 64);
          for (let j = 0; j < 8; j++) memory[io + j * 4 + lane] = states[lane]![j]!;
          for (let j = 0; j < 16; j++) memory[io + (8 + j) * 4 + lane] = view.getUint32(j * 4, false);
        });
        wasm.compressLanes();
        blocks.forEach((padded, lane) => {
          if (b * 64 >= padded.length) return;
          for (let j = 0; j < 8; j++) states[lane]![j] = memory[io + j * 4 + lane]!;
        });
      }
      return states.map((state) => {
        const digest = new Uint8Array(32);
        const view = new DataView(digest.buffer);
        state.forEach((word, j) => view.setUint32(j * 4, word, false));
        return digest;
      });
    },
  };
}

/** Message, 0x80, zeros, then the bit length as a 64-bit big-endian integer: whole 64-byte blocks. */
function padMessage(message: Uint8Array): Uint8Array {
  const length = Math.ceil((message.length + 9) / 64) * 64;
  const padded = new Uint8Array(length);
  padded.set(message);
  padded[message.length] = 0x80;
  const view = new DataView(padded.buffer);
  const bits = message.length * 8;
  view.setUint32(length - 8, Math.floor(bits / 0x1_0000_0000), false);
  view.setUint32(length - 4, bits >>> 0, false);
  return padded;
}
