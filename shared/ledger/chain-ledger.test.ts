import { describe, expect, it } from 'vitest';
import { blockHash, type Block } from '../chain/block';
import { GENESIS } from '../chain/params';
import { ledgerAtGenesis, switchLedgerTip, type ChainBlock, type UndoStore } from './chain-ledger';
import { BLOCK_REWARD, type Ledger } from './ledger';
import { blockOn, connect, testWallets, transfer } from './ledger-testing';
import type { Wallet } from './wallet';

const [alice, bob, carol] = testWallets(3, 21) as [Wallet, Wallet, Wallet];
const state = (ledger: Ledger) => ({ tip: ledger.tip, accounts: ledger.entries() });
const entry = (block: Block, height: number): ChainBlock => ({ hash: blockHash(block), height, block });

/**
 * Genesis and a block paying alice 50 (heights 0-1), then the old branch A2, A3 applied to
 * `ledger` with undos in `undos`, and `fork`: a copy of the ledger at height 1 to grow rivals on.
 */
function setUp() {
  const undos: UndoStore = new Map();
  const ledger = ledgerAtGenesis(GENESIS);
  const funding = connect(ledger, [], { address: alice.address, amount: BLOCK_REWARD });
  undos.set(blockHash(funding.block), funding.undo);
  const fork = ledger.clone();
  const a0 = transfer(alice, { to: bob.address, amount: 10, fee: 1, nonce: 0 });
  const a1 = transfer(alice, { to: carol.address, amount: 10, fee: 1, nonce: 1 });
  const old = [[a0], [a1]].map((txs, i) => {
    const { block, undo } = connect(ledger, txs, { address: carol.address, amount: BLOCK_REWARD + 1 });
    undos.set(blockHash(block), undo);
    return entry(block, 2 + i);
  });
  return { undos, ledger, fork, a0, a1, old };
}

describe('switchLedgerTip', () => {
  it('extends the tip, stores the new undos and reports the included transfers', () => {
    const { undos, ledger } = setUp();
    const a2 = transfer(alice, { to: bob.address, amount: 1, fee: 0, nonce: 2 });
    const next = blockOn(ledger.tip, [a2]);
    const result = switchLedgerTip(ledger, undos, { disconnected: [], connected: [entry(next, 4)] });
    expect(result).toMatchObject({ ok: true, value: { txsToReturn: [], txsIncluded: [a2] } });
    expect(ledger.tip).toEqual({ hash: blockHash(next), height: 4 });
    expect(undos.get(blockHash(next))).toEqual(result.ok && result.value.undos[0]);
    expect(ledger.nextNonce(alice.address)).toBe(3);
  });

  it('reorgs: undoes the old blocks, applies the new, returns the old transfers the new chain lacks', () => {
    const { undos, ledger, fork, a0, a1, old } = setUp();
    const b1 = connect(fork, [a0]).block; // the new chain has a0 too, but not a1
    const b2 = connect(fork, []).block;
    const b3 = connect(fork, []).block;
    const result = switchLedgerTip(ledger, undos, {
      disconnected: [...old].reverse(),
      connected: [entry(b1, 2), entry(b2, 3), entry(b3, 4)],
    });
    if (!result.ok) throw new Error(result.detail);
    expect(result.value.txsToReturn).toEqual([a1]);
    expect(result.value.txsIncluded).toEqual([a0]);
    expect(state(ledger)).toEqual(state(fork));
    for (const { hash } of old) expect(undos.has(hash)).toBe(false);
    for (const block of [b1, b2, b3]) expect(undos.has(blockHash(block))).toBe(true);
  });

  it('rolls back exactly, old branch and undo store included, when a connected block is invalid', () => {
    const { undos, ledger, fork, old } = setUp();
    const before = state(ledger);
    const storeBefore = new Map(undos);
    const b1 = connect(fork, []).block;
    const overdraft = transfer(alice, { to: bob.address, amount: 51, fee: 0, nonce: 0 });
    const b2 = blockOn(fork.tip, [overdraft]);
    const b3 = blockOn({ hash: blockHash(b2), height: 3 }, []);
    const result = switchLedgerTip(ledger, undos, {
      disconnected: [...old].reverse(),
      connected: [entry(b1, 2), entry(b2, 3), entry(b3, 4)],
    });
    expect(result).toMatchObject({ ok: false, reason: 'overdraft', failedIndex: 1, hash: blockHash(b2) });
    expect(state(ledger)).toEqual(before);
    expect(undos).toEqual(storeBefore);
    // The old branch is intact: its undos still take it apart.
    for (const { hash } of [...old].reverse()) ledger.undo(undos.get(hash)!);
    expect(state(ledger)).toEqual(state(ledgerAfterFunding()));
  });

  it('leaves everything as it was when the first block of a plain extension fails', () => {
    const { undos, ledger } = setUp();
    const before = state(ledger);
    const greedy = blockOn(ledger.tip, [], { address: bob.address, amount: BLOCK_REWARD + 1 });
    const result = switchLedgerTip(ledger, undos, { disconnected: [], connected: [entry(greedy, 4)] });
    expect(result).toMatchObject({ ok: false, reason: 'bad-coinbase-amount', failedIndex: 0 });
    expect(state(ledger)).toEqual(before);
  });

  it('throws before touching the ledger when an undo record is missing', () => {
    const { undos, ledger, old } = setUp();
    const before = state(ledger);
    undos.delete(old[0]!.hash);
    expect(() => switchLedgerTip(ledger, undos, { disconnected: [...old].reverse(), connected: [] })).toThrow(/no undo/);
    expect(state(ledger)).toEqual(before);
  });
});

function ledgerAfterFunding(): Ledger {
  const ledger = ledgerAtGenesis(GENESIS);
  connect(ledger, [], { address: alice.address, amount: BLOCK_REWARD });
  return ledger;
}
