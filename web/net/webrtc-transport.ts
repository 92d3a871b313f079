/**
 * A Transport over WebRTC data channels (simple-peer), set up through the signalling socket.
 * Exactly one side of each pair initiates: the tab that joined later dials everyone the server
 * listed, so two tabs never both send offers (glare). The server only ever sees signals; blocks and
 * everything else travel tab to tab.
 */
import SimplePeer from 'simple-peer/simplepeer.min.js';
import type { Instance as Peer } from 'simple-peer';
import { Emitter } from '../../shared/events/emitter';
import type { SignalData } from '../../shared/protocol/signalling';
import type { Transport, TransportEvents } from '../../shared/transport/transport';
import type { SignallingSocket } from './signalling-client';

type Link = { peer: Peer; open: boolean; initiator: boolean };

export class WebRtcTransport implements Transport {
  private readonly events = new Emitter<TransportEvents>();
  private readonly links = new Map<string, Link>();
  /** Peers shut out until a time (ms): their offers are ignored and they are not dialled. */
  private readonly banned = new Map<string, number>();

  /** Given by the signalling server when the tab joins its room; empty until then. */
  localId = '';
  /** Asked before answering an offer; an overlay that caps inbound links says no here. */
  acceptInbound: (from: string) => boolean = () => true;
  /**
   * Sends a signal through a neighbour instead of the server; false if there is no route. Used while
   * the signalling server is away, and for every signal of a link that was set up that way.
   */
  relay: (via: string, to: string, data: SignalData) => boolean = () => false;
  /** Links whose signals travel through a neighbour: link id → that neighbour. */
  private readonly relayed = new Map<string, string>();

  constructor(private readonly socket: SignallingSocket) {
    socket.on('signal', ({ from, data }) => this.onSignal(from, data));
    socket.on('peer-left', ({ id }) => {
      // A channel that never opened will not close by itself; an open one closes when its tab goes.
      const link = this.links.get(id);
      if (link && !link.open) link.peer.destroy();
    });
  }

  /** Open a channel to a peer the server listed when we joined. */
  /** `via`: set up the link through this neighbour (when the server is away). */
  dial(peerId: string, via?: string): void {
    if (this.links.has(peerId) || this.isBanned(peerId)) return;
    if (via !== undefined) this.relayed.set(peerId, via);
    this.createLink(peerId, true);
  }

  /** Whether a link to this peer exists, open or still being set up. */
  hasLink(peerId: string): boolean {
    return this.links.has(peerId);
  }

  ban(peerId: string, untilMs: number): void {
    this.banned.set(peerId, untilMs);
    this.disconnect(peerId);
  }

  private isBanned(peerId: string): boolean {
    const until = this.banned.get(peerId);
    if (until === undefined) return false;
    if (until > Date.now()) return true;
    this.banned.delete(peerId);
    return false;
  }

  connectedPeers(): string[] {
    return [...this.links].filter(([, link]) => link.open).map(([id]) => id);
  }

  send(peerId: string, data: string): void {
    const link = this.links.get(peerId);
    try {
      if (!link?.open) throw new Error(`no open channel to ${peerId}`);
      link.peer.send(data);
    } catch (error) {
      this.events.emit('error', peerId, { code: 'send-failed', message: (error as Error).message });
    }
  }

  disconnect(peerId: string): void {
    this.links.get(peerId)?.peer.destroy();
  }

  /** Close every channel (the tab is going away): peers see us leave at once. */
  closeAll(): void {
    for (const { peer } of this.links.values()) peer.destroy();
  }

  on<E extends keyof TransportEvents>(event: E, listener: TransportEvents[E]): () => void {
    return this.events.on(event, listener);
  }

  /** A signal a neighbour passed on: answered the same way, through that neighbour. */
  onRelayedSignal(from: string, via: string, data: SignalData): void {
    if (data.type === 'offer' && !this.links.has(from)) this.relayed.set(from, via);
    this.onSignal(from, data);
  }

  private sendSignal(to: string, data: SignalData): void {
    const via = this.relayed.get(to);
    if (via === undefined && this.socket.connected) return void this.socket.emit('signal', { to, data });
    if (via !== undefined && this.relay(via, to, data)) return;
    this.events.emit('error', to, { code: 'no-signal-route', message: 'no signalling server and no neighbour to pass the signal on' });
  }

  private onSignal(from: string, data: SignalData): void {
    let link = this.links.get(from);
    if (link && data.type === 'offer' && link.initiator && !link.open) {
      // Glare: both tabs dialled each other. The offer of the lower id stands, on both sides.
      if (this.localId < from) return;
      this.links.delete(from);
      link.peer.destroy();
      link = undefined;
    }
    if (!link) {
      if (data.type !== 'offer' || this.isBanned(from)) return; // stray candidate, or shut out
      if (!this.acceptInbound(from)) return; // the overlay keeps its inbound links capped
      link = this.createLink(from, false);
    }
    link.peer.signal(data as SimplePeer.SignalData);
  }

  private createLink(peerId: string, initiator: boolean): Link {
    // No STUN/TURN: the tabs are on one machine or one LAN, where host candidates connect.
    const peer = new SimplePeer({ initiator, trickle: true, objectMode: true, config: { iceServers: [] } });
    const link: Link = { peer, open: false, initiator };
    this.links.set(peerId, link);
    peer.on('signal', (data: SignalData) => this.sendSignal(peerId, data));
    // simple-peer emits 'connect' only after an async stats check, so the other side's first
    // message can arrive before it: whichever comes first opens the link, and open comes first.
    const markOpen = () => {
      if (link.open) return;
      link.open = true;
      this.events.emit('peer-open', peerId);
    };
    peer.on('connect', markOpen);
    peer.on('data', (data: unknown) => {
      markOpen();
      this.events.emit('message', peerId, data);
    });
    peer.on('error', (error: Error & { code?: string }) =>
      this.events.emit('error', peerId, { code: error.code ?? 'channel-error', message: error.message }),
    );
    peer.on('close', () => {
      if (this.links.get(peerId) !== link) return;
      this.links.delete(peerId);
      this.relayed.delete(peerId);
      if (link.open) this.events.emit('peer-close', peerId);
    });
    return link;
  }
}
