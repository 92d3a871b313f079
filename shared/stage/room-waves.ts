/**
 * A block's wave across the room, read from the room's reports (shared/protocol/room-report): each
 * tab lists the blocks it accepted lately and the tab it got each from. A new entry is one hop of
 * the wave (a block token from `from` to that tab); a tab's tip is the highest of its listed
 * blocks this tab can place in its own tree. Pure; reports are from strangers, so unknown hashes
 * and names are skipped, not trusted.
 */
import { MINED_HERE, type ReportBody } from '../protocol/room-report';

export interface Arrival {
  /** The tab that now has the block. */
  tab: string;
  hash: string;
  /** The tab it came from, or null when `tab` mined it. */
  from: string | null;
}

/**
 * Entries not in `seen` (keys `tab\nhash`): the hops that happened since the last reports. The
 * returned set replaces `seen`; it only keeps what the reports still list, so it stays bounded.
 */
export function newArrivals(reports: readonly ReportBody[], seen: ReadonlySet<string>): { arrivals: Arrival[]; seen: Set<string> } {
  const arrivals: Arrival[] = [];
  const next = new Set<string>();
  for (const report of reports) {
    for (const block of report.blocks) {
      const key = `${report.name}\n${block.hash}`;
      next.add(key);
      if (seen.has(key)) continue;
      arrivals.push({ tab: report.name, hash: block.hash, from: block.from === MINED_HERE ? null : block.from });
    }
  }
  return { arrivals, seen: next };
}

/**
 * Each reporting tab's tip as far as this tab can tell: the tip it reports (`tip`) when this tab
 * knows that block; otherwise (an older tab, or a block still on its way here) the listed block of
 * greatest height in this tab's tree (`heightOf` null for blocks it does not know), the later
 * arrival on a tie. Tabs naming no block this tab knows are left out.
 */
export function reportedTips(reports: readonly ReportBody[], heightOf: (hash: string) => number | null): Map<string, string> {
  const tips = new Map<string, string>();
  for (const report of reports) {
    if (report.tip && heightOf(report.tip.hash) !== null) {
      tips.set(report.name, report.tip.hash);
      continue;
    }
    let best: { hash: string; height: number; at: number } | null = null;
    for (const block of report.blocks) {
      const height = heightOf(block.hash);
      if (height === null) continue;
      if (!best || height > best.height || (height === best.height && block.at > best.at)) best = { hash: block.hash, height, at: block.at };
    }
    if (best) tips.set(report.name, best.hash);
  }
  return tips;
}
