/**
 * What a tab tells the room about itself (shared/protocol/room-report): its links and, for the
 * blocks it accepted most recently, when, from whom, and what relaying each cost it. The tab feeds
 * in events as they happen; the report is built on demand from plain values.
 */
import { REPORT_MAX_BLOCKS, REPORT_MAX_LINKS, type ReportBody } from '../protocol/room-report';

export interface Arrival {
  hash: string;
  /** Local Date.now() when the block was accepted; turned into server time when reported. */
  localAt: number;
  /** The tab name of the peer it came from, or MINED_HERE (shared/protocol/room-report). */
  from: string;
}

/** The most recent first arrivals, oldest dropped; a block accepted twice keeps its first arrival. */
export class ArrivalLog {
  private readonly arrivals: Arrival[] = [];

  constructor(private readonly limit = REPORT_MAX_BLOCKS) {}

  add(arrival: Arrival): void {
    if (this.arrivals.some((a) => a.hash === arrival.hash)) return;
    this.arrivals.push({ ...arrival });
    if (this.arrivals.length > this.limit) this.arrivals.shift();
  }

  /** Oldest first. */
  recent(): Arrival[] {
    return this.arrivals.map((a) => ({ ...a }));
  }
}

export interface ReportInput {
  name: string;
  links: Iterable<string>;
  arrivals: readonly Arrival[];
  /** Local ms → server ms (shared/telemetry/clock-offset). */
  toServerTime: (localMs: number) => number;
  /** Messages and bytes this tab sent and received for a block so far. */
  traffic: (hash: string) => { messages: number; bytes: number };
}

export function buildReport(input: ReportInput): ReportBody {
  const links = [...new Set(input.links)].filter((n) => n !== input.name).sort().slice(0, REPORT_MAX_LINKS);
  const blocks = input.arrivals.slice(-REPORT_MAX_BLOCKS).map(({ hash, localAt, from }) => {
    const { messages, bytes } = input.traffic(hash);
    return {
      hash,
      // Whole ms, never negative: the schema wants a plain count, and a clock that is wildly off
      // should show as odd delays, not a refused report.
      at: Math.max(0, Math.round(input.toServerTime(localAt))),
      from,
      messages,
      bytes: Math.round(bytes),
    };
  });
  return { name: input.name, links, blocks };
}
