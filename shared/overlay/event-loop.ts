/**
 * A discrete-event scheduler for simulations: a binary min-heap of (time, order) events that the
 * caller drains synchronously. Simulated time jumps from event to event, so 10,000 nodes exchange
 * millions of messages in seconds of real time, and the same seed always replays the same run.
 * It plays the role setTimeout plays for the memory transport in real time.
 */

interface ScheduledEvent {
  at: number;
  order: number;
  fn: () => void;
  cancelled: boolean;
}

const before = (a: ScheduledEvent, b: ScheduledEvent) => a.at < b.at || (a.at === b.at && a.order < b.order);

export class EventLoop {
  private readonly heap: ScheduledEvent[] = [];
  private time = 0;
  private order = 0;
  private live = 0;
  /** Events run so far, for a simulation's report. */
  processed = 0;

  /** Simulated milliseconds; only advances while events run. */
  readonly now = (): number => this.time;

  /** Runs `fn` after `delayMs` of simulated time (ties run in the order they were scheduled). */
  readonly schedule = (fn: () => void, delayMs: number): void => {
    this.push({ at: this.time + Math.max(0, delayMs), order: this.order++, fn, cancelled: false });
  };

  /** Like `schedule`, with a cancel function (what DhtNode and Node expect as `setTimer`). */
  readonly setTimer = (fn: () => void, ms: number): (() => void) => {
    const event: ScheduledEvent = { at: this.time + Math.max(0, ms), order: this.order++, fn, cancelled: false };
    this.push(event);
    return () => {
      if (!event.cancelled) {
        event.cancelled = true;
        this.live--;
      }
    };
  };

  /** Events scheduled and not yet run or cancelled. */
  get pending(): number {
    return this.live;
  }

  /**
   * Runs events in time order until none is left or the next is later than `until`. Cancelled
   * timers are discarded without moving the clock: a reply that arrived keeps time where it was.
   */
  run(until = Infinity): number {
    let ran = 0;
    while (this.heap.length > 0) {
      const next = this.heap[0]!;
      if (!next.cancelled && next.at > until) break;
      this.pop();
      if (next.cancelled) continue;
      this.live--;
      next.cancelled = true; // a late cancel of a timer that already ran must not count it twice
      this.time = next.at;
      next.fn();
      ran++;
      this.processed++;
    }
    if (until !== Infinity && until > this.time) this.time = until;
    return ran;
  }

  private push(event: ScheduledEvent): void {
    const heap = this.heap;
    heap.push(event);
    this.live++;
    let i = heap.length - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!before(event, heap[parent]!)) break;
      heap[i] = heap[parent]!;
      i = parent;
    }
    heap[i] = event;
  }

  private pop(): void {
    const heap = this.heap;
    const last = heap.pop()!;
    if (heap.length === 0) return;
    let i = 0;
    for (;;) {
      const left = 2 * i + 1;
      if (left >= heap.length) break;
      const right = left + 1;
      const child = right < heap.length && before(heap[right]!, heap[left]!) ? right : left;
      if (!before(heap[child]!, last)) break;
      heap[i] = heap[child]!;
      i = child;
    }
    heap[i] = last;
  }
}
