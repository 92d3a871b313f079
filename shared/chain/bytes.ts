/** Hex is how hashes travel and are shown; bytes are what gets hashed. */
import { bytesToHex, hexToBytes } from '@noble/hashes/utils.js';

export const HASH_HEX_PATTERN = /^[0-9a-f]{64}$/;
export const ZERO_HASH = '0'.repeat(64);

export const toHex = (bytes: Uint8Array): string => bytesToHex(bytes);
export const fromHex = (hex: string): Uint8Array => hexToBytes(hex);

export function concatBytes(...parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let offset = 0;
  for (const part of parts) {
    out.set(part, offset);
    offset += part.length;
  }
  return out;
}
