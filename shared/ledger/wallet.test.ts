import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex, hexToBytes } from '@noble/hashes/utils.js';
import { describe, expect, it } from 'vitest';
import { seededRandomBytes, testWallets } from './ledger-testing';
import { addressOf, createWallet, isAddress, isPublicKey, walletFromPrivateKey } from './wallet';

const CURVE_ORDER = 'fffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141';

describe('wallet', () => {
  it('creates a compressed key pair and an address of 40 lowercase hex digits', () => {
    const wallet = createWallet(seededRandomBytes(7));
    expect(wallet.privateKey).toMatch(/^[0-9a-f]{64}$/);
    expect(wallet.publicKey).toMatch(/^0[23][0-9a-f]{64}$/);
    expect(isPublicKey(wallet.publicKey)).toBe(true);
    expect(isAddress(wallet.address)).toBe(true);
  });

  it('derives the address as the first 20 bytes of SHA-256 of the compressed public key', () => {
    const [wallet] = testWallets(1);
    const expected = bytesToHex(sha256(hexToBytes(wallet!.publicKey))).slice(0, 40);
    expect(wallet!.address).toBe(expected);
    expect(addressOf(wallet!.publicKey)).toBe(expected);
  });

  it('is deterministic for a seeded source and different across draws', () => {
    expect(testWallets(3, 42)).toEqual(testWallets(3, 42));
    const addresses = testWallets(20, 42).map((w) => w.address);
    expect(new Set(addresses).size).toBe(20);
  });

  it('refuses a random source that returns the wrong number of bytes', () => {
    expect(() => createWallet(() => new Uint8Array(32))).toThrow(RangeError);
  });

  it('restores a saved wallet from its private key, in either case', () => {
    const [wallet] = testWallets(1, 3);
    expect(walletFromPrivateKey(wallet!.privateKey)).toEqual({ ok: true, value: wallet });
    expect(walletFromPrivateKey(` ${wallet!.privateKey.toUpperCase()} `)).toEqual({ ok: true, value: wallet });
  });

  it.each([
    ['too short', 'abcd'],
    ['not hex', 'z'.repeat(64)],
    ['zero', '0'.repeat(64)],
    ['the curve order', CURVE_ORDER],
    ['above the curve order', 'f'.repeat(64)],
  ])('refuses a private key that is %s', (_, hex) => {
    expect(walletFromPrivateKey(hex)).toMatchObject({ ok: false, reason: 'bad-private-key' });
  });

  it('tells a public key on the curve from 33 bytes that are not one', () => {
    const [wallet] = testWallets(1);
    expect(isPublicKey(wallet!.publicKey.toUpperCase())).toBe(false);
    expect(isPublicKey('04' + wallet!.publicKey.slice(2))).toBe(false);
    // x = 5 has no y on secp256k1 (5³ + 7 = 132 is not a square mod p).
    expect(isPublicKey('02' + '0'.repeat(63) + '5')).toBe(false);
  });
});
