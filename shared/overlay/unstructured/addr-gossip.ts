/**
 * How addresses spread in an unstructured network: GETADDR / ADDR, after Bitcoin Core's
 * net_processing.cpp. Every method returns what to send and whom to penalise; nothing is sent here.
 *
 * - GETADDR is answered once per connection and only for inbound peers (Core's `m_getaddr_recvd`
 *   and its inbound-only rule: answering outbound peers would let anyone map our book), with a
 *   random ≤ 23% of the book, at most MAX_ADDR_TO_SEND = 1,000 addresses.
 * - An ADDR with more than 1,000 addresses is an offence and is ignored whole (Core scored it 20
 *   points; since v28 any misbehaviour gets a peer discouraged at once).
 * - Processing is rate-limited per peer by a token bucket (0.1 address/s, 1,000 banked, 1 to start;
 *   sending a GETADDR credits the peer 1,000 so its answer fits). Addresses over the limit are
 *   ignored. Core only counts them; we also score sustained excess, because a lab should *show* a
 *   flooder being dropped: each peer has a tolerance (100 addresses, refilled at 1/s, ten times the
 *   honest rate) and every 100 addresses ignored beyond it earn `penalty.flood` points.
 * - Unsolicited small ADDRs (≤ 10 addresses, not the answer to our GETADDR) are relayed to 2
 *   random neighbours per address (Core's RelayAddress; Core picks the two by a keyed hash of
 *   the address and the day, to stop a peer learning our links by probing). Core relays addresses
 *   whose timestamp is under 10 minutes old; frames here carry no timestamps, so we relay only
 *   addresses new to our book, which ends each wave the same way.
 * - A node advertises its own address to each outbound peer (Core's AdvertiseLocal).
 */
import type { AddressBook } from './address-book';
import { RecentSet } from './recent-set';
import { TokenBucket } from './token-bucket';

export interface AddrGossipInit {
  /** Addresses per ADDR message. Default 1,000 (MAX_ADDR_TO_SEND). */
  maxPerMessage?: number;
  /** Share of the book given in answer to GETADDR, in percent. Default 23 (MAX_PCT_ADDR_TO_SEND). */
  getAddrPercent?: number;
  /** Neighbours each newly heard address is relayed to. Default 2. */
  relayFanout?: number;
  /** Largest ADDR whose addresses are relayed. Default 10. */
  maxRelayBatch?: number;
  /** Addresses processed per second per peer. Default 0.1 (MAX_ADDR_RATE_PER_SECOND). */
  ratePerSecond?: number;
  /** Tokens a peer can bank. Default 1,000 (MAX_ADDR_PROCESSING_TOKEN_BUCKET). */
  burst?: number;
  /** Ignored addresses tolerated before scoring starts. Default 100, refilled at 1/s. */
  floodTolerance?: number;
  /** Points for an oversized ADDR and per 100 ignored addresses beyond the tolerance. */
  penalty?: { oversize?: number; flood?: number };
}

export interface AddrGossipComponents {
  selfId: string;
  book: AddressBook;
  random: () => number;
}

export type AddrFrame = { type: 'getaddr' } | { type: 'addr'; addrs: string[] };

export type AddrAction =
  | { kind: 'send'; to: string; frame: AddrFrame }
  | { kind: 'penalise'; peer: string; points: number; reason: 'addr-oversize' | 'addr-flood'; detail: string };

export interface AddrOutcome {
  actions: AddrAction[];
  /** Addresses that were new to our book. */
  learned: string[];
  /** Addresses ignored by the rate limit (or the whole of an oversized message). */
  ignored: number;
}

interface PeerAddrState {
  inbound: boolean;
  tokens: TokenBucket;
  tolerance: TokenBucket;
  /** Ignored addresses not yet turned into points. */
  unscored: number;
  answeredGetAddr: boolean;
  /** We asked it for addresses and its answer has not come: that answer is not relayed. */
  awaitingAnswer: boolean;
  known: RecentSet;
}

const PER_PEER_KNOWN = 5_000;

export class AddrGossip {
  private readonly peers = new Map<string, PeerAddrState>();
  private readonly maxPerMessage: number;
  private readonly init: AddrGossipInit;

  constructor(
    init: AddrGossipInit,
    private readonly components: AddrGossipComponents,
  ) {
    this.init = init;
    this.maxPerMessage = init.maxPerMessage ?? 1000;
  }

  addPeer(peer: string, inbound: boolean, now: number): void {
    const burst = this.init.burst ?? 1000;
    const tolerance = this.init.floodTolerance ?? 100;
    this.peers.set(peer, {
      inbound,
      tokens: new TokenBucket(this.init.ratePerSecond ?? 0.1, burst, now, 1),
      tolerance: new TokenBucket(1, tolerance, now),
      unscored: 0,
      answeredGetAddr: false,
      awaitingAnswer: false,
      known: new RecentSet(PER_PEER_KNOWN),
    });
  }

  removePeer(peer: string): void {
    this.peers.delete(peer);
  }

