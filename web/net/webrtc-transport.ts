/**
 * A Transport over WebRTC data channels (simple-peer), set up through the signalling socket.
 * Exactly one side of each pair initiates: the tab that joined later dials everyone the server
 * listed, so two tabs never both send offers (glare). The server only ever sees signals; blocks and
 * everything else travel tab to tab. What arrives passes the room's link conditions (latency, loss,
 * partition: link-conditioner.ts) before the Node sees it; a partition also keeps signals and new
 * links from crossing it.
 */
import SimplePeer from 'simple-peer/simplepeer.min.js';
import type { Instance as Peer, Options as PeerOptions } from 'simple-peer';
import { Emitter } from '../../shared/events/emitter';
import type { SignalData } from '../../shared/protocol/signalling';
import type { Transport, TransportEvents } from '../../shared/transport/transport';
import type { SignallingSocket } from './signalling-client';
import { judgeRelayedSignal } from './relay-guard';
import { LinkConditioner, type LinkConditionerComponents } from './link-conditioner';
import type { Result } from '../../shared/result';
import type { LinkConditions } from '../../shared/transport/conditioner';

type Link = { peer: Peer; open: boolean; initiator: boolean; timer: ReturnType<typeof setTimeout> | undefined };

/**
 * A link still being set up after this long is closed. Without it a link whose other side never
 * answers stays open forever (peer-left never comes for a made-up id, e.g. one in a forged relayed
 * offer). Longer than the overlays' own dial timeouts (10 s), which still fire first.
 */
