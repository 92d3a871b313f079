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

/** The inverse of serializeHeader, for headers that travel as 80 bytes of hex. */
export function deserializeHeader(bytes: Uint8Array): BlockHeader {
  if (bytes.length !== HEADER_BYTES) throw new RangeError(`a header is ${HEADER_BYTES} bytes, not ${bytes.length}`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  return {
    version: view.getUint32(0, true),
    prevHash: toHex(bytes.subarray(4, 36)),
    merkleRoot: toHex(bytes.subarray(36, 68)),
    time: view.getUint32(68, true),
    bits: view.getUint32(72, true),
    nonce: view.getUint32(NONCE_OFFSET, true),
  };
}

export interface HeaderField {
  name: keyof BlockHeader;
  offset: number;
  size: number;
  /** The bytes as they sit in the header, in hex. */
  hex: string;
  /** The value as a person reads it. */
  value: string;
}

const LAYOUT: Array<[keyof BlockHeader, number, number]> = [
  ['version', 0, 4],
  ['prevHash', 4, 32],
  ['merkleRoot', 36, 32],
  ['time', 68, 4],
  ['bits', 72, 4],
  ['nonce', NONCE_OFFSET, 4],
];

/** The 80 header bytes cut into their fields, for a page that shows what is really hashed. */
export function headerFields(header: BlockHeader): HeaderField[] {
  const bytes = serializeHeader(header);
  return LAYOUT.map(([name, offset, size]) => {
    const raw = header[name];
    const value =
      name === 'time'
        ? `${raw} (${new Date(Number(raw) * 1000).toISOString()})`
        : name === 'bits'
          ? `0x${Number(raw).toString(16).padStart(8, '0')}`
          : String(raw);
    return { name, offset, size, hex: toHex(bytes.subarray(offset, offset + size)), value };
  });
}
