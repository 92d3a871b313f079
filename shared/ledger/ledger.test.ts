import { describe, expect, it } from 'vitest';
import { coinbaseTx, type Block } from '../chain/block';
import { ZERO_HASH } from '../chain/bytes';
import { merkleRoot } from '../chain/merkle';
import { GENESIS, GENESIS_HASH } from '../chain/params';
import { ledgerAtGenesis } from './chain-ledger';
import { applyBlock, BLOCK_REWARD, Ledger, undoBlock, type BlockUndo } from './ledger';
import { blockOn, connect, mulberry32, seededRandomBytes, testWallets, transfer } from './ledger-testing';
import { encodeTransfer, type Transfer } from './transaction';
import { createWallet, type Wallet } from './wallet';

const [alice, bob, carol, miner] = testWallets(4, 5) as [Wallet, Wallet, Wallet, Wallet];
const state = (ledger: Ledger) => ({ tip: ledger.tip, accounts: ledger.entries() });

/** Genesis, then one block paying alice 50 and one paying bob 50. */
function funded(): Ledger {
  const ledger = ledgerAtGenesis(GENESIS);
  connect(ledger, [], { address: alice.address, amount: BLOCK_REWARD });
  connect(ledger, [], { address: bob.address, amount: BLOCK_REWARD });
  return ledger;
}

/** Applies a block on the tip and expects a rejection that leaves the ledger as it was. */
function expectRejected(ledger: Ledger, transfers: string[], payout = { address: miner.address, amount: 0 }) {
  const before = state(ledger);
  const result = applyBlock(ledger, blockOn(ledger.tip, transfers, payout), ledger.tip.height + 1);
  expect(result.ok).toBe(false);
  expect(state(ledger)).toEqual(before);
  if (result.ok) throw new Error('accepted');
  expect(result.detail.length).toBeGreaterThan(0);
  return result.reason;
}

describe('coinbase', () => {
  it('applies the genesis block, which pays nothing and whose params line is no payment', () => {
    const ledger = ledgerAtGenesis(GENESIS);
    expect(ledger.tip).toEqual({ hash: GENESIS_HASH, height: 0 });
    expect(ledger.entries()).toEqual([]);
  });

  it('refuses a genesis that pays anything', () => {
    expect(expectRejected(new Ledger(), [], { address: alice.address, amount: 1 })).toBe('bad-coinbase-amount');
  });

  it('credits the reward to the coinbase address', () => {
    const ledger = funded();
    expect(ledger.balanceOf(alice.address)).toBe(50);
    expect(ledger.nextNonce(alice.address)).toBe(0);
    expect(ledger.tip.height).toBe(2);
  });

  it('accepts exactly reward + fees, and less, but not one coin more', () => {
    const ledger = funded();
    const txs = [
      transfer(alice, { to: carol.address, amount: 5, fee: 2, nonce: 0 }),
      transfer(bob, { to: carol.address, amount: 5, fee: 3, nonce: 0 }),
    ];
    const over = { address: miner.address, amount: BLOCK_REWARD + 5 + 1 };
    expect(expectRejected(ledger, txs, over)).toBe('bad-coinbase-amount');
    expect(expectRejected(ledger, [], { address: miner.address, amount: BLOCK_REWARD + 1 })).toBe('bad-coinbase-amount');
    const clone = ledger.clone();
    connect(clone, txs, { address: miner.address, amount: 40 });
    expect(clone.balanceOf(miner.address)).toBe(40);
    connect(ledger, txs, { address: miner.address, amount: BLOCK_REWARD + 5 });
    expect(ledger.balanceOf(miner.address)).toBe(55);
  });

  it('refuses a block whose first transaction is no coinbase for its height', () => {
    const ledger = funded();
    const tip = ledger.tip;
    const wrongHeight = blockOn(tip, []);
    wrongHeight.txs[0] = coinbaseTx(tip.height + 5, 'tester');
    const noCoinbase: Block = { ...wrongHeight, txs: [transfer(alice, { to: bob.address, amount: 1, fee: 0, nonce: 0 })] };
    for (const block of [wrongHeight, noCoinbase, { ...wrongHeight, txs: [] }]) {
      block.header = { ...block.header, merkleRoot: block.txs.length ? merkleRoot(block.txs) : block.header.merkleRoot };
      expect(ledger.apply(block, tip.height + 1)).toMatchObject({ ok: false, reason: 'bad-coinbase' });
    }
    expect(ledger.tip).toEqual(tip);
  });
});

