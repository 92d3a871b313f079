/**
 * The account ledger (Ethereum's "world state", cut down): for every address a balance and the
 * next nonce it may use. Blocks move it forward one at a time; every block leaves an undo record,
 * so a reorg walks it back exactly (Bitcoin keeps the same kind of record in its rev*.dat files).
 */
import { blockHash, parseCoinbase, type Block } from '../chain/block';
import { ZERO_HASH } from '../chain/bytes';
import { reject, ok, type Rejected, type Result } from '../result';
import { checkTransfer, type TxRejectReason } from './transaction';

export interface Account {
  readonly balance: number;
  readonly nonce: number;
}

/** What the mempool needs to know of the ledger: read-only. */
export interface LedgerView {
  balanceOf(address: string): number;
  nextNonce(address: string): number;
}

/** The block the ledger state is the result of; before genesis, the zero hash at height -1. */
export interface LedgerTip {
  hash: string;
  height: number;
}

/** Everything needed to take one block back out: each touched account as it was before. */
export interface BlockUndo {
  hash: string;
  prevHash: string;
  height: number;
  /** `previous: null` means the account did not exist before this block. */
  accounts: { address: string; previous: Account | null }[];
}

/** Whole coins a block may create. Bitcoin started at 50 too; we never halve it. */
export const BLOCK_REWARD = 50;
/** The genesis block creates nothing: every node hard-codes it, so nobody mined it. */
export const blockReward = (height: number): number => (height === 0 ? 0 : BLOCK_REWARD);

const EMPTY: Account = { balance: 0, nonce: 0 };

/**
 * Ethereum's nonce rule: a sender's transfers are used in strict order, one per nonce. A nonce
 * below what the chain already consumed is a replay ('bad-nonce'). A nonce already taken by an
 * earlier transfer *in the same batch* (the same block, or the same sender's pending chain in the
 * mempool) is two transfers spending one slot: we call that 'double-spend', because that is what
 * a student is trying when they sign two payments with one nonce. A nonce past the next free one
 * leaves a gap ('bad-nonce'): it could only ever be valid after the missing one.
 */
export function nonceProblem(
  nonce: number,
  confirmedNext: number,
  expected: number,
): Rejected<'bad-nonce' | 'double-spend'> | null {
  if (nonce < confirmedNext) {
    return reject('bad-nonce', `nonce ${nonce} was already used on chain (next is ${confirmedNext})`);
  }
  if (nonce < expected) {
    return reject('double-spend', `nonce ${nonce} is already spent by another transfer in this batch`);
  }
  if (nonce > expected) return reject('bad-nonce', `nonce ${nonce} leaves a gap (next is ${expected})`);
  return null;
}

export class Ledger implements LedgerView {
  /** Accounts are immutable records, so a clone only copies the map. Zero accounts are absent. */
  private readonly accounts: Map<string, Account>;
  private tipState: LedgerTip;

  constructor(accounts: ReadonlyMap<string, Account> = new Map(), tip: LedgerTip = { hash: ZERO_HASH, height: -1 }) {
    this.accounts = new Map(accounts);
    this.tipState = { ...tip };
  }

