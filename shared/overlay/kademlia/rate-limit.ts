/**
 * Per-peer message budget for the DHT, over an injected clock. Fixed windows rather than token
 * buckets: one counter per peer that spoke this window and a single clear when the window turns,
 * which keeps 10,000 simulated nodes cheap. The map of counters is itself capped, so a crowd of
 * new ids cannot grow it either.
 */
import type { NodeId } from './id';

export interface RateLimitInit {
  /** Messages one peer may send per window. Default 100. */
  perWindow?: number;
  /** Window length in ms. Default 1000. */
  windowMs?: number;
  /** Distinct peers tracked per window; messages from more are refused until the window turns. Default 1024. */
  maxPeers?: number;
}

export class RateLimiter {
  private readonly counts = new Map<NodeId, number>();
  private windowStart = -Infinity;
  private readonly perWindow: number;
  private readonly windowMs: number;
  private readonly maxPeers: number;

  constructor(init: RateLimitInit = {}) {
    this.perWindow = init.perWindow ?? 100;
    this.windowMs = init.windowMs ?? 1000;
    this.maxPeers = init.maxPeers ?? 1024;
  }

  /** Counts one message from `peer` at `now`; false means drop it. */
  allow(peer: NodeId, now: number): boolean {
    if (now - this.windowStart >= this.windowMs) {
      this.counts.clear();
      this.windowStart = now;
    }
    const n = this.counts.get(peer);
    if (n === undefined) {
      if (this.counts.size >= this.maxPeers) return false;
      this.counts.set(peer, 1);
      return true;
    }
    if (n >= this.perWindow) return false;
    this.counts.set(peer, n + 1);
    return true;
  }
}