describe('transfers', () => {
  it('moves amount to the recipient, amount + fee from the sender, and bumps the sender nonce', () => {
    const ledger = funded();
    connect(ledger, [transfer(alice, { to: carol.address, amount: 20, fee: 1, nonce: 0 })], { address: miner.address, amount: 51 });
    expect([ledger.balanceOf(alice.address), ledger.nextNonce(alice.address)]).toEqual([29, 1]);
    expect([ledger.balanceOf(carol.address), ledger.nextNonce(carol.address)]).toEqual([20, 0]);
  });

  it('lets a transfer spend coins received earlier in the same block', () => {
    const ledger = funded();
    connect(ledger, [
      transfer(alice, { to: carol.address, amount: 20, fee: 0, nonce: 0 }),
      transfer(carol, { to: bob.address, amount: 15, fee: 0, nonce: 0 }),
    ]);
    expect([ledger.balanceOf(carol.address), ledger.balanceOf(bob.address)]).toEqual([5, 65]);
  });

  it('refuses a replay of an included transfer (bad-nonce)', () => {
    const ledger = funded();
    const pay = transfer(alice, { to: carol.address, amount: 5, fee: 0, nonce: 0 });
    connect(ledger, [pay]);
    expect(expectRejected(ledger, [pay])).toBe('bad-nonce');
  });

  it('refuses a nonce that leaves a gap (bad-nonce)', () => {
    expect(expectRejected(funded(), [transfer(alice, { to: carol.address, amount: 5, fee: 0, nonce: 1 })])).toBe('bad-nonce');
  });

  it('refuses two transfers spending one nonce in one block (double-spend)', () => {
    const toCarol = transfer(alice, { to: carol.address, amount: 30, fee: 0, nonce: 0 });
    const toBob = transfer(alice, { to: bob.address, amount: 30, fee: 0, nonce: 0 });
    expect(expectRejected(funded(), [toCarol, toBob])).toBe('double-spend');
  });

  it('refuses spending more than the balance, the fee included (overdraft)', () => {
    expect(expectRejected(funded(), [transfer(alice, { to: carol.address, amount: 50, fee: 1, nonce: 0 })])).toBe('overdraft');
    const twice = [0, 1].map((nonce) => transfer(alice, { to: carol.address, amount: 30, fee: 0, nonce }));
    expect(expectRejected(funded(), twice)).toBe('overdraft');
  });

  it('refuses a block spending its own reward: the coinbase is credited last', () => {
    const ledger = funded();
    const spend = transfer(miner, { to: alice.address, amount: 1, fee: 0, nonce: 0 });
    expect(expectRejected(ledger, [spend], { address: miner.address, amount: 50 })).toBe('overdraft');
  });

  it('refuses bad signatures, malformed text and self-transfers', () => {
    const ledger = funded();
    const tx = JSON.parse(transfer(alice, { to: carol.address, amount: 5, fee: 0, nonce: 0 })) as Transfer;
    expect(expectRejected(ledger, [encodeTransfer({ ...tx, amount: 6 })])).toBe('bad-signature');
    expect(expectRejected(ledger, ['hello'])).toBe('malformed-tx');
    expect(expectRejected(ledger, [encodeTransfer({ ...tx, to: alice.address })])).toBe('self-transfer');
  });

  it('applies nothing when one transfer in the middle of the block is bad', () => {
    const ledger = funded();
    const good1 = transfer(alice, { to: carol.address, amount: 5, fee: 1, nonce: 0 });
    const bad = transfer(bob, { to: carol.address, amount: 500, fee: 0, nonce: 0 });
    const good2 = transfer(alice, { to: carol.address, amount: 5, fee: 1, nonce: 1 });
    expect(expectRejected(ledger, [good1, bad, good2])).toBe('overdraft');
    expect(ledger.balanceOf(carol.address)).toBe(0);
  });
});

