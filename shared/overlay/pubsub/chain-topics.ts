/**
 * Blocks and transactions as topics. Every full node follows both: it needs every block to keep the
 * chain and every transfer to mine it. The chain's own relay already floods them with dedupe — a
 * block is announced by hash (`inv`), its body fetched once (`get-data`/`block`) and re-announced to
 * neighbours not known to have it; a transfer is pushed to neighbours not known to have it — which
 * is a topic flood with a seen-cache. So these two topics are never sent again as pub/sub frames
 * (every block would cross every link twice); their logs are fed from the node's own events, and
 * their duplicates are the copies the chain relay received that brought nothing new.
 */
import { minerOf } from '../../chain/block';
import type { TreeEntry } from '../../chain/block-tree';
import type { PendingTx } from '../../ledger/mempool';
import type { TopicMessage } from './topic-log';

export const CHAIN_TOPICS = ['blocks', 'transactions'] as const;
export type ChainTopic = (typeof CHAIN_TOPICS)[number];

export const isChainTopic = (topic: string): topic is ChainTopic => (CHAIN_TOPICS as readonly string[]).includes(topic);

/** A block that joined our tree, as a message on `blocks`: its miner is its publisher. */
export function blockMessage(entry: TreeEntry, from: string | null, now: number): TopicMessage {
  const miner = minerOf(entry.block);
  const transfers = entry.block.txs.length - 1;
  return {
    id: `block:${entry.hash}`,
    topic: 'blocks',
    origin: miner,
    seqno: entry.height,
    data: `#${entry.height} ${entry.hash.slice(0, 16)}… mined by ${miner}, ${transfers} transfer(s)`,
    from,
    receivedAt: now,
  };
}

/** A transfer that entered our mempool, as a message on `transactions`: its sender is its publisher. */
export function transferMessage(pending: PendingTx, from: string | null, now: number): TopicMessage {
  const { tx } = pending;
  return {
    id: `tx:${pending.id}`,
    topic: 'transactions',
    origin: pending.sender,
    seqno: tx.nonce,
    data: `${tx.amount} coins to ${tx.to.slice(0, 10)}…, fee ${tx.fee}`,
    from,
    receivedAt: now,
  };
}

/**
 * Counts the chain relay's copies that brought nothing new: an `inv` after which we asked for no
 * body (we had the block, or had asked someone else), a `tx` that neither entered the mempool nor
 * was refused. Whether a copy was useful is known once the node has handled it, and the node
 * handles each message synchronously before the next one from any peer, so a copy is settled when
 * the next message arrives (or when the counts are read, from outside the node's handling).
 */
export class ChainCopies {
  private pending: { topic: ChainTopic; peer: string; useful: boolean } | null = null;
  private readonly duplicates = new Map<ChainTopic, number>();

  /** A message from `peer` arrived; `topic` when it is a copy of a chain-topic message. */
  arrived(peer: string, topic: ChainTopic | null): boolean {
    const settledDuplicate = this.settle();
    this.pending = topic ? { topic, peer, useful: false } : null;
    return settledDuplicate;
  }

  /** The copy being handled brought something, or was judged (refused): not a duplicate. */
  handled(peer: string): void {
    if (this.pending?.peer === peer) this.pending.useful = true;
  }

  /** The peer whose copy of `topic` is being handled, if any: who brought what just arrived. */
  bringer(topic: ChainTopic): string | null {
    return this.pending?.topic === topic ? this.pending.peer : null;
  }

  duplicatesOn(topic: ChainTopic): number {
    this.settle();
    return this.duplicates.get(topic) ?? 0;
  }

  /** Returns whether a duplicate was counted. */
  private settle(): boolean {
    const copy = this.pending;
    this.pending = null;
    if (!copy || copy.useful) return false;
    this.duplicates.set(copy.topic, (this.duplicates.get(copy.topic) ?? 0) + 1);
    return true;
  }
}
