import { describe, expect, it } from 'vitest';
import { testWallets } from '../../ledger/ledger-testing';
import { checkIdProof, dhtIdOf, signIdProof } from './id-proof';

const [alice, mallory] = testWallets(2, 5);
const nonce = '0123456789abcdef0123456789abcdef';

describe('a Kademlia id is proven by signing the peer’s nonce', () => {
  it('the id is the hash of the key (the wallet address), and a fresh signature proves it', () => {
    expect(dhtIdOf(alice!.publicKey)).toBe(alice!.address);
    expect(checkIdProof(alice!.publicKey, signIdProof(alice!.privateKey, nonce), nonce)).toBe(alice!.address);
  });

  it('refuses a proof for another nonce (a replay), another key, or garbage', () => {
    const old = signIdProof(alice!.privateKey, 'f'.repeat(32));
    expect(checkIdProof(alice!.publicKey, old, nonce)).toBeNull();
    expect(checkIdProof(alice!.publicKey, signIdProof(mallory!.privateKey, nonce), nonce)).toBeNull();
    expect(checkIdProof('02' + '00'.repeat(32), 'ab'.repeat(64), nonce)).toBeNull();
    expect(checkIdProof(alice!.publicKey, 'zz', nonce)).toBeNull();
  });
});
