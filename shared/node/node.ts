/**
 * A full node: it keeps the block tree, validates what peers send, relays new blocks (announce
 * first, body on request), syncs headers-first from one peer at a time, and builds templates for a
 * miner. It is given its transport and clock and reaches for nothing global, so the same code runs
 * in a browser tab over WebRTC and in a test over the memory transport.
 */
import { blockHash, NO_ADDRESS, type Block } from '../chain/block';
import type { BlockTree, TreeEntry } from '../chain/block-tree';
import { FREE_CHAIN_PARAMS } from '../chain/params';
import { validateBlock, type BlockRejectReason } from '../chain/validate';
import { Emitter } from '../events/emitter';
import type { PendingTx } from '../ledger/mempool';
import type { TxRejectReason } from '../ledger/transaction';
import { ChainState } from './chain-state';
import { blockTemplate } from './block-template';
import { peerStatusFrom, statusOf } from './status';
import { readFrame } from '../protocol/chunking';
import { PROTOCOL_VERSION, type Message } from '../protocol/messages';
import { ok, reject, type Result } from '../result';
import type { SignalData } from '../protocol/signalling';
import type { BlockSource, NodeEvents, OverlayBody } from './node-events';
import { OrphanPool } from './orphan-pool';
import { PeerState } from './peer-state';
import { pingNonce } from './pings';
import { RelayStats } from './relay-stats';
import { summarise, summary as summaryOf, type MessageSummary } from './summarise';
import { PENALTY, type NodeComponents, type NodeInit } from './node-init';
import { SyncDriver } from './sync-driver';
import { TxRelay } from './tx-relay';
import { PeerGuards } from './peer-guards';
import { Outbox, type MessageBody } from './outbox';
import { ChainServing } from './serving';
import { BlockRelay } from './block-relay';

export type { NodeComponents, NodeInit } from './node-init';

export type AcceptResult = Result<TreeEntry, BlockRejectReason | TxRejectReason | 'duplicate'>;

export class Node {
  readonly events = new Emitter<NodeEvents>();
  readonly chain: ChainState;
  readonly stats = new RelayStats();
  private readonly orphans = new OrphanPool();
  private readonly peers = new Map<string, PeerState>();
  private readonly unsubscribe: Array<() => void> = [];
  private readonly sync: SyncDriver;
  private readonly txs: TxRelay;
  private nextPing = 0;
  private readonly dropThreshold: number;
  private readonly guards: PeerGuards;
  private readonly outbox: Outbox;
  private readonly serving: ChainServing;
  private readonly relay: BlockRelay;

  constructor(
    private readonly init: NodeInit,
    private readonly components: NodeComponents,
  ) {
    this.chain = new ChainState(init.params ?? FREE_CHAIN_PARAMS);
    this.dropThreshold = init.dropThreshold ?? 100;
    this.outbox = new Outbox({ transport: components.transport, stats: this.stats, events: this.events });
    this.guards = new PeerGuards({
      now: components.now,
      setTimer: components.setTimer,
      isCurrent: (peer) => this.peers.get(peer.id) === peer,
      penalise: (peer, points, code, detail) => this.penalise(peer, points, code, detail),
    });
    this.serving = new ChainServing({
      tree: this.tree,
      guards: this.guards,
      send: (peerId, type, body, summary, blockHashes) => this.outbox.send(peerId, type, body, summary, blockHashes),
    });
    this.relay = new BlockRelay({
      tree: this.tree,
      orphans: this.orphans,
      stats: this.stats,
      now: components.now,
      peers: () => this.peers.values(),
      send: (peerId, type, body, summary, blockHashes) => this.send(peerId, type, body, summary, blockHashes),
      acceptBlock: (block, source, hash) => this.acceptBlock(block, source, hash),
      penalise: (peer, code, detail) => this.penalise(peer, PENALTY.invalid, code, detail),
      syncFrom: (peerId) => this.sync.startIfIdle(peerId),
    });
    this.txs = new TxRelay({
      chain: this.chain,
      peers: () => this.peers.values(),
      send: (peerId, tx, summary) => this.send(peerId, 'tx', { tx }, summary),
      penalise: (peer, code, detail) => this.penalise(peer, PENALTY.invalid, code, detail),
      events: this.events,
    });
    this.sync = new SyncDriver({
      tree: this.tree,
      peers: () => this.peers.values(),
      peer: (id) => this.peers.get(id),
      send: (peerId, type, body, summary) => this.send(peerId, type, body, summary),
      acceptBlock: (block, source, hash) => this.acceptBlock(block, source, hash),
      penalise: (peer, code, detail) => this.penalise(peer, PENALTY.invalid, code, detail),
      announceTip: () => this.announceTip(),
      keepOrphan: (block, from) => this.orphans.add(blockHash(block), block, from),
      events: this.events,
      setTimer: components.setTimer,
    });
  }