  get tip(): LedgerTip {
    return { ...this.tipState };
  }
  balanceOf(address: string): number {
    return this.accounts.get(address)?.balance ?? 0;
  }
  nextNonce(address: string): number {
    return this.accounts.get(address)?.nonce ?? 0;
  }
  account(address: string): Account {
    return this.accounts.get(address) ?? EMPTY;
  }
  /** Every account that holds coins or has sent, sorted by address: for the UI and for tests. */
  entries(): [string, Account][] {
    return [...this.accounts.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  }
  clone(): Ledger {
    return new Ledger(this.accounts, this.tipState);
  }

  /**
   * Applies all of the block's payments or none: changes are staged in a scratch map and only
   * written once every check passed, so a bad transfer in the middle leaves no trace.
   * Blocks must come in chain order; anything else is a bug in the caller, so it throws.
   */
  apply(block: Block, height: number): Result<BlockUndo, TxRejectReason> {
    const { prevHash } = block.header;
    if (prevHash !== this.tipState.hash || height !== this.tipState.height + 1) {
      throw new Error(
        `ledger is at ${this.tipState.hash.slice(0, 16)}… (height ${this.tipState.height}); ` +
          `the block builds on ${prevHash.slice(0, 16)}… at height ${height}`,
      );
    }
    const [coinbaseText, ...rest] = block.txs;
    // Genesis carries the room's chain parameters after its coinbase, not payments. Nothing else
    // can sit at height 0: every node builds genesis itself from the parameters.
    const transfers = height === 0 ? [] : rest;
    const coinbase = coinbaseText === undefined ? null : parseCoinbase(coinbaseText);
    if (!coinbase || coinbase.height !== height) {
      return reject('bad-coinbase', `the first transaction must be a coinbase for height ${height}`);
    }
    const staged = new Map<string, Account>();
    const read = (address: string) => staged.get(address) ?? this.account(address);
    let fees = 0;
    for (const [i, text] of transfers.entries()) {
      const where = `transaction ${i + 1}`;
      const checked = checkTransfer(text);
      if (!checked.ok) return reject(checked.reason, `${where}: ${checked.detail}`);
      const { tx, sender } = checked.value;
      const from = read(sender);
      const problem = nonceProblem(tx.nonce, this.nextNonce(sender), from.nonce);
      if (problem) return reject(problem.reason, `${where}: ${problem.detail}`);
      const cost = tx.amount + tx.fee;
      if (from.balance < cost) {
        return reject('overdraft', `${where}: spends ${cost} (amount + fee) but ${sender} holds ${from.balance}`);
      }
      staged.set(sender, { balance: from.balance - cost, nonce: from.nonce + 1 });
      const to = read(tx.to);
      staged.set(tx.to, { balance: to.balance + tx.amount, nonce: to.nonce });
      fees += tx.fee;
    }
    // Bitcoin's ConnectBlock checks the coinbase last, once the fees are known ("bad-cb-amount").
    // Claiming less than allowed is fine: the rest is never created, as in Bitcoin.
    const allowed = blockReward(height) + fees;
    if (coinbase.amount > allowed) {
      const detail = `the coinbase pays ${coinbase.amount}, more than reward + fees = ${allowed}`;
      return reject('bad-coinbase-amount', detail);
    }
    // Credited after the transfers, as Ethereum pays block rewards after the last transaction:
    // a block cannot spend its own reward.
    if (coinbase.amount > 0) {
      const miner = read(coinbase.address);
      staged.set(coinbase.address, { balance: miner.balance + coinbase.amount, nonce: miner.nonce });
    }
    const hash = blockHash(block);
    const undo: BlockUndo = { hash, prevHash, height, accounts: [] };
    for (const [address, next] of staged) {
      undo.accounts.push({ address, previous: this.accounts.get(address) ?? null });
      this.accounts.set(address, next);
    }
    this.tipState = { hash, height };
    return ok(undo);
  }

  /** Takes the tip block back out. Only the tip's own undo fits; anything else is a caller bug. */
  undo(undo: BlockUndo): void {
    if (undo.hash !== this.tipState.hash || undo.height !== this.tipState.height) {
      const tip = this.tipState.hash.slice(0, 16);
      throw new Error(`undo for ${undo.hash.slice(0, 16)}… does not match the ledger tip ${tip}…`);
    }
    for (const { address, previous } of undo.accounts) {
      if (previous) this.accounts.set(address, previous);
      else this.accounts.delete(address);
    }
    this.tipState = { hash: undo.prevHash, height: undo.height - 1 };
  }
}

/** The free-function spelling of Ledger.apply / Ledger.undo. */
export const applyBlock = (ledger: Ledger, block: Block, height: number): Result<BlockUndo, TxRejectReason> =>
  ledger.apply(block, height);
export const undoBlock = (ledger: Ledger, undo: BlockUndo): void => ledger.undo(undo);
