/**
 * The scale bench's arithmetic and wording, apart from sockets and browsers: signal relay
 * latencies and server memory per client, and a room's members from their telemetry reports
 * (links per member, block propagation, who holds the last block).
 */
import { percentile } from './room-figures';

export { percentile };

export interface SignallingFigures {
  clients: number;
  servers: number;
  /** Clients joined, and still connected when signalling ended. */
  held: number;
  failedJoins: number;
  firstFailure: string | null;
  /** Rooms in which every member heard of every other (across servers too). */
  roomsComplete: number;
  rooms: number;
  /** Ordered member pairs of a room where the first was never told of the second (join ack or peer-joined). */
  unaware: number;
  /** The same pairs counted again when the signalling ended (~20 s later): never told, not just late. */
  unawareLater: number;
  /** Signals per second offered to the servers in all. */
  rate: number;
  latenciesMs: number[];
  /** Parallel to latenciesMs: when each was sent, ms into the measuring window. */
  sentOffsetsMs: number[];
  sent: number;
  received: number;
  errors: Record<string, number>;
  /** Worst p99 event-loop delay of the client processes while measuring: how much they blur the figure. */
  clientLoopDelayP99Ms: number;
  clientProcesses: number;
  /** Per server: resident KiB before the clients came, after they joined, after the signalling. */
  rssKiB: Array<{ before: number; joined: number; after: number }>;
  /** Per server: CPU time while signalling ÷ wall time (1 = one core busy throughout). */
  serverCpuShare: number[];
  /** The same for redis-server, when there is one (NaN: not found). */
  redisCpuShare: number | null;
  /** The whole machine's busy share while signalling (other work on it included). */
  machineBusy: number;
  serverLog: string[];
}

/** The issue's goal for signal relay p99. */
export const P99_GOAL_MS = 20;

/**
 * p99 of each whole second of the window: a few slow seconds (a pause somewhere) read differently
 * from every second slow (a server that cannot keep up).
 */
export function p99PerSecond(latenciesMs: readonly number[], sentOffsetsMs: readonly number[]): number[] {
  const buckets: number[][] = [];
  latenciesMs.forEach((latency, i) => {
    const second = Math.floor(sentOffsetsMs[i]! / 1000);
    if (second >= 0) (buckets[second] ??= []).push(latency);
  });
  return [...buckets].map((b) => percentile(b ?? [], 99)).filter((x) => Number.isFinite(x));
}

const fixed = (x: number, digits = 1) => (Number.isFinite(x) ? x.toFixed(digits) : '—');

/** KiB of server memory per held client: the servers' added RSS (after joining), summed, ÷ clients. */
export function memoryPerClientKiB(rss: SignallingFigures['rssKiB'], clients: number): number {
  if (clients <= 0) return NaN;
  return rss.reduce((sum, r) => sum + (r.joined - r.before), 0) / clients;
}

export function formatSignalling(f: SignallingFigures): string[] {
  const label = `signalling ${f.clients} clients on ${f.servers} process${f.servers > 1 ? 'es' : ''}`;
  const lost = f.sent - f.received;
  const errors = Object.entries(f.errors).map(([code, n]) => `${code} ×${n}`);
  const lines = [
    `${label}: held ${f.held}/${f.clients} (${f.failedJoins} joins failed${f.firstFailure ? `, first: ${f.firstFailure}` : ''}); ` +
      `rooms whole ${f.roomsComplete}/${f.rooms} (every member told of every other by its join ack or peer-joined` +
      `${f.unaware > 0 ? `; ${f.unaware} member pairs not told 1 s after the last join, ${f.unawareLater} still not ~20 s later` : ''})`,
    `${label}: relay latency p50 ${fixed(percentile(f.latenciesMs, 50), 2)} ms / p99 ${fixed(percentile(f.latenciesMs, 99), 2)} ms / ` +
      `max ${fixed(Math.max(...f.latenciesMs), 1)} ms over ${f.latenciesMs.length} signals at ${f.rate.toFixed(0)} signals/s offered; ` +
      `lost ${lost} of ${f.sent}${errors.length ? `; refused: ${errors.join(', ')}` : ''}`,
    `${label}: p99 per second of the window ${p99PerSecond(f.latenciesMs, f.sentOffsetsMs).map((x) => x.toFixed(0)).join(' ')} ms ` +
      `(${p99PerSecond(f.latenciesMs, f.sentOffsetsMs).filter((x) => x >= P99_GOAL_MS).length} seconds at or over the ${P99_GOAL_MS} ms goal)`,
    `${label}: server RSS ${f.rssKiB.map((r) => `${(r.before / 1024).toFixed(0)} → ${(r.joined / 1024).toFixed(0)} MiB joined → ${(r.after / 1024).toFixed(0)} MiB after signalling`).join('; ')}; ` +
      `${fixed(memoryPerClientKiB(f.rssKiB, f.held))} KiB per client; server CPU while signalling ` +
      `${f.serverCpuShare.map((c) => `${(100 * c).toFixed(0)}%`).join(' + ')} of one core${f.redisCpuShare === null ? '' : `, redis-server ${fixed(100 * f.redisCpuShare, 0)}%`}; ` +
      `the machine (2 cores, anything else running on it included) ${fixed(100 * f.machineBusy, 0)}% busy`,
    `${label}: clients in ${f.clientProcesses} child processes (whole rooms each, one clock per pair); their event-loop delay p99 ` +
      `${fixed(f.clientLoopDelayP99Ms, 1)} ms while measuring (part of any latency figure)`,
  ];
  for (const line of f.serverLog.slice(0, 5)) lines.push(`${label}: server said: ${line.trim()}`);
  return lines;
}

