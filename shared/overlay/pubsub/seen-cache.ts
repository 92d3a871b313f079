/**
 * Message ids already handled, so each message is delivered once and relayed once. Like libp2p's
 * seen cache it forgets by age (`seenTtlMs`, libp2p's default is 2 minutes), and also by count so
 * a flood of distinct ids cannot grow it without end. Delivery stays exactly-once as long as an id
 * is remembered longer than the slowest copy of its message takes to cross the mesh: keep the TTL
 * far above the mesh's diameter × latency, and the capacity above the traffic of one TTL.
 */
export class SeenCache {
  /** Insertion order is time order (the clock never goes back here), so expiry trims the front. */
  private readonly expiries = new Map<string, number>();
  /** Ids forgotten before their TTL because the cache was full: non-zero means raise the capacity. */
  evictedEarly = 0;

  constructor(
    private readonly ttlMs: number,
    private readonly capacity: number,
  ) {}

  has(id: string, now: number): boolean {
    this.expire(now);
    return this.expiries.has(id);
  }

  add(id: string, now: number): void {
    this.expire(now);
    if (this.expiries.has(id)) return;
    this.expiries.set(id, now + this.ttlMs);
    if (this.expiries.size > this.capacity) {
      this.expiries.delete(this.expiries.keys().next().value as string);
      this.evictedEarly++;
    }
  }

  get size(): number {
    return this.expiries.size;
  }

  private expire(now: number): void {
    for (const [id, expiry] of this.expiries) {
      if (expiry > now) return;
      this.expiries.delete(id);
    }
  }
}
