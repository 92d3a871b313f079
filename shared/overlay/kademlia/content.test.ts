import { describe, expect, it } from 'vitest';
import { coinbaseTx, type Block } from '../../chain/block';
import { merkleRoot } from '../../chain/merkle';
import { searchNonce } from '../../chain/pow';
import { bitsForDifficulty } from '../../chain/target';
import { testWallets, transfer } from '../../ledger/ledger-testing';
import { txId } from '../../ledger/transaction';
import { acceptContent, blockRecord, describeContent, transferRecord } from './content';
import { keyFromHash } from './id';

const txs = [coinbaseTx(7, 'tab-a')];
const unsolved: Block = { header: { version: 1, prevHash: '0'.repeat(64), merkleRoot: merkleRoot(txs), time: 1_700_000_000, bits: bitsForDifficulty(8), nonce: 0 }, txs };
const solved = searchNonce(unsolved.header, 0, 1_000_000);
if (!solved.found) throw new Error('no nonce for the test block');
const block: Block = { ...unsolved, header: { ...unsolved.header, nonce: solved.nonce } };

describe('blocks and transfers in the DHT, filed under their own hash', () => {
  it('a block record describes itself: height, miner, hash', () => {
    const record = blockRecord(block)!;
    expect(describeContent(record.key, record.value)).toMatchObject({ kind: 'block', height: 7, miner: 'tab-a', txs: 1 });
  });

  it('refuses a block under another key, or with transfers that do not match its header', () => {
    const record = blockRecord(block)!;
    expect(acceptContent('1'.repeat(40), record.value)).toBe(false);
    const forged = JSON.stringify({ ...block, txs: [coinbaseTx(7, 'mallory')] });
    expect(acceptContent(record.key, forged)).toBe(false);
    expect(acceptContent(record.key, '{not json')).toBe(false);
  });

  it('refuses a block whose hash does not meet the target its bits claim (no work done)', () => {
    const lazy = { ...block, header: { ...block.header, bits: bitsForDifficulty(24), nonce: 1 } };
    const record = blockRecord(lazy)!;
    expect(acceptContent(record.key, record.value)).toBe(false);
  });

  it('a transfer is filed under its txid; junk text under its own hash is refused', () => {
    const [alice, bob] = testWallets(2, 3);
    const text = transfer(alice!, { to: bob!.address, amount: 1, fee: 1, nonce: 0 });
    const record = transferRecord(text)!;
    expect(record.key).toBe(keyFromHash(txId(text)));
    expect(describeContent(record.key, record.value)).toMatchObject({ kind: 'transfer' });
    expect(acceptContent(keyFromHash(txId('hello')), 'hello')).toBe(false);
    // A well-formed transfer whose signature is not the sender's: refused too.
    const forged = text.replace(/"sig":"([0-9a-f])/, (_m, c: string) => `"sig":"${c === '0' ? '1' : '0'}`);
    expect(forged).not.toBe(text);
    expect(acceptContent(keyFromHash(txId(forged)), forged)).toBe(false);
  });
});
