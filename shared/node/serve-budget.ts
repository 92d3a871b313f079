/**
 * What a node spends answering one peer's requests (`get-headers`, `get-blocks`, `get-data`): a
 * budget of characters per second, on the injected clock. Without it a peer could ask for the
 * tip ten times in 6.5 KB and have every tab of a room send it close to a megabyte back, for free:
 * a cheap way to burn a classroom's uplink.
 *
 * Only **repeats** are charged: bodies and headers this peer was already sent. Sending a peer the
 * chain once is what a sync is, and an honest late joiner must get 10,000 blocks in seconds; asking
 * for the same blocks again and again is what amplification is.
 *
 * The budget may go into debt: a request is answered whole as soon as the budget is not in debt,
 * then its size is charged. So one reply of any size (up to MAX_REPLY_CHARS) always goes, an honest
 * sync's few requests in flight are answered at once, and a peer asking faster than the budget
 * refills waits. Requests that arrive while in debt wait in a short queue and are answered in
 * order as the budget refills; one that finds the queue full is refused (no reply) and scored by
 * the node, so a peer that keeps at it is dropped. Pure: the node does the sending and the timing.
 */

/** Characters a peer's requests may cost us per second, once the burst is spent. */
export const SERVE_CHARS_PER_SECOND = 128 * 1024;
/** Characters banked: an honest late joiner's first replies (hundreds of small blocks) go at once. */
export const SERVE_BURST_CHARS = 128 * 1024;
/** Requests a peer may have waiting; a sync pipelines 4 `get-blocks`, plus a `get-data` or two. */
export const MAX_QUEUED_REQUESTS = 8;

/** One answer to give: sends it and returns the characters it charges (those of content the peer already had). */
export type ServeJob = () => number;

export type ServeVerdict = 'served' | 'queued' | 'refused';

export class ServeBudget {
  private tokens: number;
  private updatedAt: number;
  private readonly queue: ServeJob[] = [];
  /** Characters charged to this peer, all told. */
  charged = 0;

  constructor(
    now: number,
    private readonly perSecond = SERVE_CHARS_PER_SECOND,
    private readonly burst = SERVE_BURST_CHARS,
    private readonly maxQueued = MAX_QUEUED_REQUESTS,
  ) {
    this.tokens = burst;
    this.updatedAt = now;
  }

  /** A request arrived: answered now, kept for later, or refused because too many already wait. */
  offer(job: ServeJob, now: number): ServeVerdict {
    this.drain(now);
    if (this.queue.length === 0 && this.available(now) >= 0) {
      this.run(job, now);
      return 'served';
    }
    if (this.queue.length >= this.maxQueued) return 'refused';
    this.queue.push(job);
    return 'queued';
  }

  /** Answers waiting requests while the budget is out of debt. */
  drain(now: number): void {
    while (this.queue.length > 0 && this.available(now) >= 0) this.run(this.queue.shift()!, now);
  }

  /** Milliseconds until the next waiting request can be answered; null when none waits. */
  waitMs(now: number): number | null {
    if (this.queue.length === 0) return null;
    return Math.max(0, Math.ceil((-this.available(now) / this.perSecond) * 1000));
  }

  get waiting(): number {
    return this.queue.length;
  }

  /** The peer is gone: its waiting requests with it. */
  clear(): void {
    this.queue.length = 0;
  }

  private run(job: ServeJob, now: number): void {
    const chars = job();
    this.charged += chars;
    this.tokens = this.available(now) - chars;
  }

  private available(now: number): number {
    const elapsed = Math.max(0, now - this.updatedAt);
    this.updatedAt = Math.max(this.updatedAt, now);
    if (this.tokens < this.burst) this.tokens = Math.min(this.burst, this.tokens + (elapsed / 1000) * this.perSecond);
    return this.tokens;
  }
}

/**
 * The main-chain heights up to which a peer has been sent headers. A reply's share below that mark
 * is a repeat (charged); above it is new (free). A reorg makes an honest peer ask again below the
 * mark: rare, and the budget's burst covers a few batches.
 */
export class SentHeaders {
  private upTo = 0;

  /** Headers at heights [from, from + count) were sent in `chars` characters: the characters to charge. */
  charge(from: number, count: number, chars: number): number {
    if (count === 0) return chars; // an empty answer is tiny, and asking for it again is all it is
    const repeated = Math.max(0, Math.min(from + count, this.upTo) - from);
    this.upTo = Math.max(this.upTo, from + count);
    return Math.ceil((chars * repeated) / count);
  }
}
