/**
 * At most one flush per room per interval: the first request in a quiet room flushes at once, and
 * requests during the interval are folded into one flush at its end. Room reports change every
 * second in every tab, and forwarding each one to every member would cost N² messages a second.
 */
export type Timers = {
  now: () => number;
  /** Runs `fn` after `ms`; returns a function that cancels it. */
  setTimer: (fn: () => void, ms: number) => () => void;
};

export class RoomThrottle {
  readonly #lastFlush = new Map<string, number>();
  readonly #pending = new Map<string, () => void>();
  #stopped = false;

  constructor(
    private readonly intervalMs: number,
    private readonly timers: Timers,
    private readonly flush: (room: string) => void,
  ) {}

  request(room: string): void {
    if (this.#stopped) return;
    if (this.#pending.has(room)) return; // the flush already scheduled will carry this change too
    const last = this.#lastFlush.get(room);
    const wait = last === undefined ? 0 : last + this.intervalMs - this.timers.now();
    if (wait <= 0) return this.#run(room);
    this.#pending.set(room, this.timers.setTimer(() => {
      this.#pending.delete(room);
      this.#run(room);
    }, wait));
  }

  /** Drops a room's timing (it has gone quiet for good), cancelling any flush still to come. */
  forget(room: string): void {
    this.#pending.get(room)?.();
    this.#pending.delete(room);
    this.#lastFlush.delete(room);
  }

  /** Cancels every pending flush and ignores later requests (the server is closing). */
  stop(): void {
    this.#stopped = true;
    for (const cancel of this.#pending.values()) cancel();
    this.#pending.clear();
  }

  #run(room: string): void {
    this.#lastFlush.set(room, this.timers.now());
    this.flush(room);
  }
}
