/**
 * Drives headers-first sync (see sync.ts) for a Node: picks the one peer to sync from, asks for
 * headers then bodies, feeds the bodies to the Node, and gives up on a peer that stalls.
 */
import type { Block } from '../chain/block';
import type { BlockTree } from '../chain/block-tree';
import { fromHex } from '../chain/bytes';
import { deserializeHeader } from '../chain/header';
import type { Emitter } from '../events/emitter';
import { MAX_HEADERS_PER_BATCH, type encodeMessage, type Message } from '../protocol/messages';
import type { AcceptResult } from './node';
import type { BlockSource, NodeEvents } from './node-events';
import type { PeerState } from './peer-state';
import { Sync, type SyncProgress } from './sync';
import { summary, type MessageSummary } from './summarise';

/** A sync peer that sends nothing we asked for in this long is given up on. */
export const SYNC_STALL_MS = 10_000;

export interface SyncHost {
  tree: BlockTree;
  peers(): Iterable<PeerState>;
  peer(id: string): PeerState | undefined;
  send<T extends Message['type']>(peerId: string, type: T, body: Parameters<typeof encodeMessage<T>>[1], summary: MessageSummary): void;
  acceptBlock(block: Block, source: BlockSource, hash?: string): AcceptResult;
  penalise(peer: PeerState, code: string, detail: string): void;
  announceTip(): void;
  keepOrphan(block: Block, from: string): void;
  events: Emitter<NodeEvents>;
  setTimer?: (fn: () => void, ms: number) => () => void;
}

export class SyncDriver {
  private current: Sync | undefined;
  private cancelStallTimer: (() => void) | undefined;

  constructor(private readonly host: SyncHost) {}

  get progress(): SyncProgress | undefined {
    return this.current?.progress;
  }

  onPeerClose(peerId: string): void {
    if (this.current?.peerId === peerId) this.finish();
  }

  /** A block with an unknown parent came from this peer: fetch what lies between us. */
  startIfIdle(peerId: string): void {
    if (!this.current) this.start(peerId);
  }

  /** Sync from the single peer claiming the most work beyond ours, if none is under way. */
  maybeStart(): void {
    if (this.current) return;
    let best: PeerState | undefined;
    for (const peer of this.host.peers()) {
      const claim = peer.status;
      if (claim && claim.work > this.host.tree.tip.work && !this.host.tree.has(claim.tip)) {
        if (!best || claim.work > best.status!.work) best = peer;
      }
    }
    if (best) this.start(best.id);
  }

  private start(peerId: string): void {
    this.current = new Sync(peerId);
    this.host.events.emit('sync', this.current.progress);
    this.watch(this.current);
    this.host.send(peerId, 'get-headers', { locator: this.host.tree.locator(), max: MAX_HEADERS_PER_BATCH }, summary('getHeadersAfterTip', { height: this.host.tree.tip.height }));
  }

  onHeaders(peer: PeerState, hexHeaders: string[]): void {
    const sync = this.current;
    if (sync?.peerId !== peer.id || sync.phase !== 'headers') return; // unasked: ignore
    const headers = hexHeaders.map((hex) => deserializeHeader(fromHex(hex)));
    const result = sync.addHeaders(headers, (hash) => this.host.tree.has(hash));
    if (!result.ok) {
      this.host.penalise(peer, result.reason, result.detail);
      return this.finish();
    }
    this.host.events.emit('sync', sync.progress);
    this.watch(sync);
    this.requestBodies(sync);
  }

  private requestBodies(sync: Sync): void {
    for (let hashes = sync.nextRequest(); hashes.length > 0; hashes = sync.nextRequest()) {
      this.host.send(sync.peerId, 'get-blocks', { hashes }, summary('getBlocks', { count: hashes.length }));
    }
    if (sync.finished) return this.finish();
    if (sync.moreHeaders && sync.idle) {
      sync.phase = 'headers';
      const locator = [sync.lastHeader!, ...this.host.tree.locator()].slice(0, 64);
      this.host.send(sync.peerId, 'get-headers', { locator, max: MAX_HEADERS_PER_BATCH }, summary('getHeadersAfterHeader', { count: sync.headers }));
    }
  }

  onBlocks(peer: PeerState, blocks: Block[]): void {
    const sync = this.current;
    if (sync?.peerId !== peer.id || sync.phase !== 'bodies') return; // unasked: ignore
    const { wanted, answered } = sync.takeBlocks(blocks);
    for (const { block, hash } of wanted) {
      peer.knows.add(hash);
      const result = this.host.acceptBlock(block, { kind: 'peer', peerId: peer.id }, hash);
      if (!result.ok && result.reason === 'unknown-parent') {
        // Its parent was cut from an earlier, size-capped reply and is being asked for again.
        this.host.keepOrphan(block, peer.id);
        continue;
      }
      if (!result.ok && result.reason !== 'duplicate') {
        this.host.penalise(peer, result.reason, result.detail);
        return this.finish(); // the rest builds on a block we refused
      }
      sync.blocks += 1;
    }
    this.host.events.emit('sync', sync.progress);
    this.watch(sync);
    if (!answered) return this.finish(); // it no longer has them (it reorganised): start over
    this.requestBodies(sync);
  }

  /** (Re)starts the stall timer: each answer from the sync peer buys it another SYNC_STALL_MS. */
  private watch(sync: Sync): void {
    this.cancelStallTimer?.();
    this.cancelStallTimer = this.host.setTimer?.(() => {
      if (this.current !== sync) return;
      const peer = this.host.peer(sync.peerId);
      this.host.events.emit('error', { peerId: sync.peerId, code: 'sync-stalled', detail: `no answer in ${SYNC_STALL_MS / 1000} s; syncing from another peer` });
      if (peer) peer.status = undefined; // not chosen again until it tells us its tip anew
      this.finish();
    }, SYNC_STALL_MS);
  }

  private finish(): void {
    const done = this.current;
    this.current = undefined;
    this.cancelStallTimer?.();
    this.cancelStallTimer = undefined;
    if (done) this.host.events.emit('sync', { ...done.progress, phase: 'done' });
    // A peer whose sync ended short of the work it claimed is not picked again on that claim (it
    // may have lied, or reorganised): otherwise one lying status would keep us asking it forever.
    const peer = done && this.host.peer(done.peerId);
    if (peer?.status && peer.status.work > this.host.tree.tip.work) peer.status = undefined;
    this.host.announceTip();
    this.maybeStart();
  }
}
