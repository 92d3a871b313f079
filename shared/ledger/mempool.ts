/**
 * Transfers waiting for a block. For each sender the pool keeps one chain of pending transfers
 * whose nonces continue the account's next nonce without a gap, and whose amounts plus fees the
 * confirmed balance covers all together, so any prefix of a chain can go into the next block.
 * Coins a sender is still waiting to receive are not counted: like Ethereum's txpool we judge
 * against confirmed state only.
 */
import { coinbaseTx, MAX_BLOCK_BYTES, MAX_TXS_PER_BLOCK, NO_ADDRESS } from '../chain/block';
import { reject, ok, type Result } from '../result';
import { nonceProblem, type LedgerView } from './ledger';
import { decodeTransaction, txId, verifyTransfer, type CheckedTransfer, type TxRejectReason } from './transaction';
import { addressOf } from './wallet';

export interface MempoolInit {
  /** Transfers the pool holds at most. Default 1,000. */
  maxTxs?: number;
  /** Pending transfers per sender. Default 25, Bitcoin Core's default limit on unconfirmed descendants. */
  maxPerSender?: number;
}

export interface PendingTx extends CheckedTransfer {
  /** Arrival order: breaks fee ties (first seen first) and orders `pending()`. */
  seq: number;
}

export interface DroppedTx {
  id: string;
  reason: TxRejectReason;
  detail: string;
}

export interface BlockSelection {
  txs: string[];
  fees: number;
}

/** The longest coinbase `coinbaseTx` can write; a template keeps this much room for it. */
export const COINBASE_MAX_BYTES = coinbaseTx(9_999_999_999, 'm'.repeat(64), 9_999_999_999, {
  address: NO_ADDRESS,
  amount: 999_999_999_999_999,
}).length;

const cost = (p: PendingTx) => p.tx.amount + p.tx.fee;
const byNonce = (a: PendingTx, b: PendingTx) => a.tx.nonce - b.tx.nonce;
/** Higher fee first; at equal fee, first seen first. */
const outranks = (a: PendingTx, b: PendingTx) => a.tx.fee > b.tx.fee || (a.tx.fee === b.tx.fee && a.seq < b.seq);

export class Mempool {
  private readonly maxTxs: number;
  private readonly maxPerSender: number;
  private readonly byId = new Map<string, PendingTx>();
  /** Each sender's pending transfers in nonce order, contiguous from the account's next nonce. */
  private readonly chains = new Map<string, PendingTx[]>();
  private nextSeq = 0;

  constructor(init: MempoolInit = {}) {
    this.maxTxs = init.maxTxs ?? 1_000;
    this.maxPerSender = init.maxPerSender ?? 25;
  }

  get size(): number {
    return this.byId.size;
  }
  has(id: string): boolean {
    return this.byId.has(id);
  }
  /** Everything waiting, first seen first: for the UI. */
  pending(): PendingTx[] {
    return [...this.byId.values()].sort((a, b) => a.seq - b.seq);
  }

  /**
   * Cheap checks before the signature: a peer re-sending what we have costs one hash. There is no
   * replace-by-fee (Bitcoin's BIP125, Ethereum's 10 % bump): a second transfer for a pending nonce
   * is refused as a double spend, first seen wins.
   */
  add(text: string, ledger: LedgerView): Result<PendingTx, TxRejectReason> {
    const id = txId(text);
    if (this.byId.has(id)) return reject('duplicate', `transaction ${id.slice(0, 16)}… is already pending`);
    // Decoding is cheap and the signature is not (about 1.5 ms): judge nonce and balance first, so
    // a peer sending stale or unaffordable transfers costs us little.
    const decoded = decodeTransaction(text);
    if (!decoded.ok) return decoded;
    const entry: PendingTx = { tx: decoded.value, text, id, sender: addressOf(decoded.value.from), seq: this.nextSeq };
    const chain = this.chains.get(entry.sender) ?? [];
    const confirmedNext = ledger.nextNonce(entry.sender);
    const last = chain[chain.length - 1];
    const problem = nonceProblem(entry.tx.nonce, confirmedNext, last ? last.tx.nonce + 1 : confirmedNext);
    if (problem) return problem;
    const spent = chain.reduce((sum, p) => sum + cost(p), 0);
    const balance = ledger.balanceOf(entry.sender);
    if (spent + cost(entry) > balance) {
      return reject('overdraft', `pending spends ${spent} + ${cost(entry)} exceed the balance ${balance}`);
    }
    if (chain.length >= this.maxPerSender) {
      return reject('mempool-full', `this sender already has ${this.maxPerSender} pending transfers`);
    }
    if (!verifyTransfer(entry.tx)) return reject('bad-signature', 'the signature does not match the sender key and fields');
    if (this.byId.size >= this.maxTxs && !this.evictCheaperThan(entry)) {
      return reject('mempool-full', `the pool holds ${this.maxTxs} transfers, none paying a lower fee`);
    }
    this.nextSeq += 1;
    chain.push(entry);
    this.chains.set(entry.sender, chain);
    this.byId.set(id, entry);
    return ok(entry);
  }

