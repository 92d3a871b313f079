/**
 * A full node: it keeps the block tree, validates what peers send, relays new blocks, syncs from
 * one peer at a time, and builds templates for a miner. It is given its transport and clock and
 * reaches for nothing global, so the same code runs in a browser tab over WebRTC and in a test
 * over the memory transport.
 */
import { blockHash, coinbaseTx, type Block } from '../chain/block';
import { BlockTree, type TreeEntry } from '../chain/block-tree';
import { merkleRoot } from '../chain/merkle';
import { bitsForDifficulty } from '../chain/target';
import { validateBlock, type BlockRejectReason } from '../chain/validate';
import { Emitter } from '../events/emitter';
import { decodeMessage, encodeMessage, MAX_BLOCKS_PER_BATCH, type Message } from '../protocol/messages';
import { ok, reject, type Result } from '../result';
import type { Transport } from '../transport/transport';
import type { BlockSource, NodeEvents } from './node-events';
import { PeerState } from './peer-state';

export interface NodeInit {
  /** Name written into the coinbase of blocks this node mines. */
  minerName: string;
  /** Misbehaviour points at which a peer is disconnected. Default 100. */
  dropThreshold?: number;
}

export interface NodeComponents {
  transport: Transport;
  /** Milliseconds since the epoch. */
  now: () => number;
}

/** Points a peer earns per offence; a malformed message is cheaper than a block that lies. */
const PENALTY = { undecodable: 10, invalidBlock: 20 } as const;

export class Node {
  readonly events = new Emitter<NodeEvents>();
  readonly tree = new BlockTree();
  private readonly peers = new Map<string, PeerState>();
  private readonly unsubscribe: Array<() => void> = [];
  /** The one peer we are downloading blocks from, and how many it has sent in this sync. */
  private sync: { peerId: string; received: number } | undefined;
  private readonly dropThreshold: number;

  constructor(
    private readonly init: NodeInit,
    private readonly components: NodeComponents,
  ) {
    this.dropThreshold = init.dropThreshold ?? 100;
  }

  get id(): string {
    return this.components.transport.localId;
  }
  get tip(): TreeEntry {
    return this.tree.tip;
  }
  peerIds(): string[] {
    return [...this.peers.keys()];
  }

  start(): void {
    const { transport } = this.components;
    this.unsubscribe.push(
      transport.on('peer-open', (peerId) => this.onPeerOpen(peerId)),
      transport.on('peer-close', (peerId) => this.onPeerClose(peerId)),
      transport.on('message', (peerId, data) => this.onRawMessage(peerId, data)),
      transport.on('error', (peerId, error) =>
        this.events.emit('error', { peerId, code: error.code, detail: error.message }),
      ),
    );
    for (const peerId of transport.connectedPeers()) this.onPeerOpen(peerId);
  }

  stop(): void {
    for (const off of this.unsubscribe.splice(0)) off();
  }

  /** A block for the miner to solve on top of the current tip (nonce 0). */
  blockTemplate(difficultyBits: number, extraNonce = 0): Block {
    const tip = this.tree.tip;
    const txs = [coinbaseTx(tip.height + 1, this.init.minerName, extraNonce)];
    // Bitcoin's rule: later than the median of the last 11 blocks, however slow our clock is.
    const time = Math.max(Math.floor(this.components.now() / 1000), this.tree.medianTimePast(tip.hash) + 1);
    return {
      header: { version: 1, prevHash: tip.hash, merkleRoot: merkleRoot(txs), time, bits: bitsForDifficulty(difficultyBits), nonce: 0 },
      txs,
    };
  }

  /** A block our own miner found: validated like any other, then relayed. */
  submitMinedBlock(block: Block): Result<TreeEntry, BlockRejectReason | 'duplicate'> {
    const result = this.acceptBlock(block, { kind: 'local' });
    if (result.ok) this.relayIfTip(result.value, undefined);
    return result;
  }

  private acceptBlock(block: Block, source: BlockSource): Result<TreeEntry, BlockRejectReason | 'duplicate'> {
    const hash = blockHash(block);
    if (this.tree.has(hash)) return reject('duplicate', `already have ${hash.slice(0, 16)}…`);
    const verdict = validateBlock(block, {
      parent: this.tree.parentInfo(block.header.prevHash),
      nowMs: this.components.now(),
    });
    if (!verdict.ok) return verdict;
    const change = this.tree.add(block, hash);
    const entry = this.tree.get(hash)!;
    this.events.emit('block-accepted', entry, source);
    if (change.choice.kind !== 'keep') this.events.emit('tip-changed', this.tree.tip, change);
    return ok(entry);
  }

  /** Announce a block that became our tip to every neighbour not known to have it. */
  private relayIfTip(entry: TreeEntry, except: string | undefined): void {
    if (this.tree.tip.hash !== entry.hash) return;
    for (const peer of this.peers.values()) {
      if (peer.id === except || peer.knows(entry.hash)) continue;
      peer.markKnown(entry.hash);
      this.send(peer.id, 'block', { block: entry.block }, `#${entry.height} ${entry.hash.slice(0, 12)}`);
    }
  }

