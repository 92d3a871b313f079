/**
 * A token bucket on an injected clock: `ratePerSecond` tokens trickle in up to `burst`, and each
 * action spends its cost. Plain data, so budgets can be tested with a fake clock.
 */
export class TokenBucket {
  #tokens: number;
  #at: number;

  constructor(
    readonly ratePerSecond: number,
    readonly burst: number,
    private readonly now: () => number,
  ) {
    this.#tokens = burst;
    this.#at = now();
  }

  /** Spends `cost` if the bucket holds it; false (and nothing spent) otherwise. */
  take(cost = 1): boolean {
    this.#refill();
    if (this.#tokens < cost) return false;
    this.#tokens -= cost;
    return true;
  }

  /**
   * Spends `cost` even past empty (the bucket goes into debt), for costs that may exceed the
   * burst but must still happen eventually; `ready()` says when the debt is paid.
   */
  spend(cost: number): void {
    this.#refill();
    this.#tokens -= cost;
  }

  /** Ms until the bucket holds at least `cost` (capped at the burst), 0 if it does now. */
  waitFor(cost: number): number {
    this.#refill();
    const need = Math.min(cost, this.burst) - this.#tokens;
    return need <= 0 ? 0 : Math.ceil((need / this.ratePerSecond) * 1000);
  }

  get tokens(): number {
    this.#refill();
    return this.#tokens;
  }

  #refill(): void {
    const now = this.now();
    const elapsed = Math.max(0, now - this.#at);
    this.#at = now;
    this.#tokens = Math.min(this.burst, this.#tokens + (elapsed / 1000) * this.ratePerSecond);
  }
}