  /**
   * A block template's transfers: Ethereum's price-and-nonce order (geth's
   * TransactionsByPriceAndNonce). Each sender's transfers stay in nonce order; across senders the
   * head with the highest fee goes next. Fees are compared whole, not per byte: every transfer is
   * about the same size. Space is kept for the coinbase.
   */
  select(
    ledger: LedgerView,
    maxTxs = MAX_TXS_PER_BLOCK - 1,
    maxBytes = MAX_BLOCK_BYTES - COINBASE_MAX_BYTES,
  ): BlockSelection {
    const queues = [...this.chains].map(([sender, chain]) => this.validPrefix(sender, chain, ledger).kept);
    const txs: string[] = [];
    let fees = 0;
    let bytes = 0;
    while (txs.length < maxTxs) {
      let queue: PendingTx[] | undefined;
      for (const candidate of queues) {
        if (candidate[0] && (!queue?.[0] || outranks(candidate[0], queue[0]))) queue = candidate;
      }
      const head = queue?.shift();
      if (!queue || !head) break;
      // Canonical transfers are ASCII, so characters are bytes. A sender whose next transfer does
      // not fit is done: its later nonces cannot come without it.
      if (bytes + head.text.length > maxBytes) {
        queue.length = 0;
        continue;
      }
      txs.push(head.text);
      fees += head.tx.fee;
      bytes += head.text.length;
    }
    return { txs, fees };
  }

  /** When blocks connect: their transfers leave the pool, and pending ones they outdated go too. */
  removeIncluded(txs: readonly string[], ledger: LedgerView): DroppedTx[] {
    for (const text of txs) this.delete(txId(text));
    return this.revalidate(ledger, []);
  }

  /**
   * After a reorg, transfers of abandoned blocks come back (as Bitcoin Core's
   * MaybeUpdateMempoolForReorg does) and the whole pool is judged again against the new ledger;
   * whatever no longer fits is dropped and reported. Their signatures were checked when their
   * block connected, so only decoding and the ledger checks run again.
   */
  returnToPool(txs: readonly string[], ledger: LedgerView): DroppedTx[] {
    const dropped: DroppedTx[] = [];
    const returned: PendingTx[] = [];
    for (const text of txs) {
      const id = txId(text);
      if (this.byId.has(id)) continue;
      const decoded = decodeTransaction(text);
      if (!decoded.ok) {
        dropped.push({ id, reason: decoded.reason, detail: decoded.detail });
        continue;
      }
      returned.push({ tx: decoded.value, text, id, sender: addressOf(decoded.value.from), seq: this.nextSeq++ });
    }
    return [...dropped, ...this.revalidate(ledger, returned)];
  }

  /** Rebuilds every chain from its valid prefix, then trims to the size limit by lowest fee. */
  private revalidate(ledger: LedgerView, returned: PendingTx[]): DroppedTx[] {
    const dropped: DroppedTx[] = [];
    const candidates = new Map<string, PendingTx[]>();
    // Returned transfers go first so that, at equal nonce, the one that was mined wins (stable sort).
    for (const p of [...returned, ...[...this.chains.values()].flat()]) {
      const list = candidates.get(p.sender) ?? [];
      list.push(p);
      candidates.set(p.sender, list);
    }
    this.byId.clear();
    this.chains.clear();
    for (const [sender, list] of candidates) {
      const { kept, rejected } = this.validPrefix(sender, list.sort(byNonce), ledger);
      dropped.push(...rejected);
      if (kept.length === 0) continue;
      this.chains.set(sender, kept);
      for (const p of kept) this.byId.set(p.id, p);
    }
    while (this.byId.size > this.maxTxs) {
      const victim = this.cheapestTail(undefined);
      if (!victim) break;
      this.delete(victim.id);
      dropped.push({ id: victim.id, reason: 'mempool-full', detail: 'evicted: the pool is full and this fee was lowest' });
    }
    return dropped;
  }

  /**
   * The longest prefix of a nonce-sorted chain that the ledger accepts, and why the rest fails.
   * A rejected transfer does not advance the expected nonce, so everything after an overdraft
   * fails as a gap, while a stale or repeated nonce sinks only itself.
   */
  private validPrefix(sender: string, chain: readonly PendingTx[], ledger: LedgerView) {
    const kept: PendingTx[] = [];
    const rejected: DroppedTx[] = [];
    const confirmedNext = ledger.nextNonce(sender);
    let budget = ledger.balanceOf(sender);
    for (const p of chain) {
      const problem =
        nonceProblem(p.tx.nonce, confirmedNext, confirmedNext + kept.length) ??
        (cost(p) > budget ? reject('overdraft', `spends ${cost(p)} but only ${budget} is left`) : null) ??
        (kept.length >= this.maxPerSender ? reject('mempool-full', `over ${this.maxPerSender} pending`) : null);
      if (problem) {
        rejected.push({ id: p.id, reason: problem.reason, detail: problem.detail });
        continue;
      }
      kept.push(p);
      budget -= cost(p);
    }
    return { kept, rejected };
  }

  /**
   * Makes room for `entry` by evicting the lowest-fee transfer that is last in its sender's chain
   * (removing one from the middle would leave a gap). Bitcoin Core trims its pool by fee rate too.
   */
  private evictCheaperThan(entry: PendingTx): boolean {
    const victim = this.cheapestTail(entry.sender);
    if (!victim || victim.tx.fee >= entry.tx.fee) return false;
    this.delete(victim.id);
    return true;
  }

  private cheapestTail(exceptSender: string | undefined): PendingTx | undefined {
    let victim: PendingTx | undefined;
    for (const [sender, chain] of this.chains) {
      const tail = chain[chain.length - 1];
      if (sender === exceptSender || !tail) continue;
      // Lowest fee; among equals, the newest goes (first seen keeps its place).
      if (!victim || outranks(victim, tail)) victim = tail;
    }
    return victim;
  }

  private delete(id: string): void {
    const entry = this.byId.get(id);
    if (!entry) return;
    this.byId.delete(id);
    const chain = (this.chains.get(entry.sender) ?? []).filter((p) => p.id !== id);
    if (chain.length > 0) this.chains.set(entry.sender, chain);
    else this.chains.delete(entry.sender);
  }
}
