import { describe, expect, it } from 'vitest';
import { coinbaseTx, type Block } from '../../chain/block';
import { merkleRoot } from '../../chain/merkle';
import { testWallets, transfer } from '../../ledger/ledger-testing';
import { txId } from '../../ledger/transaction';
import { acceptContent, blockRecord, describeContent, transferRecord } from './content';
import { keyFromHash } from './id';

const txs = [coinbaseTx(7, 'tab-a')];
const block: Block = { header: { version: 1, prevHash: '0'.repeat(64), merkleRoot: merkleRoot(txs), time: 1_700_000_000, bits: 0x207fffff, nonce: 3 }, txs };

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

  it('a transfer is filed under its txid; junk text under its own hash is refused', () => {
    const [alice, bob] = testWallets(2, 3);
    const text = transfer(alice!, { to: bob!.address, amount: 1, fee: 1, nonce: 0 });
    const record = transferRecord(text)!;
    expect(record.key).toBe(keyFromHash(txId(text)));
    expect(describeContent(record.key, record.value)).toMatchObject({ kind: 'transfer' });
    expect(acceptContent(keyFromHash(txId('hello')), 'hello')).toBe(false);
  });
});
