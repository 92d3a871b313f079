/**
 * New blocks between neighbours, announce first and body on request (Bitcoin's inv / getdata /
 * block): a node tells each neighbour its new tip by hash, a neighbour that lacks it asks one peer
 * for the body, and a body that arrives is stored if it was asked for or would move the tip. Only
 * hashes flood, so a block crosses each link once. Catching up on many blocks is sync's business
 * (sync-driver.ts); answering get-data is serving's (serving.ts).
 */
import { blockHash, type Block } from '../chain/block';
import type { BlockTree } from '../chain/block-tree';
import type { MessageType } from '../protocol/messages';
import { BlockRequests } from './block-requests';
import type { AcceptResult } from './node';
import type { BlockSource } from './node-events';
import type { OrphanPool } from './orphan-pool';
import type { MessageBody } from './outbox';
import type { PeerState } from './peer-state';
import type { RelayStats } from './relay-stats';
import { summary as summaryOf, type MessageSummary } from './summarise';

export interface BlockRelayHost {
  tree: BlockTree;
  orphans: OrphanPool;
  stats: RelayStats;
  now: () => number;
  peers(): Iterable<PeerState>;
  send<T extends MessageType>(peerId: string, type: T, body: MessageBody<T>, summary: MessageSummary, blockHashes?: string[]): void;
  acceptBlock(block: Block, source: BlockSource, hash?: string): AcceptResult;
  penalise(peer: PeerState, code: string, detail: string): void;
  /** A block whose parent we lack came from this peer: sync from it, unless a sync is under way. */
  syncFrom(peerId: string): void;
}

export class BlockRelay {
  private readonly requests = new BlockRequests();

  constructor(private readonly host: BlockRelayHost) {}

  /** Announce our tip, by hash, to every neighbour not known to have it. */
  announceTip(): void {
    const tip = this.host.tree.tip;
    for (const peer of this.host.peers()) {
      if (peer.foreign || peer.knows.has(tip.hash)) continue;
      peer.knows.add(tip.hash);
      this.host.send(peer.id, 'inv', { hashes: [tip.hash] }, summaryOf('announce', { height: tip.height, hash: tip.hash.slice(0, 12) }), [tip.hash]);
    }
  }

  /** A neighbour announced blocks: ask it for those we lack and have not already asked someone for. */
  onInv(peer: PeerState, hashes: readonly string[], bytes: number): void {
    const { tree, orphans, stats } = this.host;
    hashes.forEach((hash) => peer.knows.add(hash));
    const lacking = hashes.filter((h) => !tree.has(h) && !orphans.has(h));
    for (const hash of hashes) stats.record(hash, peer.id, 'in', bytes / hashes.length);
    const wanted = this.requests.want(lacking, peer.id, this.host.now());
    if (wanted.length === 0) return;
    this.host.send(peer.id, 'get-data', { hashes: wanted }, summaryOf('getData', { count: wanted.length }), wanted);
  }

  onBlock(peer: PeerState, block: Block, bytes: number): void {
    const { tree } = this.host;
    const hash = blockHash(block);
    peer.knows.add(hash);
    this.host.stats.record(hash, peer.id, 'in', bytes);
    const asked = this.requests.arrived(hash, peer.id);
    // An unasked body that would not move our tip is not stored (Bitcoin's AcceptBlock): otherwise
    // a peer could fill our tree and disk with cheap side branches.
    const parent = tree.get(block.header.prevHash);
    if (!asked && parent && tree.entryFor(block, hash).work <= tree.tip.work) return;
    const result = this.host.acceptBlock(block, { kind: 'peer', peerId: peer.id }, hash);
    if (result.ok) return this.announceTip();
    if (result.reason === 'duplicate') return;
    if (result.reason === 'unknown-parent') {
      // Not an offence: we are behind. Keep the block and fetch what lies between us.
      this.host.orphans.add(hash, block, peer.id);
      this.host.syncFrom(peer.id);
      return;
    }
    this.host.penalise(peer, result.reason, result.detail);
  }

  /** The link closed: its unanswered requests may go to the next peer that announces those blocks. */
  forgetPeer(peerId: string): void {
    this.requests.forgetPeer(peerId);
  }
}
