import { describe, expect, it } from 'vitest';
import { blockHash } from '../chain/block';
import { GENESIS } from '../chain/params';
import { ledgerAtGenesis, switchLedgerTip, type UndoStore } from './chain-ledger';
import { BLOCK_REWARD, type Ledger } from './ledger';
import { blockOn, connect, testWallets, transfer } from './ledger-testing';
import { Mempool } from './mempool';
import { encodeTransfer, txId, type Transfer } from './transaction';
import type { Wallet } from './wallet';

const [alice, bob, carol, dave] = testWallets(4, 9) as [Wallet, Wallet, Wallet, Wallet];
const pay = (from: Wallet, to: Wallet, amount: number, fee: number, nonce: number) =>
  transfer(from, { to: to.address, amount, fee, nonce });

/** Alice, bob and carol hold 50 each; every block's undo is kept by hash, as the Node would. */
function funded(undos: UndoStore = new Map()): Ledger {
  const ledger = ledgerAtGenesis(GENESIS);
  for (const w of [alice, bob, carol]) {
    const { block, undo } = connect(ledger, [], { address: w.address, amount: BLOCK_REWARD });
    undos.set(blockHash(block), undo);
  }
  return ledger;
}

const reasonOf = (result: { ok: boolean; reason?: string }) => (result.ok ? 'ok' : result.reason);

describe('Mempool.add', () => {
  it('accepts a valid transfer and lists it with its id', () => {
    const ledger = funded();
    const pool = new Mempool();
    const text = pay(alice, bob, 10, 1, 0);
    expect(pool.add(text, ledger)).toMatchObject({ ok: true, value: { id: txId(text), sender: alice.address } });
    expect(pool.pending().map((p) => p.id)).toEqual([txId(text)]);
    expect(pool.has(txId(text))).toBe(true);
  });

  it('refuses what it already holds, bad signatures, malformed text and self-transfers', () => {
    const ledger = funded();
    const pool = new Mempool();
    const text = pay(alice, bob, 10, 1, 0);
    pool.add(text, ledger);
    expect(reasonOf(pool.add(text, ledger))).toBe('duplicate');
    const tx = JSON.parse(text) as Transfer;
    // A tampered copy of the pending transfer competes for its nonce, judged before the signature:
    expect(reasonOf(pool.add(encodeTransfer({ ...tx, fee: 9 }), ledger))).toBe('double-spend');
    // a tampered transfer with the next free nonce gets as far as the signature, and fails there.
    expect(reasonOf(pool.add(encodeTransfer({ ...tx, nonce: 1, fee: 9 }), ledger))).toBe('bad-signature');
    expect(reasonOf(pool.add('{}', ledger))).toBe('malformed-tx');
    expect(reasonOf(pool.add(encodeTransfer({ ...tx, to: alice.address }), ledger))).toBe('self-transfer');
    expect(pool.size).toBe(1);
  });

  it('refuses a replay of a transfer already in a block, and a nonce gap', () => {
    const ledger = funded();
    const pool = new Mempool();
    const included = pay(alice, bob, 10, 0, 0);
    connect(ledger, [included]);
    expect(reasonOf(pool.add(included, ledger))).toBe('bad-nonce');
    expect(reasonOf(pool.add(pay(alice, bob, 1, 0, 2), ledger))).toBe('bad-nonce');
    expect(reasonOf(pool.add(pay(alice, bob, 1, 0, 1), ledger))).toBe('ok');
  });

  it('chains a sender’s transfers by nonce and refuses a second one for a pending nonce', () => {
    const ledger = funded();
    const pool = new Mempool();
    expect(reasonOf(pool.add(pay(alice, bob, 10, 0, 0), ledger))).toBe('ok');
    expect(reasonOf(pool.add(pay(alice, carol, 10, 5, 0), ledger))).toBe('double-spend');
    expect(reasonOf(pool.add(pay(alice, carol, 10, 0, 1), ledger))).toBe('ok');
  });

  it('counts every pending spend of a sender against its balance', () => {
    const ledger = funded();
    const pool = new Mempool();
    expect(reasonOf(pool.add(pay(alice, bob, 30, 1, 0), ledger))).toBe('ok');
    expect(reasonOf(pool.add(pay(alice, bob, 19, 1, 1), ledger))).toBe('overdraft');
    expect(reasonOf(pool.add(pay(alice, bob, 18, 1, 1), ledger))).toBe('ok');
  });

  it('caps the pending transfers of one sender', () => {
    const ledger = funded();
    const pool = new Mempool({ maxPerSender: 2 });
    pool.add(pay(alice, bob, 1, 0, 0), ledger);
    pool.add(pay(alice, bob, 1, 0, 1), ledger);
    expect(pool.add(pay(alice, bob, 1, 0, 2), ledger)).toMatchObject({ ok: false, reason: 'mempool-full' });
    expect(reasonOf(pool.add(pay(bob, alice, 1, 0, 0), ledger))).toBe('ok');
  });

  it('when full, evicts the lowest fee for a higher one, and refuses one that pays no more', () => {
    const ledger = funded();
    const pool = new Mempool({ maxTxs: 2 });
    const cheap = pay(alice, dave, 1, 1, 0);
    pool.add(cheap, ledger);
    pool.add(pay(bob, dave, 1, 3, 0), ledger);
    expect(reasonOf(pool.add(pay(carol, dave, 1, 1, 0), ledger))).toBe('mempool-full');
    expect(reasonOf(pool.add(pay(carol, dave, 1, 2, 0), ledger))).toBe('ok');
    expect(pool.has(txId(cheap))).toBe(false);
    expect(pool.size).toBe(2);
  });
});