  get tree(): BlockTree {
    return this.chain.tree;
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
  get syncProgress() {
    return this.sync.progress;
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

  /**
   * A block for the miner to solve on the current tip (nonce 0). `difficulty` is the miner's own
   * choice, used only where the room's rules leave it free.
   */
  blockTemplate(difficulty?: number, extraNonce = 0): Block {
    const { minerName, payTo } = this.init;
    return blockTemplate(this.chain, { minerName, payTo, nowMs: this.components.now(), difficulty, extraNonce });
  }

  /** Overlay messages are the link keeper's business; the node only carries them. */
  sendOverlay(peerId: string, message: OverlayBody): void {
    const { type, ...body } = message;
    const summary = summarise({ v: PROTOCOL_VERSION, ...message } as Message);
    this.send(peerId, type, body as never, summary);
  }

  /** An overlay's verdict on a peer (a bad DHT answer, a topic flood): scored like any offence. */
  penalisePeer(peerId: string, points: number, code: string, detail: string): void {
    const peer = this.peers.get(peerId);
    if (peer) this.penalise(peer, points, code, detail);
  }

  /**
   * Measures the round trip to a neighbour: a `pong` event follows when it answers. Returns the
   * nonce sent, or null if there is no open link to `peerId`.
   */
  ping(peerId: string): string | null {
    const peer = this.peers.get(peerId);
    if (!peer) return null;
    const nonce = pingNonce(this.nextPing++);
    peer.pings.add(nonce, this.components.now());
    this.send(peerId, 'ping', { nonce }, summaryOf('roundTrip', { nonce }));
    return nonce;
  }

  /** Chunked messages from `peerId` still incomplete, and the characters they hold; null if no link. */
  openAssemblies(peerId: string): { assemblies: number; chars: number } | null {
    return this.peers.get(peerId)?.reassembler.pending ?? null;
  }

  /** Asks neighbour `via` to pass a WebRTC signal on to its link `to`. */
  relaySignal(via: string, to: string, data: SignalData): void {
    this.send(via, 'relay-signal', { to, data }, summaryOf('relaySignal', { signal: data.type, toPeerId: to }));
  }

  /** A transfer signed in this tab: into the mempool, then to every neighbour. */
  submitTransaction(text: string): Result<PendingTx, TxRejectReason> {
    return this.txs.submit(text);
  }

  /** A block our own miner found: validated like any other, then announced. */
  submitMinedBlock(block: Block): AcceptResult {
    const result = this.acceptBlock(block, { kind: 'local' });
    if (result.ok) this.announceTip();
    return result;
  }

  /** Validates and stores a block, then connects any orphans that were waiting for it. */
  acceptBlock(block: Block, source: BlockSource, hash = blockHash(block)): AcceptResult {
    if (this.tree.has(hash)) return reject('duplicate', `already have ${hash.slice(0, 16)}…`);
    const verdict = validateBlock(block, { parent: this.tree.parentInfo(block.header.prevHash), nowMs: this.components.now() }, hash);
    if (!verdict.ok) return verdict;
    const connected = this.chain.connect(block, hash);
    if (!connected.ok) return connected;
    const { entry, change, dropped, returned } = connected.value;
    this.events.emit('block-accepted', entry, source);
    if (change.choice.kind !== 'keep') {
      this.events.emit('tip-changed', this.tree.tip, change);
      this.txs.retryWaiting();
      for (const gone of dropped) this.events.emit('error', { peerId: null, code: gone.reason, detail: `transfer ${gone.id.slice(0, 12)}… left the mempool: ${gone.detail}` });
      if (returned > 0 || change.connected.some((h) => this.tree.get(h)!.block.txs.length > 1)) this.events.emit('mempool-changed');
    }
    for (const orphan of this.orphans.takeChildrenOf(hash)) {
      const peer = this.peers.get(orphan.from);
      const result = this.acceptBlock(orphan.block, { kind: 'peer', peerId: orphan.from });
      if (!result.ok && result.reason !== 'duplicate' && peer) this.penalise(peer, PENALTY.invalid, result.reason, result.detail);
    }
    return ok(entry);
  }

  /** Announce our tip, by hash, to every neighbour not known to have it. */
  announceTip(): void {
    this.relay.announceTip();
  }

  private onPeerOpen(peerId: string): void {
    if (this.peers.has(peerId)) return;
    this.peers.set(peerId, new PeerState(peerId, this.components.now()));
    this.events.emit('peer-open', peerId);
    this.send(peerId, 'status', statusOf(this.tree, this.init.minerName, this.init.payTo ?? NO_ADDRESS), summaryOf('statusOut', { height: this.tree.tip.height }));
    this.txs.shareWith(this.peers.get(peerId)!);
  }

  private onPeerClose(peerId: string): void {
    const peer = this.peers.get(peerId);
    if (!peer) return;
    this.peers.delete(peerId);
    this.guards.forget(peer);
    this.relay.forgetPeer(peerId);
    this.events.emit('peer-close', peerId);
    this.sync.onPeerClose(peerId);
  }

  private onRawMessage(peerId: string, data: unknown, assembled = false): void {
    const peer = this.peers.get(peerId);
    if (!peer) return; // a late message from a channel that already closed
    this.guards.expireAssemblies(peer);
    const frame = readFrame(peer.reassembler, data, assembled, this.components.now());
    if (frame.kind === 'offence') return this.penalise(peer, PENALTY.undecodable, frame.code, frame.detail);
    if (frame.kind === 'assembled') return this.onRawMessage(peerId, frame.text, true);
    if (frame.kind === 'pending') return this.guards.watchAssemblies(peer);
    const { message } = frame;
    this.events.emit('message', peerId, 'in', message.type, summarise(message));
    this.handle(peer, message, (data as string).length);
  }

  private handle(peer: PeerState, message: Exclude<Message, { type: 'chunk' }>, bytes: number): void {
    if (peer.foreign && message.type !== 'status') return; // its blocks and transfers are not ours
    switch (message.type) {
      case 'ping':
        // At once, before anything else: the round trip should measure the channel, not our queue.
        return this.send(peer.id, 'pong', { nonce: message.nonce }, summaryOf('roundTrip', { nonce: message.nonce }));
      case 'pong': {
        const rtt = peer.pings.answer(message.nonce, this.components.now());
        if (rtt !== null) this.events.emit('pong', peer.id, message.nonce, rtt);
        return; // a pong we did not ask for is ignored, free of charge: it may just be late
      }
      case 'status':
        this.events.emit('peer-named', peer.id, message.name, message.address);
        peer.foreign = message.genesis !== this.tree.genesisHash;
        if (peer.foreign) {
          // Not an offence: the tab was opened with other room settings. Its blocks cannot be ours.
          this.events.emit('error', { peerId: peer.id, code: 'wrong-chain', detail: 'this peer follows a chain with another genesis (other room settings); its blocks are ignored' });
          return;
        }
        peer.status = peerStatusFrom(message);
        peer.knows.add(message.tip);
        return this.sync.maybeStart();
      case 'inv':
        return this.relay.onInv(peer, message.hashes, bytes);
      case 'get-data':
        for (const hash of message.hashes) this.stats.record(hash, peer.id, 'in', bytes / message.hashes.length);
        return this.serving.getData(peer, message.hashes);
      case 'block':
        return this.relay.onBlock(peer, message.block, bytes);
      case 'get-headers':
        return this.serving.getHeaders(peer, message.locator, message.max);
      case 'headers':
        return this.sync.onHeaders(peer, message.headers);
      case 'get-blocks':
        return this.serving.getBlocks(peer, message.hashes);
      case 'blocks':
        return this.sync.onBlocks(peer, message.blocks);
      case 'tx':
        return this.txs.onTx(peer, message.tx);
      case 'getaddr':
      case 'addr':
      case 'dht-hello':
      case 'dht-proof':
      case 'dht':
      case 'pubsub':
        return this.events.emit('overlay-message', peer.id, message);
      case 'relay-signal':
        // Only to our own links, which are all in our room: a relay cannot reach another room.
        if (message.to === peer.id || !this.peers.has(message.to) || this.peers.get(message.to)!.foreign) {
          return this.events.emit('error', { peerId: peer.id, code: 'relay-unknown-peer', detail: `no link to ${message.to.slice(0, 8)} to pass a signal to` });
        }
        return this.send(message.to, 'relayed-signal', { from: peer.id, data: message.data }, summaryOf('relayedSignal', { signal: message.data.type, fromPeerId: peer.id }));
      case 'relayed-signal':
        return this.events.emit('relayed-signal', message.from, peer.id, message.data);
    }
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
    body: MessageBody<T>,
    summary: MessageSummary,
    blockHashes: string[] = [],
  ): void {
    this.outbox.send(peerId, type, body, summary, blockHashes);
  }
}
