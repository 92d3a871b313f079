// @ts-nocheck — AssemblyScript, compiled by `npm run build:wasm` (asc), not by tsc. The project's
// tsc sees every .ts under web/, and asc only reads .ts files, so this opts the file out of tsc.
/**
 * SHA-256 for proof of work, four lanes at once in WebAssembly SIMD (FIPS 180-4, §6.2). Every
 * SHA-256 operation is 32-bit, so one i32x4 holds the same word of four independent hashes; lane j
 * of every vector belongs to nonce `base + j`. All buffers are static (no allocator, no GC):
 * vectors are stored word-major, `word i` at `buffer + 16 * i`.
 *
 * Mining one nonce costs two compressions, as in Bitcoin miners since the earliest GPU kernels:
 * the first 64 header bytes never change within a template, so their compression (the midstate)
 * is done once in `setTemplate`; per nonce we compress the header's last 16 bytes plus padding,
 * then the 32-byte digest plus padding. The rounds whose inputs are all constant per template
 * are also done once (see `setTemplate`).
 */

const K: usize = memory.data<u32>([
  0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
  0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
  0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
  0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
  0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
  0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
  0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
  0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2,
]);
const IV: usize = memory.data<u32>([
  0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19,
]);

/**
 * Inputs from the loader: header words (big-endian decoded) for `setTemplate`; for `compressLanes`
 * 8 state vectors then a 64-vector schedule, of which the loader fills the first 16 (the block).
 */
const IO: usize = memory.data((8 + 64) * 16, 16);
const K4: usize = memory.data(64 * 16, 16); // K[i] in all four lanes
const IV4: usize = memory.data(8 * 16, 16);
const MID: usize = memory.data(8 * 16, 16); // midstate of header bytes 0..63
const MID3: usize = memory.data(8 * 16, 16); // ... then rounds 0..2 of the second block (nonce-free)
const W1: usize = memory.data(64 * 16, 16); // schedule of the first hash's second block
const W2: usize = memory.data(64 * 16, 16); // schedule of the second hash's only block
const OUT: usize = memory.data(8 * 16, 16);

for (let i: usize = 0; i < 64; i++) v128.store(K4 + i * 16, v128.load32_splat(K + i * 4));
for (let i: usize = 0; i < 8; i++) v128.store(IV4 + i * 16, v128.load32_splat(IV + i * 4));

@inline function add(a: v128, b: v128): v128 {
  return i32x4.add(a, b);
}
@inline function rotr(x: v128, n: i32): v128 {
  return v128.or(i32x4.shr_u(x, n), i32x4.shl(x, 32 - n));
}
@inline function bigSigma0(a: v128): v128 {
  return v128.xor(v128.xor(rotr(a, 2), rotr(a, 13)), rotr(a, 22));
}
@inline function bigSigma1(e: v128): v128 {
  return v128.xor(v128.xor(rotr(e, 6), rotr(e, 11)), rotr(e, 25));
}
@inline function smallSigma0(w: v128): v128 {
  return v128.xor(v128.xor(rotr(w, 7), rotr(w, 18)), i32x4.shr_u(w, 3));
}
@inline function smallSigma1(w: v128): v128 {
  return v128.xor(v128.xor(rotr(w, 17), rotr(w, 19)), i32x4.shr_u(w, 10));
}
/** T1 = h + Σ1(e) + Ch(e, f, g) + K[i] + W[i]; Ch is "e ? f : g". */
@inline function t1(e_: v128, f_: v128, g_: v128, h_: v128, kw_: v128): v128 {
  return add(add(h_, bigSigma1(e_)), add(v128.bitselect(f_, g_, e_), kw_));
}
/** Σ0(a) + Maj(a, b, c); Maj is "b where b equals c, else a". */
@inline function t2(a_: v128, b_: v128, c_: v128): v128 {
  return add(bigSigma0(a_), v128.bitselect(a_, b_, v128.xor(b_, c_)));
}
@inline function kw(round: usize, schedule: usize): v128 {
  return add(v128.load(K4 + round * 16), v128.load(schedule + round * 16));
}