describe('undo', () => {
  it('restores the exact state, removing accounts the block created', () => {
    const ledger = funded();
    const before = state(ledger);
    const { undo } = connect(ledger, [transfer(alice, { to: carol.address, amount: 20, fee: 2, nonce: 0 })], {
      address: miner.address,
      amount: 52,
    });
    undoBlock(ledger, undo);
    expect(state(ledger)).toEqual(before);
    expect(ledger.entries().map(([address]) => address)).not.toContain(carol.address);
  });

  it('throws on blocks out of order and on an undo that is not the tip', () => {
    const ledger = funded();
    const { undo } = connect(ledger, []);
    connect(ledger, []);
    expect(() => ledger.undo(undo)).toThrow(/does not match/);
    expect(() => ledger.apply(blockOn({ hash: ZERO_HASH, height: 7 }, []), 8)).toThrow(/ledger is at/);
  });

  it('gives clones their own state', () => {
    const ledger = funded();
    const clone = ledger.clone();
    connect(clone, [transfer(alice, { to: carol.address, amount: 1, fee: 0, nonce: 0 })]);
    expect(ledger.balanceOf(alice.address)).toBe(50);
    expect(clone.balanceOf(alice.address)).toBe(49);
  });

  it('property: random valid blocks, applied then undone one by one, retrace every state exactly', () => {
    let transfers = 0;
    for (let seed = 1; seed <= 12; seed++) {
      const random = mulberry32(seed);
      const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
      const randomBytes = seededRandomBytes(seed);
      const wallets = Array.from({ length: 4 }, () => createWallet(randomBytes));
      const ledger = ledgerAtGenesis(GENESIS);
      const history: { state: ReturnType<typeof state>; undo: BlockUndo }[] = [];
      let minted = 0;
      for (let height = 1; height <= 8; height++) {
        const spendable = new Map(wallets.map((w) => [w.address, ledger.balanceOf(w.address)]));
        const nonces = new Map(wallets.map((w) => [w.address, ledger.nextNonce(w.address)]));
        const txs: string[] = [];
        let fees = 0;
        for (let i = Math.floor(random() * 5); i > 0; i--) {
          const from = pick(wallets);
          const to = pick(wallets.filter((w) => w !== from));
          const balance = spendable.get(from.address)!;
          if (balance < 2) continue;
          const fee = Math.floor(random() * 2);
          const amount = 1 + Math.floor(random() * (balance - fee));
          txs.push(transfer(from, { to: to.address, amount, fee, nonce: nonces.get(from.address)! }));
          spendable.set(from.address, balance - amount - fee);
          spendable.set(to.address, spendable.get(to.address)! + amount);
          nonces.set(from.address, nonces.get(from.address)! + 1);
          fees += fee;
        }
        const payout = { address: pick(wallets).address, amount: BLOCK_REWARD + fees - Math.floor(random() * 2) };
        if (txs.length > 0 && random() < 0.3) {
          // A replay of the block's first transfer at its end: refused, and nothing changes.
          expect(expectRejected(ledger, [...txs, txs[0]!], payout)).toMatch(/bad-nonce|double-spend/);
        }
        const before = state(ledger);
        const { undo } = connect(ledger, txs, payout);
        transfers += txs.length;
        minted += payout.amount - fees;
        history.push({ state: before, undo });
        // Coins only appear through coinbases: a fee moves from a sender to the miner's claim.
        const total = ledger.entries().reduce((sum, [, account]) => sum + account.balance, 0);
        expect(total).toBe(minted);
      }
      for (const { state: before, undo } of history.reverse()) {
        ledger.undo(undo);
        expect(state(ledger)).toEqual(before);
      }
      expect(state(ledger)).toEqual({ tip: { hash: GENESIS_HASH, height: 0 }, accounts: [] });
    }
    expect(transfers).toBeGreaterThan(60); // the generator really exercises transfers
  });
});