  /** Ask `peer` for addresses (Core sends one GETADDR to each new outbound peer). */
  requestAddresses(peer: string): AddrAction[] {
    const state = this.peers.get(peer);
    if (!state) return [];
    state.tokens.credit(this.maxPerMessage);
    state.awaitingAnswer = true;
    return [{ kind: 'send', to: peer, frame: { type: 'getaddr' } }];
  }

  /** Tell `peer` our own address. */
  advertiseSelf(peer: string): AddrAction[] {
    const state = this.peers.get(peer);
    if (!state) return [];
    state.known.add(this.components.selfId);
    return [{ kind: 'send', to: peer, frame: { type: 'addr', addrs: [this.components.selfId] } }];
  }

  onGetAddr(peer: string): AddrAction[] {
    const state = this.peers.get(peer);
    if (!state || !state.inbound || state.answeredGetAddr) return [];
    state.answeredGetAddr = true;
    return this.answer(peer);
  }

  /**
   * The answer a seed gives a newcomer's one-shot ADDR_FETCH connection (Core's -seednode): the
   * same sample as for GETADDR, but the visitor is no link and leaves no state behind.
   */
  answerFetch(visitor: string): AddrAction[] {
    return this.answer(visitor);
  }

  private answer(to: string): AddrAction[] {
    const addrs = this.components.book.sample(this.maxPerMessage, this.init.getAddrPercent ?? 23);
    return [{ kind: 'send', to, frame: { type: 'addr', addrs } }];
  }

  /** An ADDR from `peer`, whose open links are `neighbours` (the candidates for relay). */
  onAddr(peer: string, addrs: readonly string[], neighbours: readonly string[], now: number): AddrOutcome {
    const state = this.peers.get(peer);
    if (!state) return { actions: [], learned: [], ignored: 0 };
    if (addrs.length > this.maxPerMessage) {
      const points = this.init.penalty?.oversize ?? 20;
      const detail = `ADDR with ${addrs.length} addresses (limit ${this.maxPerMessage})`;
      return { actions: [{ kind: 'penalise', peer, points, reason: 'addr-oversize', detail }], learned: [], ignored: addrs.length };
    }
    const relayable = !state.awaitingAnswer && addrs.length <= (this.init.maxRelayBatch ?? 10);
    // Core clears m_getaddr_sent on the first ADDR shorter than a full message: that was the answer.
    if (addrs.length < this.maxPerMessage) state.awaitingAnswer = false;
    // One refill per message, not per address: the answer to a GETADDR can hold 1,000.
    const allowed = Math.min(addrs.length, Math.floor(state.tokens.available(now)));
    state.tokens.take(now, allowed);
    const ignored = addrs.length - allowed;
    const learned: string[] = [];
    for (let i = 0; i < allowed; i++) {
      const addr = addrs[i]!;
      // Only relayable addresses go into the filter: it exists to keep relays from echoing back.
      if (relayable) state.known.add(addr);
      const added = this.components.book.add(addr, peer, now);
      if (added.ok && added.value === 'added') learned.push(addr);
    }
    const actions: AddrAction[] = relayable ? this.relay(peer, learned, neighbours) : [];
    if (ignored > 0) actions.push(...this.score(peer, state, ignored, now));
    return { actions, learned, ignored };
  }

  private relay(from: string, addrs: readonly string[], neighbours: readonly string[]): AddrAction[] {
    // Parallel arrays, not a Map: a relay usually carries one address to two peers, and relays
    // are the bulk of ADDR traffic.
    const targets: string[] = [];
    const batches: string[][] = [];
    const fanout = this.init.relayFanout ?? 2;
    const { random } = this.components;
    for (const addr of addrs) {
      let chosen = 0;
      // Random draws rather than filtering every neighbour; a few misses just relay less. A peer
      // drawn twice is skipped by its known-filter, which now holds the address.
      for (let draw = 0; chosen < fanout && draw < fanout * 4; draw++) {
        const to = neighbours[Math.floor(random() * neighbours.length)];
        if (to === undefined || to === from || to === addr) continue;
        const known = this.peers.get(to)?.known;
        if (!known || known.has(addr)) continue;
        known.add(addr);
        chosen++;
        const at = targets.indexOf(to);
        if (at >= 0) batches[at]!.push(addr);
        else {
          targets.push(to);
          batches.push([addr]);
        }
      }
    }
    return targets.map((to, i) => ({ kind: 'send', to, frame: { type: 'addr', addrs: batches[i]! } }));
  }

  private score(peer: string, state: PeerAddrState, ignored: number, now: number): AddrAction[] {
    const tolerated = Math.min(ignored, Math.floor(state.tolerance.available(now)));
    state.tolerance.take(now, tolerated);
    state.unscored += ignored - tolerated;
    const units = Math.floor(state.unscored / 100);
    if (units === 0) return [];
    state.unscored -= units * 100;
    const points = units * (this.init.penalty?.flood ?? 10);
    const detail = `${ignored} addresses over the rate limit in one ADDR`;
    return [{ kind: 'penalise', peer, points, reason: 'addr-flood', detail }];
  }
}