/** W[from..63] from the words before, in place (FIPS 180-4, §6.2.2 step 1); `from` ≥ 16. */
@inline function expand(w: usize, from: usize = 16): void {
  for (let p = w + (from - 16) * 16; p < w + 48 * 16; p += 16) {
    const s1 = smallSigma1(v128.load(p, 14 * 16));
    const s0 = smallSigma0(v128.load(p, 1 * 16));
    v128.store(p, add(add(s1, v128.load(p, 9 * 16)), add(s0, v128.load(p))), 16 * 16);
  }
}

/** The first three of the eight rotating round lines; `rounds` has the other five. */
@inline function firstThreeRounds(state: usize, w: usize, out: usize): void {
  let a = v128.load(state, 0 * 16), b = v128.load(state, 1 * 16);
  let c = v128.load(state, 2 * 16), d = v128.load(state, 3 * 16);
  let e = v128.load(state, 4 * 16), f = v128.load(state, 5 * 16);
  let g = v128.load(state, 6 * 16), h = v128.load(state, 7 * 16);
  let t: v128;
  t = t1(e, f, g, h, kw(0, w)); d = add(d, t); h = add(t, t2(a, b, c));
  t = t1(d, e, f, g, kw(1, w)); c = add(c, t); g = add(t, t2(h, a, b));
  t = t1(c, d, e, f, kw(2, w)); b = add(b, t); f = add(t, t2(g, h, a));
  // After three lines the state's a..h sit in f, g, h, a, b, c, d, e: store them in a..h order.
  v128.store(out, f, 0 * 16); v128.store(out, g, 1 * 16); v128.store(out, h, 2 * 16); v128.store(out, a, 3 * 16);
  v128.store(out, b, 4 * 16); v128.store(out, c, 5 * 16); v128.store(out, d, 6 * 16); v128.store(out, e, 7 * 16);
}

/**
 * Rounds `from`..63 (`from` 0, or 3 after `firstThreeRounds`) on the state at `state`, then
 * out = feed + result (the Davies–Meyer feed forward; `feed` is the state before round 0).
 * Each line is one round; the eight names rotate instead of eight moves per round.
 */
@inline function rounds(state: usize, from: usize, w: usize, out: usize, feed: usize): void {
  let a: v128, b: v128, c: v128, d: v128, e: v128, f: v128, g: v128, h: v128, t: v128;
  let i: usize = 0;
  if (from == 3) {
    f = v128.load(state, 0 * 16); g = v128.load(state, 1 * 16); h = v128.load(state, 2 * 16);
    a = v128.load(state, 3 * 16); b = v128.load(state, 4 * 16); c = v128.load(state, 5 * 16);
    d = v128.load(state, 6 * 16); e = v128.load(state, 7 * 16);
    t = t1(b, c, d, e, kw(3, w)); a = add(a, t); e = add(t, t2(f, g, h));
    t = t1(a, b, c, d, kw(4, w)); h = add(h, t); d = add(t, t2(e, f, g));
    t = t1(h, a, b, c, kw(5, w)); g = add(g, t); c = add(t, t2(d, e, f));
    t = t1(g, h, a, b, kw(6, w)); f = add(f, t); b = add(t, t2(c, d, e));
    t = t1(f, g, h, a, kw(7, w)); e = add(e, t); a = add(t, t2(b, c, d));
    i = 8;
  } else {
    a = v128.load(state, 0 * 16); b = v128.load(state, 1 * 16); c = v128.load(state, 2 * 16);
    d = v128.load(state, 3 * 16); e = v128.load(state, 4 * 16); f = v128.load(state, 5 * 16);
    g = v128.load(state, 6 * 16); h = v128.load(state, 7 * 16);
  }
  for (; i < 64; i += 8) {
    t = t1(e, f, g, h, kw(i + 0, w)); d = add(d, t); h = add(t, t2(a, b, c));
    t = t1(d, e, f, g, kw(i + 1, w)); c = add(c, t); g = add(t, t2(h, a, b));
    t = t1(c, d, e, f, kw(i + 2, w)); b = add(b, t); f = add(t, t2(g, h, a));
    t = t1(b, c, d, e, kw(i + 3, w)); a = add(a, t); e = add(t, t2(f, g, h));
    t = t1(a, b, c, d, kw(i + 4, w)); h = add(h, t); d = add(t, t2(e, f, g));
    t = t1(h, a, b, c, kw(i + 5, w)); g = add(g, t); c = add(t, t2(d, e, f));
    t = t1(g, h, a, b, kw(i + 6, w)); f = add(f, t); b = add(t, t2(c, d, e));
    t = t1(f, g, h, a, kw(i + 7, w)); e = add(e, t); a = add(t, t2(b, c, d));
  }
  v128.store(out, add(a, v128.load(feed, 0 * 16)), 0 * 16);
  v128.store(out, add(b, v128.load(feed, 1 * 16)), 1 * 16);
  v128.store(out, add(c, v128.load(feed, 2 * 16)), 2 * 16);
  v128.store(out, add(d, v128.load(feed, 3 * 16)), 3 * 16);
  v128.store(out, add(e, v128.load(feed, 4 * 16)), 4 * 16);
  v128.store(out, add(f, v128.load(feed, 5 * 16)), 5 * 16);
  v128.store(out, add(g, v128.load(feed, 6 * 16)), 6 * 16);
  v128.store(out, add(h, v128.load(feed, 7 * 16)), 7 * 16);
}

