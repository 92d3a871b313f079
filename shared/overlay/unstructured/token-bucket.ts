/**
 * A token bucket on an injected clock. Bitcoin Core limits how many gossiped addresses it
 * processes per peer this way (net_processing.cpp, `m_addr_token_bucket`: 0.1 address a second,
 * at most 1,000 banked, one token to start with); the topic pub/sub uses the same shape per topic.
 * Pure: time is passed in, so a test can step it.
 */
export class TokenBucket {
  private tokens: number;
  private updatedAt: number;

  constructor(
    private readonly perSecond: number,
    private readonly capacity: number,
    now: number,
    initial = capacity,
  ) {
    this.tokens = initial;
    this.updatedAt = now;
  }

  available(now: number): number {
    this.refill(now);
    return this.tokens;
  }

  /** Takes `n` tokens if all are there; otherwise takes none. */
  take(now: number, n = 1): boolean {
    this.refill(now);
    if (this.tokens < n) return false;
    this.tokens -= n;
    return true;
  }

  /**
   * Adds tokens beyond the capacity: Core credits a peer with 1,000 when it sends that peer a
   * GETADDR, so the whole answer we asked for is processed even though refilling stops at 1,000.
   */
  credit(n: number): void {
    this.tokens += n;
  }

  private refill(now: number): void {
    const elapsed = Math.max(0, now - this.updatedAt);
    this.updatedAt = Math.max(this.updatedAt, now);
    // A credited bucket above capacity keeps its surplus; refilling only tops up to capacity.
    if (this.tokens < this.capacity) this.tokens = Math.min(this.capacity, this.tokens + (elapsed / 1000) * this.perSecond);
  }
}