describe('Mempool.select', () => {
  it('orders by fee across senders and by nonce within a sender, and the block applies', () => {
    const ledger = funded();
    const pool = new Mempool();
    const a0 = pay(alice, dave, 5, 1, 0);
    const a1 = pay(alice, dave, 5, 10, 1);
    const b0 = pay(bob, dave, 5, 5, 0);
    const c0 = pay(carol, dave, 5, 1, 0);
    for (const text of [a0, a1, b0, c0]) pool.add(text, ledger);
    const selection = pool.select(ledger);
    // alice's fee-10 transfer must wait for her fee-1 nonce 0; at equal fee, first seen first.
    expect(selection).toEqual({ txs: [b0, a0, a1, c0], fees: 17 });
    connect(ledger, selection.txs, { address: dave.address, amount: BLOCK_REWARD + selection.fees });
    expect(ledger.balanceOf(dave.address)).toBe(20 + 50 + 17);
  });

  it('respects the transaction and byte limits without breaking a nonce chain', () => {
    const ledger = funded();
    const pool = new Mempool();
    const a0 = pay(alice, dave, 5, 1, 0);
    const a1 = pay(alice, dave, 5, 9, 1);
    const b0 = pay(bob, dave, 5, 5, 0);
    for (const text of [a0, a1, b0]) pool.add(text, ledger);
    expect(pool.select(ledger, 2).txs).toEqual([b0, a0]);
    expect(pool.select(ledger, 10, b0.length + a0.length).txs).toEqual([b0, a0]);
    expect(pool.select(ledger, 10, b0.length).txs).toEqual([b0]);
    expect(pool.select(ledger, 0)).toEqual({ txs: [], fees: 0 });
  });
});

describe('Mempool after blocks and reorgs', () => {
  it('removes included transfers and the pending ones a block made invalid', () => {
    const ledger = funded();
    const pool = new Mempool();
    const a0 = pay(alice, bob, 10, 0, 0);
    const a1 = pay(alice, bob, 10, 0, 1);
    const c0 = pay(carol, bob, 10, 0, 0);
    for (const text of [a0, a1, c0]) pool.add(text, ledger);
    const carolElsewhere = pay(carol, dave, 45, 0, 0); // carol spent nonce 0 in someone else's block
    connect(ledger, [a0, carolElsewhere]);
    const dropped = pool.removeIncluded([a0, carolElsewhere], ledger);
    expect(dropped).toEqual([{ id: txId(c0), reason: 'bad-nonce', detail: expect.any(String) }]);
    expect(pool.pending().map((p) => p.text)).toEqual([a1]);
  });

  it('takes back the transfers of abandoned blocks and drops those the new chain made invalid', () => {
    const undos: UndoStore = new Map();
    const ledger = funded(undos);
    const fork = ledger.clone();
    const pool = new Mempool();
    // Old branch: block A pays carol 20 from alice, and carol spends 65 of her 70.
    const a0 = pay(alice, carol, 20, 0, 0);
    const carolOn = pay(carol, bob, 65, 0, 0);
    const bobOld = pay(bob, dave, 5, 0, 0);
    const { block: blockA, undo: undoA } = connect(ledger, [a0, carolOn, bobOld]);
    undos.set(blockHash(blockA), undoA);
    const a1 = pay(alice, dave, 5, 0, 1);
    expect(reasonOf(pool.add(a1, ledger))).toBe('ok');
    // New, longer branch: bob's nonce 0 went elsewhere; nothing of alice's or carol's.
    const bobNew = pay(bob, carol, 1, 0, 0);
    const b1 = connect(fork, [bobNew]).block;
    const b2 = connect(fork, []).block;
    const switched = switchLedgerTip(ledger, undos, {
      disconnected: [{ hash: blockHash(blockA), height: 4, block: blockA }],
      connected: [b1, b2].map((block, i) => ({ hash: blockHash(block), height: 4 + i, block })),
    });
    if (!switched.ok) throw new Error(switched.detail);
    expect(switched.value.txsToReturn).toEqual([a0, carolOn, bobOld]);
    const dropped = pool.returnToPool(switched.value.txsToReturn, ledger);
    expect(dropped.map((d) => [d.id, d.reason])).toEqual([
      [txId(carolOn), 'overdraft'],
      [txId(bobOld), 'bad-nonce'],
    ]);
    expect(pool.select(ledger).txs).toEqual([a0, a1]);
  });

  it('trims to its size limit by fee when the returned transfers do not all fit', () => {
    const ledger = funded();
    const pool = new Mempool({ maxTxs: 2 });
    const texts = [pay(alice, dave, 1, 2, 0), pay(bob, dave, 1, 1, 0), pay(carol, dave, 1, 3, 0)];
    const dropped = pool.returnToPool(texts, ledger);
    expect(dropped.map((d) => [d.id, d.reason])).toEqual([[txId(texts[1]!), 'mempool-full']]);
    expect(pool.size).toBe(2);
  });
});