@inline function compress(state: usize, w: usize, out: usize): void {
  expand(w);
  rounds(state, 0, w, out, state);
}

/** Test entry: IO holds 8 state vectors then 16 block vectors (words); the new state replaces the old. */
export function compressLanes(): void {
  compress(IO, IO + 8 * 16, IO);
}

/** Where the loader writes inputs: see `compressLanes` and `setTemplate`. */
export function ioPointer(): usize {
  return IO;
}

/** Takes the 20 header words at IO (one u32 each, big-endian decoded); prepares the per-nonce work. */
export function setTemplate(): void {
  for (let i: usize = 0; i < 16; i++) v128.store(W1 + i * 16, v128.load32_splat(IO + i * 4));
  compress(IV4, W1, MID);
  // Second block: header bytes 64..79 (words 16..19, word 19 the nonce), then padding for 640 bits.
  for (let i: usize = 0; i < 3; i++) v128.store(W1 + i * 16, v128.load32_splat(IO + (16 + i) * 4));
  v128.store(W1 + 4 * 16, i32x4.splat(0x80000000));
  for (let i: usize = 5; i < 15; i++) v128.store(W1 + i * 16, i32x4.splat(0));
  v128.store(W1 + 15 * 16, i32x4.splat(640));
  firstThreeRounds(MID, W1, MID3);
  expand(W1); // W16 and W17 do not depend on the nonce (W3): `hashGroup` starts at W18
  // The second hash's block: 32 digest bytes, then padding for 256 bits.
  v128.store(W2 + 8 * 16, i32x4.splat(0x80000000));
  for (let i: usize = 9; i < 15; i++) v128.store(W2 + i * 16, i32x4.splat(0));
  v128.store(W2 + 15 * 16, i32x4.splat(256));
}

/** Double SHA-256 of the template with nonces base..base+3 into OUT. */
@inline function hashGroup(base: u32): void {
  const nonces = add(i32x4.splat(base), i32x4(0, 1, 2, 3));
  // The nonce is stored little-endian but SHA-256 reads big-endian words: swap bytes in each lane.
  v128.store(W1 + 3 * 16, v128.shuffle<u8>(nonces, nonces, 3, 2, 1, 0, 7, 6, 5, 4, 11, 10, 9, 8, 15, 14, 13, 12));
  expand(W1, 18);
  rounds(MID3, 3, W1, W2, MID);
  compress(IV4, W2, OUT);
}

/**
 * Tries nonces start..start+count-1 in order; returns the offset of the first whose hash's first
 * word is at most `targetTop` (the target's top 32 bits), or `count` if none. The loader checks
 * the full 256-bit comparison, which only a first word equal to `targetTop` leaves open.
 */
export function search(start: u32, count: u32, targetTop: u32): u32 {
  const top = i32x4.splat(targetTop);
  for (let offset: u32 = 0; offset < count; offset += 4) {
    hashGroup(start + offset);
    const hits = i32x4.bitmask(i32x4.le_u(v128.load(OUT), top));
    if (hits != 0) {
      const first = offset + <u32>ctz(hits);
      if (first < count) return first;
    }
  }
  return count;
}

/** Test and verification entry: the full double SHA-256 words of nonces base..base+3, in OUT. */
export function digestGroup(base: u32): usize {
  hashGroup(base);
  return OUT;
}
