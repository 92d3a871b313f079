/**
 * How far this tab's clock is from the signalling server's, so that arrival times from many
 * machines land on one clock. Cristian's method: ask the server its time, assume the answer was
 * made halfway through the round trip, and trust the sample with the shortest round trip most
 * (its halfway guess can be wrong by at most half of it).
 */
export interface ClockSample {
  /** Local Date.now() when the question left, and when the answer came back. */
  sentAt: number;
  receivedAt: number;
  /** The server's Date.now() in its answer. */
  serverTime: number;
}

/** Server time minus local time, from one sample. */
export function offsetOf(sample: ClockSample): number {
  return sample.serverTime - (sample.sentAt + sample.receivedAt) / 2;
}

export class ClockOffset {
  private readonly samples: ClockSample[] = [];

  /** @param keep how many recent samples to choose from: clocks drift, so old samples retire. */
  constructor(private readonly keep = 8) {}

  /** Adds a sample; one with a negative round trip or a non-finite time is ignored. */
  add(sample: ClockSample): void {
    const { sentAt, receivedAt, serverTime } = sample;
    if (![sentAt, receivedAt, serverTime].every(Number.isFinite) || receivedAt < sentAt) return;
    this.samples.push({ ...sample });
    if (this.samples.length > this.keep) this.samples.shift();
  }

  /** The sample with the shortest round trip, the latest on a tie; undefined before any sample. */
  private best(): ClockSample | undefined {
    let best: ClockSample | undefined;
    for (const s of this.samples) if (!best || s.receivedAt - s.sentAt <= best.receivedAt - best.sentAt) best = s;
    return best;
  }

  /** Server time minus local time in ms; 0 before any sample (the local clock is the best guess). */
  get offset(): number {
    const best = this.best();
    return best ? offsetOf(best) : 0;
  }

  /** The round trip of the sample in use: the offset is right to within half of it. */
  get uncertainty(): number | null {
    const best = this.best();
    return best ? (best.receivedAt - best.sentAt) / 2 : null;
  }

  toServerTime(localMs: number): number {
    return localMs + this.offset;
  }
}
