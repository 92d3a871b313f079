import { bytesToHex, hexToBytes } from '@noble/hashes/utils.js';
import { describe, expect, it } from 'vitest';
import { MAX_TX_BYTES } from '../chain/block';
import { txHash } from '../chain/merkle';
import { testWallets, transfer } from './ledger-testing';
import {
  checkTransfer,
  decodeTransaction,
  encodeTransfer,
  signTransfer,
  txId,
  verifyTransfer,
  type Transfer,
} from './transaction';
import type { Wallet } from './wallet';

const [alice, bob, carol] = testWallets(3, 11) as [Wallet, Wallet, Wallet];
const fields = { to: bob.address, amount: 10, fee: 1, nonce: 0 };
const text = transfer(alice, fields);
const tx = JSON.parse(text) as Transfer;
const CURVE_ORDER = 0xfffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141n;

/** Re-encodes a modified transfer canonically, keeping the old signature. */
const tampered = (change: Partial<Transfer>) => encodeTransfer({ ...tx, ...change });

describe('signing and verifying', () => {
  it('round-trips: sign, encode, decode, verify', () => {
    const signed = signTransfer(alice, fields);
    expect(signed).toMatchObject({ ok: true, value: { text, sender: alice.address, id: txHash(text) } });
    expect(decodeTransaction(text)).toEqual({ ok: true, value: tx });
    expect(verifyTransfer(tx)).toBe(true);
    expect(checkTransfer(text).ok).toBe(true);
  });

  it('encodes with a fixed key order and no spaces, so the id is stable', () => {
    expect(text.startsWith(`{"kind":"transfer","from":"${alice.publicKey}","to":"${bob.address}",`)).toBe(true);
    expect(text).toMatch(/"amount":10,"fee":1,"nonce":0,"sig":"[0-9a-f]{128}"}$/);
    expect(txId(text)).toBe(txHash(text));
    expect(transfer(alice, fields)).toBe(text); // RFC 6979: deterministic
  });

  it.each([
    ['to', { to: carol.address }],
    ['amount', { amount: 11 }],
    ['fee', { fee: 0 }],
    ['nonce', { nonce: 1 }],
    ['from', { from: carol.publicKey }],
  ])('rejects a transfer whose %s was changed after signing', (_, change) => {
    expect(checkTransfer(tampered(change))).toMatchObject({ ok: false, reason: 'bad-signature' });
  });

  it('rejects a signature made by another key', () => {
    const carolSigned = JSON.parse(transfer(carol, fields)) as Transfer;
    expect(checkTransfer(tampered({ sig: carolSigned.sig }))).toMatchObject({ ok: false, reason: 'bad-signature' });
  });

  it('rejects the high-s twin of a valid signature (no third-party malleability)', () => {
    const sig = hexToBytes(tx.sig);
    const s = BigInt('0x' + bytesToHex(sig.subarray(32)));
    const highS = (CURVE_ORDER - s).toString(16).padStart(64, '0');
    const twin = bytesToHex(sig.subarray(0, 32)) + highS;
    expect(checkTransfer(tampered({ sig: twin }))).toMatchObject({ ok: false, reason: 'bad-signature' });
  });

  it('rejects a signature of zeros without throwing', () => {
    expect(checkTransfer(tampered({ sig: '0'.repeat(128) }))).toMatchObject({ ok: false, reason: 'bad-signature' });
  });
});

describe('decodeTransaction: one spelling, checked shape', () => {
  const withoutSig = text.replace(/,"sig":"[0-9a-f]+"/, '');
  it.each([
    ['not JSON', 'hello'],
    ['an array', '[]'],
    ['a missing field', withoutSig],
    ['an unknown key', text.replace('}', ',"memo":"hi"}')],
    ['another kind', text.replace('"transfer"', '"mint"')],
    ['spaces', text.replace(',', ', ')],
    ['another key order', JSON.stringify({ from: tx.from, kind: tx.kind, to: tx.to, amount: 10, fee: 1, nonce: 0, sig: tx.sig })],
    ['a number spelled 10.0', text.replace('"amount":10', '"amount":10.0')],
    ['a number spelled 1e1', text.replace('"amount":10', '"amount":1e1')],
    ['an escaped character', text.replace('"kind"', '"\\u006bind"')],
    ['a duplicated key', text.replace('{', '{"kind":"transfer",')],
    ['upper-case hex', tampered({ to: bob.address.toUpperCase() })],
    ['a short signature', tampered({ sig: tx.sig.slice(2) })],
    ['a public key of the wrong prefix', tampered({ from: '04' + tx.from.slice(2) })],
    ['a public key off the curve', tampered({ from: '02' + '0'.repeat(63) + '5' })],
    ['an address that is too short', tampered({ to: bob.address.slice(2) })],
    ['amount 0', tampered({ amount: 0 })],
    ['a negative fee', tampered({ fee: -1 })],
    ['a fractional amount', tampered({ amount: 1.5 })],
    ['an unsafe integer', tampered({ amount: 2 ** 53 })],
    ['amount + fee past 2^53', tampered({ amount: Number.MAX_SAFE_INTEGER, fee: 1 })],
    ['a negative nonce', tampered({ nonce: -1 })],
    ['too many bytes', tampered({ sig: 'a'.repeat(MAX_TX_BYTES) })],
  ])('rejects %s as malformed-tx', (_, bad) => {
    const decoded = decodeTransaction(bad);
    expect(decoded).toMatchObject({ ok: false, reason: 'malformed-tx' });
    if (!decoded.ok) expect(decoded.detail.length).toBeGreaterThan(0);
  });

  it('rejects a transfer to the sender itself, before looking at the signature', () => {
    expect(checkTransfer(tampered({ to: alice.address }))).toMatchObject({ ok: false, reason: 'self-transfer' });
    expect(signTransfer(alice, { ...fields, to: alice.address })).toMatchObject({ ok: false, reason: 'self-transfer' });
  });

  it('refuses to sign fields no peer would accept', () => {
    expect(signTransfer(alice, { ...fields, amount: 0 })).toMatchObject({ ok: false, reason: 'malformed-tx' });
    expect(signTransfer(alice, { ...fields, to: 'nobody' })).toMatchObject({ ok: false, reason: 'malformed-tx' });
    expect(signTransfer(alice, { ...fields, nonce: 0.5 })).toMatchObject({ ok: false, reason: 'malformed-tx' });
  });
});
