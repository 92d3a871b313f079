/**
 * Messages the link conditions dropped (a partition, the loss setting), counted per peer and reason
 * and logged in summary: one line when a peer's messages start being dropped, then at most one per
 * `everyMs` with how many since — a busy partitioned link must not bury the log line by line.
 * These are lesson conditions, not errors, and are counted apart from them.
 */
import type { DropReason } from '../../shared/transport/conditioner';

export const DROPPED_LOG_EVERY_MS = 5_000;

export type DropLine = { peerId: string; reason: DropReason; count: number; first: boolean };

export class DroppedTally {
  /** 'peerId|reason' → every drop so far (what the page shows). */
  readonly totals = new Map<string, number>();
  /** 'peerId|reason' → drops not logged yet, and when that link's last line was logged. */
  private readonly pending = new Map<string, { count: number; loggedAt: number }>();

  constructor(private readonly everyMs = DROPPED_LOG_EVERY_MS) {}

  /** Counts one drop at `now`; returns the log line due now, if any. */
  count(peerId: string, reason: DropReason, now: number): DropLine | null {
    const key = `${peerId}|${reason}`;
    this.totals.set(key, (this.totals.get(key) ?? 0) + 1);
    const entry = this.pending.get(key);
    if (!entry) {
      this.pending.set(key, { count: 0, loggedAt: now });
      return { peerId, reason, count: 1, first: true };
    }
    entry.count += 1;
    return now - entry.loggedAt >= this.everyMs ? this.take(key, now) : null;
  }

  /** Lines for counts still unlogged after `everyMs` (call on a timer, so a quiet link's last drops are told). */
  flush(now: number): DropLine[] {
    const lines: DropLine[] = [];
    for (const [key, entry] of this.pending) {
      if (entry.count > 0 && now - entry.loggedAt >= this.everyMs) lines.push(this.take(key, now));
    }
    return lines;
  }

  private take(key: string, now: number): DropLine {
    const entry = this.pending.get(key)!;
    const [peerId, reason] = key.split('|') as [string, DropReason];
    const line = { peerId, reason, count: entry.count, first: false };
    entry.count = 0;
    entry.loggedAt = now;
    return line;
  }
}
