/**
 * The room as its tabs report it (shared/protocol/room-report): the whole overlay, how far and how
 * fast one block spread, what spreading it cost, and the way it came to a given tab. Reports arrive
 * at different moments, some tabs never report, and a tab may have forgotten a block another still
 * lists, so every function here accepts reports that disagree and says what it could not know.
 */
import { MINED_HERE, type BlockArrival, type ReportBody } from '../protocol/room-report';

/** One report per tab name; if two claim a name (a tab and its previous connection), the later wins. */
export function reportsByName(reports: readonly ReportBody[]): Map<string, ReportBody> {
  const byName = new Map<string, ReportBody>();
  for (const report of reports) byName.set(report.name, report);
  return byName;
}

export interface RoomGraph {
  /** Sorted by name. `reported`: false for a tab known only because others link to it. */
  nodes: { name: string; reported: boolean }[];
  /** Undirected, each pair once with `a` < `b`. `mutual`: both ends report the link (else a link opening or closing). */
  edges: { a: string; b: string; mutual: boolean }[];
}

export function roomGraph(reports: readonly ReportBody[]): RoomGraph {
  const byName = reportsByName(reports);
  const nodes = new Map<string, boolean>();
  const seen = new Map<string, { a: string; b: string; ends: Set<string> }>();
  for (const [name, report] of byName) {
    nodes.set(name, true);
    for (const other of report.links) {
      if (other === name) continue;
      if (!nodes.has(other)) nodes.set(other, false);
      const [a, b] = name < other ? [name, other] : [other, name];
      const key = `${a}\n${b}`;
      const edge = seen.get(key) ?? { a, b, ends: new Set<string>() };
      edge.ends.add(name);
      seen.set(key, edge);
    }
  }
  // A node first met as someone's link may report later in the loop: mark it reported.
  for (const name of byName.keys()) nodes.set(name, true);
  return {
    nodes: [...nodes].map(([name, reported]) => ({ name, reported })).sort((x, y) => (x.name < y.name ? -1 : x.name > y.name ? 1 : 0)),
    edges: [...seen.values()]
      .map(({ a, b, ends }) => ({ a, b, mutual: ends.size === 2 }))
      .sort((x, y) => (x.a + '\n' + x.b < y.a + '\n' + y.b ? -1 : 1)),
  };
}

/** Nearest-rank percentile of ascending `sorted` values; null for none. */
export function percentile(sorted: readonly number[], p: number): number | null {
  if (sorted.length === 0) return null;
  const rank = Math.min(sorted.length, Math.max(1, Math.ceil((p / 100) * sorted.length)));
  return sorted[rank - 1]!;
}

export interface RoomBlockStats {
  /** Tabs whose report lists the block, of all tabs that report. */
  reached: number;
  tabs: number;
  /** The tab that reports having mined it (from MINED_HERE), if any does. */
  origin: string | null;
  /** Delay of every other tab that has it after the first arrival (the miner's), in ms; null with none. */
  p50: number | null;
  p90: number | null;
  /** Over the room, each message counted once (see roomBlockStats). */
  messages: number;
  bytes: number;
}

function arrivalOf(report: ReportBody, hash: string): BlockArrival | undefined {
  return report.blocks.find((b) => b.hash === hash);
}

/** How a block spread over the room; null if no report lists it. */
export function roomBlockStats(reports: readonly ReportBody[], hash: string): RoomBlockStats | null {
  const byName = reportsByName(reports);
  const having = [...byName.values()].flatMap((r) => {
    const arrival = arrivalOf(r, hash);
    return arrival ? [{ name: r.name, arrival }] : [];
  });
  if (having.length === 0) return null;
  // The miner's arrival is the start; without a miner's report (or with two that claim it, which
  // cannot both be true), the earliest claim, else the earliest arrival stands in.
  const byTime = [...having].sort((x, y) => x.arrival.at - y.arrival.at);
  const first = byTime.find((h) => h.arrival.from === MINED_HERE) ?? byTime[0]!;
  // Clocks are only as good as their offsets: a tab "before" the miner counts as 0 ms, not less.
  const delays = having.filter((h) => h !== first).map((h) => Math.max(0, h.arrival.at - first.arrival.at)).sort((x, y) => x - y);
  // Each tab reports what it sent plus what it received, so every message between two reporting
  // tabs is in two reports: the room's total is half the sum.
  const sum = (field: 'messages' | 'bytes') => having.reduce((total, h) => total + h.arrival[field], 0) / 2;
  return {
    reached: having.length,
    tabs: byName.size,
    origin: first.arrival.from === MINED_HERE ? first.name : null,
    p50: percentile(delays, 50),
    p90: percentile(delays, 90),
    messages: Math.round(sum('messages')),
    bytes: Math.round(sum('bytes')),
  };
}

export interface BlockPath {
  /** From the first tab known to have had the block to `to`, in the order it travelled. */
  names: string[];
  /** True when the path starts at the tab that mined the block; false when a report was missing, disagreed, or looped. */
  complete: boolean;
}

/** The way a block came to tab `to`: follow each tab's `from` back until the tab that mined it. */
export function blockPath(reports: readonly ReportBody[], hash: string, to: string): BlockPath {
  const byName = reportsByName(reports);
  const names: string[] = [];
  let current = to;
  for (;;) {
    const report = byName.get(current);
    const arrival = report && arrivalOf(report, hash);
    // `current` passed the block on (or is `to`) but says nothing of it: the trail ends here.
    if (!arrival) return { names: names.length === 0 ? [] : [current, ...names], complete: false };
    names.unshift(current);
    if (arrival.from === MINED_HERE) return { names, complete: true };
    // Reports that disagree can point in a circle; stop at the first tab seen twice.
    if (names.includes(arrival.from)) return { names, complete: false };
    current = arrival.from;
  }
}
