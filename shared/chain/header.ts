/**
 * The 80-byte block header, laid out as Bitcoin's: version, previous hash, merkle root, time,
 * compact target (`bits`), nonce; integers little-endian. The block hash is double SHA-256 of these
 * 80 bytes. Unlike Bitcoin we keep hashes in the byte order SHA-256 outputs them and compare them
 * to the target as big-endian numbers, so the leading zeros proof of work creates are the leading
 * zeros a student sees in the hex.
 */
import { fromHex, toHex } from './bytes';
import { sha256d } from './hash';

export interface BlockHeader {
  version: number;
  prevHash: string;
  merkleRoot: string;
  /** Seconds since the Unix epoch, as Bitcoin. */
  time: number;
  bits: number;
  nonce: number;
}

export const HEADER_BYTES = 80;
export const NONCE_OFFSET = 76;

export function serializeHeader(header: BlockHeader): Uint8Array {
  const bytes = new Uint8Array(HEADER_BYTES);
  const view = new DataView(bytes.buffer);
  view.setUint32(0, header.version, true);
  bytes.set(fromHex(header.prevHash), 4);
  bytes.set(fromHex(header.merkleRoot), 36);
  view.setUint32(68, header.time, true);
  view.setUint32(72, header.bits, true);
  view.setUint32(NONCE_OFFSET, header.nonce, true);
  return bytes;
}

export const headerHash = (header: BlockHeader): string => toHex(sha256d(serializeHeader(header)));
