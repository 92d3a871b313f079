/**
 * How many gossiped addresses a link may hand us: a token bucket per link (1,000 banked, 10 a
 * second — a classroom room's honest tabs send a few dozen), the excess ignored, and past a
 * tolerance every 100 ignored addresses cost points, so a flooder is dropped like any other
 * misbehaving peer. Looser than Bitcoin Core's 0.1 a second (addr-gossip.ts, used by the large
 * simulations): tabs of a lab room all join within seconds and must learn each other quickly.
 */
import { TokenBucket } from './token-bucket';

export interface AddrBudget {
  /** How many of the message's addresses to process (the first ones). */
  allowed: number;
  /** Points the sender earned with this message (0 for honest traffic). */
  points: number;
}

export interface AddrFloodGuardInit {
  perSecond?: number;
  burst?: number;
  /** Ignored addresses forgiven (refilled 1 a second) before scoring starts. Default 100. */
  tolerance?: number;
  /** Points per 100 ignored addresses beyond the tolerance. Default 10. */
  pointsPer100?: number;
}

interface LinkBudget {
  tokens: TokenBucket;
  tolerance: TokenBucket;
  unscored: number;
}

export class AddrFloodGuard {
  private readonly links = new Map<string, LinkBudget>();

  constructor(private readonly init: AddrFloodGuardInit = {}) {}

  admit(peer: string, count: number, now: number): AddrBudget {
    let link = this.links.get(peer);
    if (!link) {
      link = {
        tokens: new TokenBucket(this.init.perSecond ?? 10, this.init.burst ?? 1000, now),
        tolerance: new TokenBucket(1, this.init.tolerance ?? 100, now),
        unscored: 0,
      };
      this.links.set(peer, link);
    }
    const allowed = Math.min(count, Math.floor(link.tokens.available(now)));
    link.tokens.take(now, allowed);
    const ignored = count - allowed;
    const forgiven = Math.min(ignored, Math.floor(link.tolerance.available(now)));
    link.tolerance.take(now, forgiven);
    link.unscored += ignored - forgiven;
    const units = Math.floor(link.unscored / 100);
    link.unscored -= units * 100;
    return { allowed, points: units * (this.init.pointsPer100 ?? 10) };
  }

  forget(peer: string): void {
    this.links.delete(peer);
  }
}
