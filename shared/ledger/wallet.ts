/**
 * A wallet is one secp256k1 key pair and the address it receives at. Keys come from
 * @noble/curves (audited, pure JavaScript, works without WebCrypto on a plain-http classroom LAN);
 * randomness is injected so tests can make the same wallets every run.
 */
import { secp256k1 } from '@noble/curves/secp256k1.js';
import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex, hexToBytes } from '@noble/hashes/utils.js';
import { reject, ok, type Result } from '../result';

export interface Wallet {
  /** 32 bytes, hex. Whoever knows it can spend the address's coins. */
  privateKey: string;
  /** 33-byte compressed public key, hex: what a transfer names as its sender. */
  publicKey: string;
  address: string;
}

/** 40 lowercase hex digits, the same shape a coinbase pays to. */
export const ADDRESS_PATTERN = /^[0-9a-f]{40}$/;
/** Compressed point: 02 or 03 (the parity of y), then the 32-byte x coordinate. */
export const PUBLIC_KEY_PATTERN = /^0[23][0-9a-f]{64}$/;
const PRIVATE_KEY_PATTERN = /^[0-9a-f]{64}$/;

/**
 * The first 20 bytes of SHA-256(compressed public key). Bitcoin hashes the key too (HASH160 =
 * RIPEMD-160 of SHA-256) and Ethereum keeps the last 20 bytes of Keccak-256: publishing a hash
 * instead of the key keeps addresses short. We use one well-known hash to keep the recipe simple.
 */
export function addressOf(publicKeyHex: string): string {
  return bytesToHex(sha256(hexToBytes(publicKeyHex)).subarray(0, 20));
}

export const isAddress = (text: string): boolean => ADDRESS_PATTERN.test(text);

/** Shape and curve membership: not every 02/03-prefixed x coordinate lies on secp256k1. */
export function isPublicKey(text: string): boolean {
  return PUBLIC_KEY_PATTERN.test(text) && secp256k1.utils.isValidPublicKey(hexToBytes(text), true);
}

/**
 * `randomBytes(n)` must return n bytes from a CSPRNG (in the browser: crypto.getRandomValues).
 * We take 48 bytes and let noble reduce them modulo the curve order (FIPS 186-5 A.2.1), so every
 * draw gives a valid key without a retry loop and with negligible bias.
 */
export function createWallet(randomBytes: (n: number) => Uint8Array): Wallet {
  const seedLength = secp256k1.lengths.seed ?? 48;
  const seed = randomBytes(seedLength);
  if (!(seed instanceof Uint8Array) || seed.length !== seedLength) {
    throw new RangeError(`randomBytes(${seedLength}) must return ${seedLength} bytes`);
  }
  return walletOf(secp256k1.utils.randomSecretKey(seed));
}

/** Restores a saved wallet (e.g. from sessionStorage). Accepts upper or lower case hex. */
export function walletFromPrivateKey(hex: string): Result<Wallet, 'bad-private-key'> {
  const normalized = hex.trim().toLowerCase();
  if (!PRIVATE_KEY_PATTERN.test(normalized)) {
    return reject('bad-private-key', 'a private key is 64 hex digits');
  }
  const secretKey = hexToBytes(normalized);
  if (!secp256k1.utils.isValidSecretKey(secretKey)) {
    return reject('bad-private-key', 'a private key must be between 1 and the curve order minus 1');
  }
  return ok(walletOf(secretKey));
}

function walletOf(secretKey: Uint8Array): Wallet {
  const publicKey = bytesToHex(secp256k1.getPublicKey(secretKey, true));
  return { privateKey: bytesToHex(secretKey), publicKey, address: addressOf(publicKey) };
}
