/**
 * A signed transfer in an account model (as in Ethereum): the sender's public key, the recipient's
 * address, an amount, a fee for the miner, and the sender's nonce. The nonce is the account's
 * sequence number: each one can be used once, in order, so a transfer cannot be replayed.
 *
 * A transaction travels as one canonical JSON string (fixed key order, no spaces): that string is
 * what a block's `txs` holds and what its id hashes. Exactly one spelling is accepted, so nobody
 * can re-encode someone else's transfer into a new id (the malleability BIP62 fought in Bitcoin).
 */
import { z } from 'zod';
import { secp256k1 } from '@noble/curves/secp256k1.js';
import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex, hexToBytes, utf8ToBytes } from '@noble/hashes/utils.js';
import { MAX_TX_BYTES } from '../chain/block';
import { txHash } from '../chain/merkle';
import { reject, ok, type Result } from '../result';
import { addressOf, ADDRESS_PATTERN, isPublicKey, PUBLIC_KEY_PATTERN, type Wallet } from './wallet';

/** Every way a transaction (or a block's payments) can be refused, shown to students as-is. */
export type TxRejectReason =
  | 'malformed-tx'
  | 'self-transfer'
  | 'bad-signature'
  | 'bad-nonce'
  | 'double-spend'
  | 'overdraft'
  | 'bad-coinbase'
  | 'bad-coinbase-amount'
  | 'duplicate'
  | 'mempool-full';

export interface TransferFields {
  to: string;
  amount: number;
  fee: number;
  nonce: number;
}
export interface UnsignedTransfer extends TransferFields {
  kind: 'transfer';
  /** The sender's compressed public key: the sender's address is derived from it. */
  from: string;
}
export interface Transfer extends UnsignedTransfer {
  /** Compact ECDSA signature (r ‖ s, 64 bytes), hex, with low s. */
  sig: string;
}

/** A transfer that passed every context-free check, with what ledger and mempool need. */
export interface CheckedTransfer {
  tx: Transfer;
  text: string;
  id: string;
  sender: string;
}

/** Prefix of what is signed, so a signature can never be replayed as some other kind of message. */
export const SIGNING_DOMAIN = 'meshchain-tx-v1:';
const SIG_PATTERN = /^[0-9a-f]{128}$/;

const transferSchema = z.strictObject({
  kind: z.literal('transfer'),
  from: z.string().regex(PUBLIC_KEY_PATTERN, 'from must be a compressed public key (66 lowercase hex)'),
  to: z.string().regex(ADDRESS_PATTERN, 'to must be an address (40 lowercase hex)'),
  amount: z.int().positive(),
  fee: z.int().nonnegative(),
  nonce: z.int().nonnegative(),
  sig: z.string().regex(SIG_PATTERN, 'sig must be 64 bytes of lowercase hex'),
});

/** JSON in one fixed key order; `JSON.stringify` keeps insertion order and writes no spaces. */
function canonicalUnsigned(t: UnsignedTransfer): string {
  return JSON.stringify({ kind: t.kind, from: t.from, to: t.to, amount: t.amount, fee: t.fee, nonce: t.nonce });
}

export function encodeTransfer(t: Transfer): string {
  const { kind, from, to, amount, fee, nonce, sig } = t;
  return JSON.stringify({ kind, from, to, amount, fee, nonce, sig });
}

export function signingHash(t: UnsignedTransfer): Uint8Array {
  return sha256(utf8ToBytes(SIGNING_DOMAIN + canonicalUnsigned(t)));
}

/** Bitcoin's txid recipe (double SHA-256 of the transaction), the same hash the merkle root uses. */
export const txId = (text: string): string => txHash(text);

/**
 * Strict parse of untrusted text: size first (before JSON.parse does any work), then the schema,
 * then the spelling must be exactly the canonical one, then the rules that need no ledger (the
 * context-free part, like Bitcoin's CheckTransaction). The signature is checked by verifyTransfer.
 */
export function decodeTransaction(text: string): Result<Transfer, TxRejectReason> {
  const bytes = utf8ToBytes(text).length;
  if (bytes > MAX_TX_BYTES) return reject('malformed-tx', `${bytes} bytes, over the ${MAX_TX_BYTES}-byte limit`);
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return reject('malformed-tx', 'not JSON');
  }
  const parsed = transferSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    return reject('malformed-tx', issue ? `${issue.path.join('.') || 'transaction'}: ${issue.message}` : 'bad shape');
  }
  const tx: Transfer = parsed.data;
  if (encodeTransfer(tx) !== text) {
    return reject('malformed-tx', 'not the canonical encoding (key order, spaces or number format)');
  }
  if (!isPublicKey(tx.from)) return reject('malformed-tx', 'from is not a point on secp256k1');
  if (tx.amount + tx.fee > Number.MAX_SAFE_INTEGER) return reject('malformed-tx', 'amount + fee is too large');
  // A self-transfer moves nothing: with fee 0 it would be free block-space spam, and "I sent 10
  // and my balance did not change" teaches nothing. Ethereum allows it (to cancel a stuck nonce by
  // replacement) but this mempool has no replace-by-fee, so here it is simply refused.
  if (addressOf(tx.from) === tx.to) return reject('self-transfer', 'sender and recipient are the same address');
  return ok(tx);
}

/**
 * ECDSA over SHA-256 of the domain-prefixed canonical fields. noble's verify insists on low s
 * (Bitcoin's BIP62/BIP146, Ethereum's EIP-2), so a third party cannot flip s into a second valid
 * signature and with it a second id for the same transfer.
 */
export function verifyTransfer(tx: Transfer): boolean {
  try {
    return secp256k1.verify(hexToBytes(tx.sig), signingHash(tx), hexToBytes(tx.from), { prehash: false });
  } catch {
    return false;
  }
}

/** Decode and verify: the one door through which ledger and mempool let a transfer in. */
export function checkTransfer(text: string): Result<CheckedTransfer, TxRejectReason> {
  const decoded = decodeTransaction(text);
  if (!decoded.ok) return decoded;
  const tx = decoded.value;
  if (!verifyTransfer(tx)) return reject('bad-signature', 'the signature does not match the sender key and fields');
  return ok({ tx, text, id: txId(text), sender: addressOf(tx.from) });
}

/**
 * Builds, signs and encodes a transfer, then runs it through the same decoder every peer will,
 * so a form that passes bad input gets the reason here instead of a rejection from the network.
 * Signing is deterministic (RFC 6979): the same fields and key always give the same signature.
 */
export function signTransfer(wallet: Wallet, fields: TransferFields): Result<CheckedTransfer, TxRejectReason> {
  const { to, amount, fee, nonce } = fields;
  const unsigned: UnsignedTransfer = { kind: 'transfer', from: wallet.publicKey, to, amount, fee, nonce };
  let sig: string;
  try {
    sig = bytesToHex(secp256k1.sign(signingHash(unsigned), hexToBytes(wallet.privateKey), { prehash: false }));
  } catch (error) {
    return reject('malformed-tx', `cannot sign: ${(error as Error).message}`);
  }
  const text = encodeTransfer({ ...unsigned, sig });
  const decoded = decodeTransaction(text);
  if (!decoded.ok) return decoded;
  return ok({ tx: decoded.value, text, id: txId(text), sender: addressOf(decoded.value.from) });
}
