/**
 * Other tabs' message events, as they would reach the stage inside the room's reports (each
 * report may carry its tab's latest MessageBatch under `messages`). Reports come from strangers:
 * each batch is schema-checked here again, only a tab's own messages over links it reports are
 * kept (ownLinkEvents), and a batch the room's broadcast repeats is taken once (by its seq).
 * Pure: the caller keeps `lastSeq` between calls and turns the launches into tokens.
 */
import { messageBatchSchema, ownLinkEvents, type TokenLaunch } from './message-events';

/** Longest a batch's replay is spread over: one report a second, so its events fit in a second. */
export const REPLAY_SPREAD_MS = 1_000;

export interface ReportWithMessages {
  name: string;
  links: readonly string[];
  /** Unchecked: whatever the report carried. */
  messages?: unknown;
}

export interface FreshMessages {
  launches: TokenLaunch[];
  /** Events the senders left out (they sampled) plus those refused here. */
  sampledOut: number;
  /** Tabs whose reports carry message batches: their block hops need not be guessed from arrivals. */
  reporting: Set<string>;
  lastSeq: Map<string, number>;
}

export function freshMessages(reports: readonly ReportWithMessages[], self: string | null, lastSeq: ReadonlyMap<string, number>): FreshMessages {
  const launches: TokenLaunch[] = [];
  const next = new Map<string, number>();
  const reporting = new Set<string>();
  let sampledOut = 0;
  for (const report of reports) {
    if (report.messages === undefined) continue;
    const parsed = messageBatchSchema.safeParse(report.messages);
    if (!parsed.success) continue;
    const batch = parsed.data;
    reporting.add(report.name);
    next.set(report.name, batch.seq);
    // This tab draws its own messages from its own node, at once.
    if (report.name === self || lastSeq.get(report.name) === batch.seq) continue;
    const { events, refused } = ownLinkEvents(report.name, report.links, batch.events);
    sampledOut += batch.sampledOut + refused;
    const first = Math.min(...events.map((e) => e.at));
    const span = Math.max(1, Math.max(...events.map((e) => e.at)) - first);
    for (const e of events) {
      // The batch replays in the order and rhythm it happened, squeezed into one report interval.
      launches.push({ from: e.from, to: e.to, kind: e.kind, delayMs: Math.round(((e.at - first) / Math.max(span, REPLAY_SPREAD_MS)) * REPLAY_SPREAD_MS) });
    }
  }
  return { launches, sampledOut, reporting, lastSeq: next };
}