export const PENDING_LINK_MS = 15_000;

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

  /** This tab's name, as the partition groups list it (set once the tab knows it). */
  tabName = '';
  /** A peer's tab name by signalling id; undefined while unknown (such a peer is on no side of a partition). */
  tabNameOf: (peerId: string) => string | undefined = () => undefined;
  /** The room's link conditions, applied to everything this tab receives; `dropped` counts what they dropped. */
  readonly conditioner: LinkConditioner;

  /** Node.js has no RTCPeerConnection of its own: the headless peer (peer/) passes @roamhq/wrtc here. */
  private readonly wrtc: PeerOptions['wrtc'];

  constructor(
    private readonly socket: SignallingSocket,
    components: Partial<Pick<LinkConditionerComponents, 'now' | 'setTimer' | 'random'>> & { wrtc?: PeerOptions['wrtc'] } = {},
  ) {
    this.wrtc = components.wrtc;
    this.conditioner = new LinkConditioner({
      now: components.now ?? (() => Date.now()),
      setTimer:
        components.setTimer ??
        ((fn, ms) => {
          const timer = setTimeout(fn, ms);
          return () => clearTimeout(timer);
        }),
      random: components.random ?? Math.random,
      selfName: () => this.tabName,
      tabNameOf: (peerId) => this.tabNameOf(peerId),
    });
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
    if (this.links.has(peerId) || this.isBanned(peerId) || !this.conditioner.reaches(peerId)) return;
    this.createLink(peerId, true, via);
  }

  /**
   * Applies the room's link conditions to this tab (the teacher's desk; `meshchain.transport` in
   * DevTools). Bad conditions are refused with the reason and change nothing. Open links across a
   * new partition stay open (their data is dropped, so healing needs no new links); links still
   * being set up across it are closed.
   */
  setConditions(conditions: unknown): Result<LinkConditions, 'bad-conditions'> {
    const result = this.conditioner.set(conditions);
    if (!result.ok) return result;
    for (const [id, link] of this.links) if (!link.open && !this.conditioner.reaches(id)) link.peer.destroy();
    return result;
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
    // `from` is only the neighbour's word: an offer may open a new link (capped), and answers and
    // candidates reach only a link set up through that same neighbour (see relay-guard.ts).
    const link = this.links.get(from);
    let pendingRelayedInbound = 0;
    for (const [id, l] of this.links) if (!l.open && !l.initiator && this.relayed.has(id)) pendingRelayedInbound++;
    const verdict = judgeRelayedSignal({
      localId: this.localId,
      from,
      via,
      type: data.type,
      link: link && { open: link.open, initiator: link.initiator, via: this.relayed.get(from) },
      pendingRelayedInbound,
    });
    if (!verdict.ok) {
      this.events.emit('error', via, { code: 'relay-refused', message: `${data.type} "from" ${from.slice(0, 8)} passed on by this neighbour refused: ${verdict.reason}` });
      return;
    }
    // A neighbour on our side must not carry a link across the partition (onSignal checks `from`).
    if (!this.conditioner.reaches(via)) return;
    this.onSignal(from, data, via);
  }

  private sendSignal(to: string, data: SignalData): void {
    const via = this.relayed.get(to);
    // The partition came while the link was being set up: its signals stop (through a neighbour too).
    if (!this.conditioner.reaches(to) || (via !== undefined && !this.conditioner.reaches(via))) return;
    if (via === undefined && this.socket.connected) return void this.socket.emit('signal', { to, data });
    if (via !== undefined && this.relay(via, to, data)) return;
    this.events.emit('error', to, { code: 'no-signal-route', message: 'no signalling server and no neighbour to pass the signal on' });
  }

  /** `via`: the neighbour a relayed signal came through (a link it opens is signalled that way). */
  private onSignal(from: string, data: SignalData, via?: string): void {
    if (!this.conditioner.reaches(from)) {
      // No new link across a partition, however its signals come (server or neighbour).
      if (data.type === 'offer') this.events.emit('dropped', from, 'partition', data);
      return;
    }
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
      link = this.createLink(from, false, via);
    }
    link.peer.signal(data as SimplePeer.SignalData);
  }

  private createLink(peerId: string, initiator: boolean, via?: string): Link {
    // No STUN/TURN: the tabs are on one machine or one LAN, where host candidates connect.
    const peer = new SimplePeer({ initiator, trickle: true, objectMode: true, config: { iceServers: [] }, wrtc: this.wrtc });
    const link: Link = { peer, open: false, initiator, timer: undefined };
    this.links.set(peerId, link);
    // Set here, once the link exists (a refused offer must not leave a route behind), and cleared
    // for a server-signalled link that replaces a relayed one (glare).
    if (via !== undefined) this.relayed.set(peerId, via);
    else this.relayed.delete(peerId);
    link.timer = setTimeout(() => {
      if (link.open || this.links.get(peerId) !== link) return;
      this.events.emit('error', peerId, { code: 'link-timeout', message: `link not open after ${PENDING_LINK_MS / 1000} s; closed` });
      peer.destroy();
    }, PENDING_LINK_MS);
    peer.on('signal', (data: SignalData) => this.sendSignal(peerId, data));
    // simple-peer emits 'connect' only after an async stats check, so the other side's first
    // message can arrive before it: whichever comes first opens the link, and open comes first.
    const markOpen = () => {
      if (link.open) return;
      link.open = true;
      clearTimeout(link.timer);
      this.events.emit('peer-open', peerId);
    };
    peer.on('connect', markOpen);
    peer.on('data', (data: unknown) => {
      markOpen();
      this.conditioner.receive(
        peerId,
        data,
        () => {
          if (this.links.get(peerId) === link) this.events.emit('message', peerId, data);
        },
        (reason) => this.events.emit('dropped', peerId, reason, data),
      );
    });
    peer.on('error', (error: Error & { code?: string }) => {
      // The other tab left or reloaded: Chrome ends the data channel with an SCTP "User-Initiated
      // Abort, reason=Close called" error just before 'close'. That is the chapter's onClose only.
      if (isNormalClose(error)) return;
      this.events.emit('error', peerId, { code: error.code ?? 'channel-error', message: error.message });
    });
    peer.on('close', () => {
      clearTimeout(link.timer);
      if (this.links.get(peerId) !== link) return;
      this.links.delete(peerId);
      this.relayed.delete(peerId);
      this.conditioner.forget(peerId);
      if (link.open) this.events.emit('peer-close', peerId);
    });
    return link;
  }
}

/** A channel error that only reports the other side closing its end normally (see createLink). */
export function isNormalClose(error: Error & { code?: string }): boolean {
  return error.code === 'ERR_DATA_CHANNEL' && /User-Initiated Abort|Close called/i.test(error.message);
}
