/**
 * A tab's Kademlia id is the hash of its wallet's public key (the same 20 bytes as its address),
 * as an Ethereum node id is its public key: a peer cannot pick an id near a key it wants to
 * eclipse without the matching private key. On every new link each side sends a random nonce
 * (`dht-hello`); the other signs it (`dht-proof`) and so proves the id it claims is its own.
 */
import { secp256k1 } from '@noble/curves/secp256k1.js';
import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex, hexToBytes, utf8ToBytes } from '@noble/hashes/utils.js';
import { addressOf, isPublicKey } from '../../ledger/wallet';
import type { NodeId } from './id';

/** Signed text is domain-separated, so a proof can never double as a transfer signature. */
const PROOF_DOMAIN = 'meshchain-dht-hello-v1:';
export const NONCE_PATTERN = /^[0-9a-f]{32}$/;

const proofHash = (nonce: string): Uint8Array => sha256(utf8ToBytes(PROOF_DOMAIN + nonce));

/** The DHT id that belongs to a public key: the first 20 bytes of its SHA-256. */
export const dhtIdOf = (publicKey: string): NodeId => addressOf(publicKey);

export function signIdProof(privateKey: string, nonce: string): string {
  if (!NONCE_PATTERN.test(nonce)) throw new Error('a dht-hello nonce is 32 hex digits');
  return bytesToHex(secp256k1.sign(proofHash(nonce), hexToBytes(privateKey), { prehash: false }));
}

/** The id proven by `signature` over our `nonce`, or null when the proof does not hold. */
export function checkIdProof(publicKey: string, signature: string, nonce: string): NodeId | null {
  if (!isPublicKey(publicKey) || !/^[0-9a-f]{128}$/.test(signature) || !NONCE_PATTERN.test(nonce)) return null;
  try {
    return secp256k1.verify(hexToBytes(signature), proofHash(nonce), hexToBytes(publicKey), { prehash: false })
      ? dhtIdOf(publicKey)
      : null;
  } catch {
    return null;
  }
}
