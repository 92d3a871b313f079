/**
 * Transfers between nodes: into the mempool, on to every neighbour that does not have them, and
 * handed to a newly connected peer. A transfer that cannot be judged yet — it spends coins from a
 * block we have not synced, or follows a nonce we have not seen — waits in a small pool and is
 * tried again when the tip moves (Bitcoin Core keeps such "orphan transactions" too).
 */
import type { Emitter } from '../events/emitter';
import type { PendingTx } from '../ledger/mempool';
import { decodeTransaction, txId, type TxRejectReason } from '../ledger/transaction';
import { addressOf } from '../ledger/wallet';
import type { Result } from '../result';
import type { ChainState } from './chain-state';
import type { NodeEvents } from './node-events';
import type { PeerState } from './peer-state';
import { summary, type MessageSummary } from './summarise';

/** Pending transfers handed to a peer when its channel opens (the newest ones). */
export const MEMPOOL_SHARED_ON_OPEN = 200;
/** Transfers waiting for the chain to catch up; the oldest are forgotten first. */
export const MAX_WAITING_TXS = 100;

export interface TxRelayHost {
  chain: ChainState;
  peers(): Iterable<PeerState>;
  send(peerId: string, tx: string, summary: MessageSummary): void;
  penalise(peer: PeerState, code: string, detail: string): void;
  events: Emitter<NodeEvents>;
}

/** Tip changes a waiting transfer is tried at before it is forgotten. */
export const MAX_TRIES = 6;

/** Reasons that may only mean "not yet": our chain or mempool is behind the sender's. */
const MAYBE_LATER: ReadonlySet<TxRejectReason> = new Set(['overdraft', 'bad-nonce']);

export class TxRelay {
  private readonly waiting = new Map<string, { text: string; from: string; tries: number }>();

  constructor(private readonly host: TxRelayHost) {}

  submit(text: string): Result<PendingTx, TxRejectReason> {
    const result = this.host.chain.mempool.add(text, this.host.chain.ledger);
    if (result.ok) this.accepted(result.value, undefined);
    return result;
  }

  onTx(peer: PeerState, text: string): void {
    const id = txId(text);
    peer.knows.add(id);
    const result = this.host.chain.mempool.add(text, this.host.chain.ledger);
    if (result.ok) return this.accepted(result.value, peer.id);
    if (result.reason === 'duplicate') return;
    // A forged or garbled transfer is an offence; a stale nonce or a spent balance can be a race.
    if (result.reason === 'bad-signature' || result.reason === 'malformed-tx' || result.reason === 'self-transfer') {
      return this.host.penalise(peer, result.reason, result.detail);
    }
    if (MAYBE_LATER.has(result.reason)) {
      this.waiting.set(id, { text, from: peer.id, tries: 0 });
      if (this.waiting.size > MAX_WAITING_TXS) this.waiting.delete(this.waiting.keys().next().value as string);
      return;
    }
    this.host.events.emit('error', { peerId: peer.id, code: result.reason, detail: `transfer refused: ${result.detail}` });
  }

  /** The tip moved: transfers that could not be judged before may fit now. */
  retryWaiting(): void {
    for (const [id, entry] of [...this.waiting]) {
      const result = this.host.chain.mempool.add(entry.text, this.host.chain.ledger);
      if (result.ok) this.accepted(result.value, entry.from);
      // A nonce the chain has already used will never fit again; a gap gets a few more blocks.
      const stale = !result.ok && this.nonceUsed(entry.text);
      entry.tries += 1;
      if (result.ok || !MAYBE_LATER.has(result.reason) || stale || entry.tries >= MAX_TRIES) this.waiting.delete(id);
    }
  }

  private nonceUsed(text: string): boolean {
    const decoded = decodeTransaction(text);
    if (!decoded.ok) return true;
    const { from, nonce } = decoded.value;
    return nonce < this.host.chain.ledger.nextNonce(addressOf(from));
  }

  /** A newcomer learns what is waiting to be mined, not only what was mined (Bitcoin's `mempool`). */
  shareWith(peer: PeerState): void {
    for (const tx of this.host.chain.mempool.pending().slice(-MEMPOOL_SHARED_ON_OPEN)) {
      peer.knows.add(tx.id);
      this.host.send(peer.id, tx.text, summary('txPending', { amount: tx.tx.amount, fee: tx.tx.fee }));
    }
  }

  private accepted(tx: PendingTx, from: string | undefined): void {
    this.host.events.emit('mempool-changed');
    for (const peer of this.host.peers()) {
      if (peer.foreign || peer.id === from || peer.knows.has(tx.id)) continue;
      peer.knows.add(tx.id);
      this.host.send(peer.id, tx.text, summary('txOut', { amount: tx.tx.amount, fee: tx.tx.fee }));
    }
  }
}
