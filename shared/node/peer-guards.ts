/**
 * The node's per-peer guards that act later, on a timer: answering requests that wait for the
 * serving budget (serve-budget.ts), and dropping chunked messages left half-built past
 * ASSEMBLY_TIMEOUT_MS (chunking.ts). Each offence goes back to the node to be scored.
 */
import { MAX_QUEUED_REQUESTS, SERVE_CHARS_PER_SECOND, type ServeJob } from './serve-budget';
import { PENALTY } from './node-init';
import type { PeerState } from './peer-state';

export interface PeerGuardsHost {
  now: () => number;
  setTimer?: (fn: () => void, ms: number) => () => void;
  /** False once the peer's link has closed (its state is then stale). */
  isCurrent: (peer: PeerState) => boolean;
  penalise: (peer: PeerState, points: number, code: string, detail: string) => void;
}

export class PeerGuards {
  constructor(private readonly host: PeerGuardsHost) {}

  /**
   * Answers a request within the peer's serving budget: now, later in order, or not at all when too
   * many already wait (scored: only a peer asking again and again for what it has does that).
   */
  serve(peer: PeerState, type: string, job: ServeJob): void {
    const verdict = peer.serving.offer(() => (this.host.isCurrent(peer) ? job() : 0), this.host.now());
    if (verdict === 'refused') {
      const detail = `${type} refused: ${MAX_QUEUED_REQUESTS} requests already wait for answers (repeats are served at ${SERVE_CHARS_PER_SECOND / 1024} KiB/s per peer)`;
      return this.host.penalise(peer, PENALTY.serveFlood, 'serve-flood', detail);
    }
    this.scheduleServing(peer);
  }

  /** Half-built chunked messages past ASSEMBLY_TIMEOUT_MS are dropped, each scored as an undecodable message. */
  expireAssemblies(peer: PeerState): void {
    for (const gone of peer.reassembler.expire(this.host.now())) {
      const detail = `chunked message ${gone.id} dropped unfinished after ${Math.round(gone.ageMs / 1000)} s: ${gone.chunks} of ${gone.count} chunks, ${gone.chars} characters`;
      this.host.penalise(peer, PENALTY.undecodable, 'chunk-expired', detail);
      if (!this.host.isCurrent(peer)) return; // that was the last straw
    }
  }

  /** Wakes when the oldest open assembly runs out of time (a silent peer sends nothing that would check it). */
  watchAssemblies(peer: PeerState): void {
    const { setTimer, now } = this.host;
    const due = peer.reassembler.nextExpiry();
    if (due === null || peer.cancelAssemblyTimer || !setTimer) return;
    peer.cancelAssemblyTimer = setTimer(() => {
      peer.cancelAssemblyTimer = undefined;
      if (!this.host.isCurrent(peer)) return;
      this.expireAssemblies(peer);
      this.watchAssemblies(peer);
    }, Math.max(1, due - now()));
  }

  /** The link closed: nothing waits for it any more. */
  forget(peer: PeerState): void {
    peer.serving.clear();
    peer.cancelServeTimer?.();
    peer.cancelAssemblyTimer?.();
  }

  /** Wakes when the budget is out of debt; without a timer, waiting requests go at the peer's next one. */
  private scheduleServing(peer: PeerState): void {
    const { setTimer, now } = this.host;
    const wait = peer.serving.waitMs(now());
    if (wait === null || peer.cancelServeTimer || !setTimer) return;
    peer.cancelServeTimer = setTimer(() => {
      peer.cancelServeTimer = undefined;
      if (!this.host.isCurrent(peer)) return;
      peer.serving.drain(now());
      this.scheduleServing(peer);
    }, Math.max(1, wait));
  }
}