  private onPeerOpen(peerId: string): void {
    if (this.peers.has(peerId)) return;
    this.peers.set(peerId, new PeerState(peerId));
    this.events.emit('peer-open', peerId);
    const tip = this.tree.tip;
    this.send(peerId, 'status', { tip: tip.hash, height: tip.height, work: tip.work.toString(16) }, `tip #${tip.height}`);
  }

  private onPeerClose(peerId: string): void {
    if (!this.peers.delete(peerId)) return;
    this.events.emit('peer-close', peerId);
    if (this.sync?.peerId === peerId) this.finishSync();
  }

  private onRawMessage(peerId: string, data: unknown): void {
    const peer = this.peers.get(peerId);
    if (!peer) return; // a late message from a channel that already closed
    const decoded = decodeMessage(data);
    if (!decoded.ok) {
      this.penalise(peer, PENALTY.undecodable, decoded.reason, decoded.detail);
      return;
    }
    const message = decoded.value;
    this.events.emit('message', peerId, 'in', message.type, summarise(message));
    switch (message.type) {
      case 'status':
        peer.status = { tip: message.tip, height: message.height, work: BigInt('0x' + message.work) };
        this.maybeStartSync();
        return;
      case 'get-blocks': {
        const blocks = this.tree.blocksAfterLocator(message.locator, message.max);
        for (const block of blocks) peer.markKnown(blockHash(block));
        this.send(peerId, 'blocks', { blocks }, `${blocks.length} blocks`);
        return;
      }
      case 'blocks':
        return this.onBlocks(peer, message.blocks);
      case 'block':
        return this.onBlock(peer, message.block);
    }
  }

  private onBlock(peer: PeerState, block: Block): void {
    const hash = blockHash(block);
    peer.markKnown(hash);
    const result = this.acceptBlock(block, { kind: 'peer', peerId: peer.id });
    if (result.ok) return this.relayIfTip(result.value, peer.id);
    if (result.reason === 'duplicate') return;
    if (result.reason === 'unknown-parent') {
      // Not an offence: we are behind. Ask this peer for what lies between us.
      peer.status ??= { tip: hash, height: 0, work: 0n };
      if (!this.sync) this.startSync(peer.id);
      return;
    }
    this.penalise(peer, PENALTY.invalidBlock, result.reason, result.detail);
  }

  private onBlocks(peer: PeerState, blocks: Block[]): void {
    const tipBefore = this.tree.tip;
    for (const block of blocks) {
      peer.markKnown(blockHash(block));
      const result = this.acceptBlock(block, { kind: 'peer', peerId: peer.id });
      if (!result.ok && result.reason !== 'duplicate') {
        this.penalise(peer, PENALTY.invalidBlock, result.reason, result.detail);
        break; // the rest builds on a block we refused
      }
    }
    if (this.tree.tip.hash !== tipBefore.hash) this.relayIfTip(this.tree.tip, peer.id);
    if (this.sync?.peerId !== peer.id) return;
    this.sync.received += blocks.length;
    if (blocks.length === MAX_BLOCKS_PER_BATCH && this.peers.has(peer.id)) {
      this.events.emit('sync', peer.id, 'progress', this.sync.received);
      this.requestBlocks(peer.id);
    } else {
      this.finishSync();
    }
  }

  /** Sync from the single peer claiming the most work beyond ours, if none is under way. */
  private maybeStartSync(): void {
    if (this.sync) return;
    let best: PeerState | undefined;
    for (const peer of this.peers.values()) {
      if (peer.status && peer.status.work > this.tree.tip.work && !this.tree.has(peer.status.tip)) {
        if (!best || peer.status.work > best.status!.work) best = peer;
      }
    }
    if (best) this.startSync(best.id);
  }

  private startSync(peerId: string): void {
    this.sync = { peerId, received: 0 };
    this.events.emit('sync', peerId, 'start', 0);
    this.requestBlocks(peerId);
  }

  private finishSync(): void {
    const done = this.sync;
    this.sync = undefined;
    if (done) this.events.emit('sync', done.peerId, 'done', done.received);
    this.maybeStartSync();
  }

  private requestBlocks(peerId: string): void {
    const locator = this.tree.locator();
    this.send(peerId, 'get-blocks', { locator, max: MAX_BLOCKS_PER_BATCH }, `after #${this.tree.tip.height}`);
  }

  private penalise(peer: PeerState, points: number, code: string, detail: string): void {
    peer.misbehaviour += points;
    this.events.emit('error', { peerId: peer.id, code, detail });
    if (peer.misbehaviour >= this.dropThreshold) {
      this.events.emit('peer-dropped', peer.id, peer.misbehaviour);
      this.components.transport.disconnect(peer.id);
    }
  }

  private send<T extends Message['type']>(
    peerId: string,
    type: T,
    body: Parameters<typeof encodeMessage<T>>[1],
    summary: string,
  ): void {
    this.components.transport.send(peerId, encodeMessage(type, body));
    this.events.emit('message', peerId, 'out', type, summary);
  }
}

function summarise(message: Message): string {
  switch (message.type) {
    case 'status':
      return `tip #${message.height} ${message.tip.slice(0, 12)}`;
    case 'get-blocks':
      return `locator of ${message.locator.length}, max ${message.max}`;
    case 'blocks':
      return `${message.blocks.length} blocks`;
    case 'block':
      return `block ${blockHash(message.block).slice(0, 12)}`;
  }
}