/** What the bench needs of a member's telemetry report (shared/protocol/room-report.ts). */
export interface MemberReport {
  name: string;
  links: readonly string[];
  blocks: ReadonlyArray<{ hash: string; at: number; from: string }>;
  tip?: { hash: string; height: number };
}

export interface BlockSpread {
  hash: string;
  /** Members whose report lists the block, the miner included. */
  reached: number;
  /** ms (server clock) from the miner's accept to each other member's. */
  delaysMs: number[];
}

/** One block's way through the room, from the reports: the miner's `self` arrival is time zero. */
export function blockSpread(reports: readonly MemberReport[], hash: string): BlockSpread {
  const arrivals = reports.flatMap((r) => r.blocks.filter((b) => b.hash === hash).map((b) => ({ at: b.at, self: b.from === 'self' })));
  const mined = arrivals.find((a) => a.self);
  if (!mined) return { hash, reached: arrivals.length, delaysMs: [] };
  return { hash, reached: arrivals.length, delaysMs: arrivals.filter((a) => a !== mined).map((a) => Math.max(0, a.at - mined.at)) };
}

/**
 * Members that hold the last block: their tip is it (when the report carries a tip), or their
 * report lists it (a report without a tip). Every block was mined on the one before, so holding
 * the last one is holding the same chain, at the same height.
 */
export function membersAtTip(reports: readonly MemberReport[], lastHash: string): number {
  return reports.filter((r) => (r.tip ? r.tip.hash === lastHash : r.blocks.some((b) => b.hash === lastHash))).length;
}

export function linkSpread(reports: readonly MemberReport[]): { min: number; median: number; max: number } {
  const counts = reports.map((r) => r.links.length);
  return { min: Math.min(...counts), median: percentile(counts, 50), max: Math.max(...counts) };
}

export interface MemberFigures {
  members: number;
  tabs: number;
  headless: number;
  /** Members that reported to the room (tabs and headless peers). */
  reporting: number;
  /** Seconds from the first member opening to every member reporting a link (or to giving up). */
  joinSeconds: number;
  linked: boolean;
  /** This machine's 1-minute load average when the room was measured (it has 2 cores). */
  loadAverage: number;
  blocks: BlockSpread[];
  atTip: number;
  /** Slowest block's time from its miner's accept to the last member's (the room converged on it), ms. */
  convergedMs: number;
  links: { min: number; median: number; max: number };
  notes: string[];
}

export function formatMembers(f: MemberFigures): string[] {
  const label = `members @${f.members} (${f.tabs} Chromium tabs + ${f.headless} headless peers)`;
  const delays = f.blocks.flatMap((b) => b.delaysMs);
  const lines = [
    `${label}: ${f.reporting}/${f.members} reporting, ${f.linked ? 'all linked into one overlay after' : 'not all linked when the bench gave up after'} ` +
      `${fixed(f.joinSeconds)} s; load average ${fixed(f.loadAverage)} on 2 cores; links per member min ${f.links.min} / median ${f.links.median} / max ${f.links.max}`,
    `${label}: ${f.blocks.length} blocks, reach ${f.blocks.map((b) => `${b.reached}/${f.members}`).join(', ')}; propagation from the miner's accept ` +
      `p50 ${fixed(percentile(delays, 50))} ms / p90 ${fixed(percentile(delays, 90))} ms over ${delays.length} arrivals (server clock, from the reports)`,
    `${label}: ${f.atTip}/${f.members} hold the last block; slowest block reached every member that got it ${fixed(f.convergedMs / 1000, 2)} s after it was mined`,
  ];
  for (const note of f.notes) lines.push(`${label}: note: ${note}`);
  return lines;
}
