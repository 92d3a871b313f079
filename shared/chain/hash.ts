/**
 * Double SHA-256, as Bitcoin hashes headers and transactions. @noble/hashes is audited, pure
 * JavaScript and works where WebCrypto does not (a classroom LAN over plain http has no
 * `crypto.subtle`), so mining and validation never depend on a secure context.
 */
import { sha256 } from '@noble/hashes/sha2.js';
import { utf8ToBytes } from '@noble/hashes/utils.js';

export const sha256d = (bytes: Uint8Array): Uint8Array => sha256(sha256(bytes));
export const utf8 = (text: string): Uint8Array => utf8ToBytes(text);
