/**
 * The room bench's arithmetic, apart from the browser: is the overlay one piece, percentiles of
 * arrival delays, and the table printed per mode.
 */

/** True when every tab can reach every other over the links the tabs report (either end counts). */
export function isConnected(links: ReadonlyMap<string, readonly string[]>): boolean {
  const neighbours = new Map<string, Set<string>>([...links.keys()].map((id) => [id, new Set<string>()]));
  for (const [id, peers] of links) {
    for (const peer of peers) {
      if (!neighbours.has(peer)) continue; // a tab of another run, or one that has left
      neighbours.get(id)!.add(peer);
      neighbours.get(peer)!.add(id);
    }
  }
  const first = links.keys().next().value;
  if (first === undefined) return false;
  const seen = new Set([first]);
  const queue = [first];
  while (queue.length > 0) {
    for (const next of neighbours.get(queue.pop()!)!) {
      if (seen.has(next)) continue;
      seen.add(next);
      queue.push(next);
    }
  }
  return seen.size === links.size;
}

/** Nearest-rank percentile (p in 0–100) of unsorted values; NaN for none. */
export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;
}

export interface BlockFigures {
  miner: number;
  /** Tabs that accepted the block, the miner included. */
  reached: number;
  /** ms from the miner's own accept to each other tab's, for the tabs it reached. */
  delaysMs: number[];
  messages: number;
  bytes: number;
}

export interface RoomFigures {
  mode: string;
  tabs: number;
  links: number[];
  rttMs: number[];
  blocks: BlockFigures[];
  /** Kademlia rooms: every tab's FIND_VALUE of every mined block. */
  lookups?: Array<{ found: boolean; hops: number; ms: number }>;
  /** Things a reader should know: a wait that timed out, say. */
  notes: string[];
}

const ms = (x: number) => (Number.isFinite(x) ? x.toFixed(1) : '—');
const pad = (s: string | number, n: number) => String(s).padStart(n);

/** A few lines per mode: links, the RTT reference, one row per block, then the totals. */
export function formatRoom(r: RoomFigures): string[] {
  const rtt = percentile(r.rttMs, 50);
  const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / Math.max(1, xs.length);
  const lines = [
    `room ${r.mode}, ${r.tabs} Chromium tabs: links per tab mean ${mean(r.links).toFixed(1)} / max ${Math.max(...r.links)}; ` +
      `reference: data-channel round trip between two linked tabs, median of ${r.rttMs.length} pings ${rtt.toFixed(2)} ms ` +
      `(p90 ${percentile(r.rttMs, 90).toFixed(2)} ms)`,
    `  block  miner   reach   p50 ms  p90 ms  max ms  messages     bytes`,
  ];
  r.blocks.forEach((b, i) =>
    lines.push(
      `  ${pad(i + 1, 5)}  ${pad(`tab ${b.miner}`, 6)}  ${pad(`${b.reached}/${r.tabs}`, 6)}  ${pad(ms(percentile(b.delaysMs, 50)), 6)}  ` +
        `${pad(ms(percentile(b.delaysMs, 90)), 6)}  ${pad(ms(Math.max(...b.delaysMs)), 6)}  ${pad(b.messages, 8)}  ${pad(Math.round(b.bytes).toLocaleString('en'), 8)}`,
    ),
  );
  const delays = r.blocks.flatMap((b) => b.delaysMs);
  const p50 = percentile(delays, 50);
  const reached = r.blocks.reduce((sum, b) => sum + b.reached, 0);
  lines.push(
    `room ${r.mode}: propagation from the miner's accept p50 ${ms(p50)} ms / p90 ${ms(percentile(delays, 90))} ms ` +
      `over ${delays.length} arrivals; p50/RTT ${(p50 / rtt).toFixed(1)}; reach ${reached}/${r.tabs * r.blocks.length}; ` +
      `per block over the room ${mean(r.blocks.map((b) => b.messages)).toFixed(0)} messages, ` +
      `${Math.round(mean(r.blocks.map((b) => b.bytes))).toLocaleString('en')} bytes (inv + get-data + block as sent, RelayStats)`,
  );
  if (r.lookups && r.lookups.length > 0) {
    const found = r.lookups.filter((l) => l.found);
    const walked = found.filter((l) => l.hops > 0);
    lines.push(
      `room ${r.mode}: FIND_VALUE in the tabs (each tab, each mined block) success ${((100 * found.length) / r.lookups.length).toFixed(1)}% ` +
        `(${found.length}/${r.lookups.length}), mean hops ${mean(found.map((l) => l.hops)).toFixed(2)} (log2 N = ${Math.log2(r.tabs).toFixed(1)}; ` +
        `${found.length - walked.length} held locally), p50 ${ms(percentile(found.map((l) => l.ms), 50))} ms / p90 ${ms(percentile(found.map((l) => l.ms), 90))} ms`,
    );
  }
  for (const note of r.notes) lines.push(`room ${r.mode}: note: ${note}`);
  return lines;
}
