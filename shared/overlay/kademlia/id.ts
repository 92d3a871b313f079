/**
 * Kademlia's identifier space (Maymounkov & Mazières 2002, §2): nodes and keys share one space of
 * 160-bit ids, and the distance between two ids is their bitwise XOR read as an integer (§2.1).
 *
 * Ids travel and are stored as 40 lowercase hex digits. Strings are the cheapest thing to keep
 * millions of (one pointer each in a bucket) and to use as Map keys; the hot comparisons below
 * read them a hex digit at a time instead of converting to bigint.
 */
import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex, hexToBytes, utf8ToBytes } from '@noble/hashes/utils.js';

/** 40 lowercase hex digits: 160 bits. */
export type NodeId = string;

export const ID_BITS = 160;
export const ID_BYTES = 20;
export const ID_HEX_LENGTH = 40;
export const NODE_ID_PATTERN = /^[0-9a-f]{40}$/;

export const isNodeId = (value: unknown): value is NodeId =>
  typeof value === 'string' && value.length === ID_HEX_LENGTH && NODE_ID_PATTERN.test(value);

/** The first 20 bytes of SHA-256 of `bytes` (§2: ids come from a cryptographic hash). */
export function nodeIdFrom(bytes: Uint8Array): NodeId {
  return bytesToHex(sha256(bytes).subarray(0, ID_BYTES));
}

/** The id of a named thing (a tab, a simulated node): SHA-256 of its UTF-8 name, cut to 160 bits. */
export const nodeIdFromName = (name: string): NodeId => nodeIdFrom(utf8ToBytes(name));

/**
 * The DHT key of a block or transaction: the first 20 bytes of its 32-byte hash, given as the
 * 64-hex string the chain code uses. Content-addressed, so any node can check a value against it.
 */
export function keyFromHash(hashHex: string): NodeId {
  if (!/^[0-9a-f]{64}$/.test(hashHex)) throw new Error(`not a 32-byte hex hash: ${hashHex.slice(0, 80)}`);
  return hashHex.slice(0, ID_HEX_LENGTH);
}

export const idToBytes = (id: NodeId): Uint8Array => hexToBytes(id);
export function idFromBytes(bytes: Uint8Array): NodeId {
  if (bytes.length !== ID_BYTES) throw new Error(`an id is ${ID_BYTES} bytes, got ${bytes.length}`);
  return bytesToHex(bytes);
}

/** Value of one lowercase hex digit, given its char code (ids are validated before they get here). */
const digit = (code: number): number => (code <= 57 ? code - 48 : code - 87);
const HEX = '0123456789abcdef';

/** d(a, b) = a XOR b as an integer (§2.1). For display and proofs; hot paths use compareDistance. */
export function xorDistance(a: NodeId, b: NodeId): bigint {
  return BigInt('0x' + a) ^ BigInt('0x' + b);
}

/**
 * Which of `a` and `b` is closer to `target`: negative if `a`, positive if `b`, 0 if a === b.
 * XOR is decided by the first bit where a and b differ, so one pass over the hex digits suffices
 * and nothing is allocated: this is called millions of times in a 10,000-node simulation.
 */
export function compareDistance(target: NodeId, a: NodeId, b: NodeId): number {
  for (let i = 0; i < ID_HEX_LENGTH; i++) {
    const ca = a.charCodeAt(i);
    const cb = b.charCodeAt(i);
    if (ca !== cb) {
      const t = digit(target.charCodeAt(i));
      return (digit(ca) ^ t) < (digit(cb) ^ t) ? -1 : 1;
    }
  }
  return 0;
}

/** Number of leading bits `a` and `b` have in common: 160 when equal. */
export function sharedPrefixLength(a: NodeId, b: NodeId): number {
  for (let i = 0; i < ID_HEX_LENGTH; i++) {
    const x = digit(a.charCodeAt(i)) ^ digit(b.charCodeAt(i));
    if (x !== 0) return i * 4 + Math.clz32(x) - 28;
  }
  return ID_BITS;
}

/**
 * The k-bucket `other` belongs in, seen from `self`: the length of their shared prefix, 0..159
 * (§2.2 numbers buckets by the distance's highest bit, i = 159 - prefix; counting the prefix
 * instead makes bucket 0 the far half of the space). `null` for self: a node never files itself.
 */
export function bucketIndex(self: NodeId, other: NodeId): number | null {
  const prefix = sharedPrefixLength(self, other);
  return prefix === ID_BITS ? null : prefix;
}

/** Value of bit `i` (0 = most significant) of an id. */
export function bitAt(id: NodeId, i: number): number {
  return (digit(id.charCodeAt(i >> 2)) >> (3 - (i & 3))) & 1;
}

/** A uniformly random id from an injected source of [0, 1) numbers. */
export function randomId(random: () => number): NodeId {
  let out = '';
  for (let i = 0; i < ID_HEX_LENGTH; i++) out += HEX[Math.floor(random() * 16)];
  return out;
}

/**
 * A random id in bucket `index` of `self`: the first `index` bits of self, then the opposite of
 * self's next bit, then random bits. Looking it up refreshes that bucket (§2.3).
 */
export function randomIdInBucket(self: NodeId, index: number, random: () => number): NodeId {
  if (index < 0 || index >= ID_BITS) throw new Error(`no bucket ${index}`);
  const bits: number[] = [];
  for (let i = 0; i < ID_BITS; i++) {
    if (i < index) bits.push(bitAt(self, i));
    else if (i === index) bits.push(1 - bitAt(self, i));
    else bits.push(random() < 0.5 ? 0 : 1);
  }
  let out = '';
  for (let i = 0; i < ID_BITS; i += 4) out += HEX[(bits[i]! << 3) | (bits[i + 1]! << 2) | (bits[i + 2]! << 1) | bits[i + 3]!];
  return out;
}
