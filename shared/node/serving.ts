/**
 * What a node answers when a peer asks for the chain it holds: bodies by `get-data` (relay),
 * headers by `get-headers` and bodies by `get-blocks` (sync). Every answer waits its turn in the
 * peer's serving budget (serve-budget.ts, via PeerGuards) and is charged only for what the peer
 * asks again: an honest syncing peer is served at full speed, one that asks for the same blocks
 * over and over is slowed, then scored. Kept apart from the node so the rules of what is sent
 * once, and what a reply costs, sit in one place.
 */
import { blockHash } from '../chain/block';
import type { BlockTree } from '../chain/block-tree';
import type { MessageType } from '../protocol/messages';
import { MAX_REPLY_CHARS } from './node-init';
import type { MessageBody } from './outbox';
import type { PeerGuards } from './peer-guards';
import type { PeerState } from './peer-state';
import { blocksForReply, headersForReply } from './replies';
import { summary as summaryOf, type MessageSummary } from './summarise';

export interface ChainServingHost {
  tree: BlockTree;
  guards: PeerGuards;
  /** Sends, and returns the characters put on the wire (Outbox.send). */
  send<T extends MessageType>(peerId: string, type: T, body: MessageBody<T>, summary: MessageSummary, blockHashes?: string[]): number;
}

export class ChainServing {
  constructor(private readonly host: ChainServingHost) {}

  /** `block`s for a get-data, charged nothing: sendBodies never sends a body twice, so nothing is a repeat. */
  getData(peer: PeerState, hashes: readonly string[]): void {
    this.host.guards.serve(peer, 'get-data', () => (this.sendBodies(peer, hashes), 0));
  }

  /** Main-chain headers after the locator; charged for those below the height this peer was already sent. */
  getHeaders(peer: PeerState, locator: readonly string[], max: number): void {
    const { tree, guards } = this.host;
    guards.serve(peer, 'get-headers', () => {
      const headers = headersForReply(tree, locator, max);
      const fork = locator.find((hash) => tree.isOnMainChain(hash));
      const chars = this.host.send(peer.id, 'headers', { headers }, summaryOf('headers', { count: headers.length }));
      return peer.sentHeaders.charge(fork === undefined ? 0 : tree.get(fork)!.height + 1, headers.length, chars);
    });
  }

  /** A `blocks` reply for a sync; charged the share of its bodies this peer was already sent. */
  getBlocks(peer: PeerState, hashes: string[]): void {
    this.host.guards.serve(peer, 'get-blocks', () => this.sendBlocks(peer, hashes));
  }

  private sendBlocks(peer: PeerState, hashes: string[]): number {
    const blocks = blocksForReply(this.host.tree, hashes, MAX_REPLY_CHARS);
    let repeated = 0;
    for (const block of blocks) {
      const hash = blockHash(block);
      if (peer.sentBodies.has(hash)) repeated++;
      peer.sentBodies.add(hash);
      peer.knows.add(hash);
    }
    const chars = this.host.send(peer.id, 'blocks', { blocks }, summaryOf('blocks', { count: blocks.length }));
    return blocks.length === 0 ? chars : Math.ceil((chars * repeated) / blocks.length);
  }

  /** `block`s for a get-data, each body once per peer, up to MAX_REPLY_CHARS a request (the asker re-asks the rest). */
  private sendBodies(peer: PeerState, hashes: readonly string[]): number {
    let chars = 0;
    for (const hash of hashes) {
      const entry = this.host.tree.get(hash);
      if (!entry || peer.sentBodies.has(hash)) continue; // never the same body twice to a peer
      if (chars >= MAX_REPLY_CHARS) break;
      peer.sentBodies.add(hash);
      peer.knows.add(hash);
      chars += this.host.send(peer.id, 'block', { block: entry.block }, summaryOf('announce', { height: entry.height, hash: hash.slice(0, 12) }), [hash]);
    }
    return chars;
  }
}
