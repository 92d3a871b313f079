/**
 * Flooding blocks and transactions over an unstructured overlay, the way Bitcoin does: announce
 * by id (`inv`), send the body only to a neighbour that asks (`getdata`), and never announce an
 * item to a neighbour known to have it (Core's per-peer known-inventory filter). Bodies cross a
 * link only on request; what flooding costs is the announcements, so a node hears
 * of each item from most of its neighbours. Those redundant announcements (and any body that
 * arrives twice after a timeout) are counted per node as duplicates: the price a student can see
 * of not knowing the network's shape.
 *
 * A request that gets no body in time is sent to the next neighbour that announced the item (as
 * Core's TxRequestTracker does for transactions), so a lost message delays an item but does not
 * lose it while a neighbour has it.
 *
 * Pure: methods take the time and return frames to send; validation of a body is the caller's.
 */
import { RecentSet } from './recent-set';

export interface FloodInit {
  /** How long to wait for a requested body before asking another announcer. Default 2,000 ms. */
  requestTimeoutMs?: number;
  /** Requests per item before giving up until a new announcement. Default 8. */
  maxAttempts?: number;
}

export type FloodFrame = { type: 'inv'; id: string } | { type: 'getdata'; id: string } | { type: 'item'; id: string };

export type FloodAction = { kind: 'send'; to: string; frame: FloodFrame };

export interface FloodDuplicates {
  /** Announcements of items we already had or had asked for. */
  announcements: number;
  /** Bodies of items we already had. */
  bodies: number;
}

interface InFlight {
  from: string;
  deadline: number;
  /** Other neighbours that announced it, asked in turn if `from` does not deliver. */
  announcers: string[];
  attempts: number;
}

interface PeerFloodState {
  /** Items this neighbour has: it announced or sent them, or we did. */
  knows: RecentSet;
}

const PER_PEER_MEMORY = 20_000;
const ITEM_MEMORY = 100_000;

export class FloodRelay {
  readonly duplicates: FloodDuplicates = { announcements: 0, bodies: 0 };
  private readonly peers = new Map<string, PeerFloodState>();
  private readonly items = new RecentSet(ITEM_MEMORY);
  private readonly inFlight = new Map<string, InFlight>();
  private readonly timeoutMs: number;
  private readonly maxAttempts: number;

  constructor(init: FloodInit = {}) {
    this.timeoutMs = init.requestTimeoutMs ?? 2_000;
    this.maxAttempts = init.maxAttempts ?? 8;
  }

  has(id: string): boolean {
    return this.items.has(id);
  }

  addPeer(peer: string): void {
    if (!this.peers.has(peer)) this.peers.set(peer, { knows: new RecentSet(PER_PEER_MEMORY) });
  }

  /** A link closed: anything we were fetching from it is asked of the next announcer at once. */
  removePeer(peer: string, now: number): FloodAction[] {
    this.peers.delete(peer);
    const actions: FloodAction[] = [];
    for (const [id, request] of this.inFlight) {
      request.announcers = request.announcers.filter((a) => a !== peer);
      if (request.from === peer) actions.push(...this.retry(id, request, now));
    }
    return actions;
  }

  /** An item we made or validated: announce it to every neighbour not known to have it. */
  announce(id: string): FloodAction[] {
    this.items.add(id);
    this.inFlight.delete(id);
    const actions: FloodAction[] = [];
    for (const [peer, state] of this.peers) {
      if (state.knows.has(id)) continue;
      state.knows.add(id);
      actions.push({ kind: 'send', to: peer, frame: { type: 'inv', id } });
    }
    return actions;
  }

  onInv(from: string, id: string, now: number): FloodAction[] {
    const state = this.peers.get(from);
    if (!state) return [];
    state.knows.add(id);
    const request = this.inFlight.get(id);
    if (this.items.has(id) || request) {
      this.duplicates.announcements++;
      if (request && request.from !== from && !request.announcers.includes(from)) request.announcers.push(from);
      return [];
    }
    this.inFlight.set(id, { from, deadline: now + this.timeoutMs, announcers: [], attempts: 1 });
    return [{ kind: 'send', to: from, frame: { type: 'getdata', id } }];
  }

  /**
   * Bodies go only to a neighbour that asks. A second request for the same body is served too: it
   * comes after the asker's timeout, when the first body (or the request) was lost.
   */
  onGetData(from: string, id: string): FloodAction[] {
    const state = this.peers.get(from);
    if (!state || !this.items.has(id)) return [];
    state.knows.add(id);
    return [{ kind: 'send', to: from, frame: { type: 'item', id } }];
  }

  /**
   * A body arrived. `fresh` means the caller should validate it and, if good, call `announce`.
   * A duplicate is counted and needs nothing more.
   */
  onItem(from: string, id: string): { fresh: boolean } {
    this.peers.get(from)?.knows.add(id);
    if (this.items.has(id)) {
      this.duplicates.bodies++;
      return { fresh: false };
    }
    this.inFlight.delete(id);
    return { fresh: true };
  }

  /** The earliest request deadline, for the shell's one timer. */
  nextDeadline(): number | undefined {
    let earliest: number | undefined;
    for (const request of this.inFlight.values()) if (earliest === undefined || request.deadline < earliest) earliest = request.deadline;
    return earliest;
  }

  /** Requests past their deadline go to the next announcer. */
  onTimer(now: number): FloodAction[] {
    const actions: FloodAction[] = [];
    for (const [id, request] of this.inFlight) if (request.deadline <= now) actions.push(...this.retry(id, request, now));
    return actions;
  }

  private retry(id: string, request: InFlight, now: number): FloodAction[] {
    // The silent peer goes to the back of the queue: with nobody else, it is asked again.
    const next = request.announcers.shift() ?? (this.peers.has(request.from) ? request.from : undefined);
    if (request.from !== next && this.peers.has(request.from)) request.announcers.push(request.from);
    if (next === undefined || request.attempts >= this.maxAttempts) {
      this.inFlight.delete(id);
      return [];
    }
    request.from = next;
    request.attempts++;
    request.deadline = now + this.timeoutMs;
    return [{ kind: 'send', to: next, frame: { type: 'getdata', id } }];
  }
}
