/**
 * A Bitcoin-like unstructured overlay, simulated: N nodes join one after another knowing only
 * one or two seed nodes (Core's DNS seeds / -seednode), learn addresses by GETADDR/ADDR gossip,
 * keep ≤ 8 outbound and ≤ the inbound cap, and once the overlay has settled one block is flooded
 * from a random node. Time is an event queue, randomness one seeded generator: the same options
 * give the same run, in seconds even for 10,000 nodes.
 *
 * Latency comes from geography: each node sits at a random point of a unit square and a message
 * takes `min + (max - min) × distance / √2` ms. Per link that is constant, so messages on a link
 * arrive in order, as on a data channel. `loss` drops gossip messages (ADDR, inv, getdata,
 * bodies); opening and closing links is treated as reliable, as a handshake that retries is.
 */
import { seededRandom } from '../../testing/seeded-random';
import { EventLoop as EventQueue } from '../event-loop';
import { SimNode, type SimMessage, type SimNodeOptions } from './sim-node';

export interface GossipSimOptions extends SimNodeOptions {
  nodes: number;
  /** Seed of the random generator. Default 1. */
  seed?: number;
  /** Seed nodes; each joiner knows one or two of them. Default 5. */
  seedNodes?: number;
  /** Time between two joins. Default 10 ms. */
  joinIntervalMs?: number;
  /** Time after the last join before the block is flooded. Default 15,000 ms. */
  settleMs?: number;
  /** Period of each node's connection check. Default 2,000 ms. */
  tickMs?: number;
  /** One-way latency range. Default 20–120 ms (the Kademlia simulation's, for comparison). */
  latencyMs?: { min: number; max: number };
  /** Probability a gossip message is lost. Default 0.01. */
  loss?: number;
}

/**
 * Each simulated node's book: half the lab default (1,024 new + 256 tried). A GETADDR answer is
 * 23% of the book, so answers dominate the run; 10,000 full-size books cost twice the time and
 * about 1 GB, and change the flood figures by little (books of 740 vs 370 gave p50 497 vs 585 ms).
 */
export const SIM_BOOK = { maxNew: 512, maxTried: 128 } as const;

export interface Spread {
  mean: number;
  max: number;
  min: number;
}

export interface GossipSimReport {
  nodes: number;
  /** The overlay (every open link, either direction) is one connected graph. */
  connected: boolean;
  components: number;
  /** Share of nodes that got the block, 0–1. */
  reach: number;
  /** Redundant announcements plus redundant bodies, per node. */
  duplicates: Spread;
  /** Time from the flood's start until each other node had the block, simulated ms. */
  propagationMs: { p50: number; p90: number; max: number };
  outbound: Spread;
  inbound: Spread;
  /** Addresses in a node's book that no seed gave it (non-seed nodes). */
  learnedBeyondSeeds: Spread;
  bookSize: Spread;
  messages: number;
  lost: number;
  /** Misbehaviour points given and links dropped for them: both 0 when everybody is honest. */
  penaltyPoints: number;
  dropsForMisbehaviour: number;
  simulatedMs: number;
  events: number;
}

export function runGossipSimulation(options: GossipSimOptions): GossipSimReport {
  const random = seededRandom(options.seed ?? 1);
  const queue = new EventQueue();
  /** Delay first, as these simulations read best. */
  const after = (delayMs: number, fn: () => void) => queue.schedule(fn, delayMs);
  const { min, max } = options.latencyMs ?? { min: 20, max: 120 };
  const loss = options.loss ?? 0.01;
  const ids = Array.from({ length: options.nodes }, (_, i) => `n${i}`);
  const place = new Map(ids.map((id) => [id, [random(), random()] as const]));
  const latency = (a: string, b: string) => {
    const [ax, ay] = place.get(a)!;
    const [bx, by] = place.get(b)!;
    return min + ((max - min) * Math.hypot(ax - bx, ay - by)) / Math.SQRT2;
  };
  let messages = 0;
  let lost = 0;
  const nodes = new Map<string, SimNode>();
  const net = {
    now: queue.now,
    random,
    schedule: (delayMs: number, fn: () => void) => after(delayMs, fn),
    send(from: string, to: string, message: SimMessage) {
      messages++;
      const droppable = message.kind === 'addr' || message.kind === 'flood';
      if (droppable && loss > 0 && random() < loss) return void lost++;
      after(latency(from, to), () => nodes.get(to)?.receive(from, message));
    },
  };
  const nodeOptions = { ...options, book: options.book ?? SIM_BOOK };
  for (const id of ids) nodes.set(id, new SimNode(id, net, nodeOptions));

  const seedCount = Math.min(options.seedNodes ?? 5, ids.length);
  const seeds = ids.slice(0, seedCount);
  const joinInterval = options.joinIntervalMs ?? 10;
  const tickMs = options.tickMs ?? 2_000;
  const floodAt = ids.length * joinInterval + (options.settleMs ?? 15_000);
  ids.forEach((id, i) => {
    const node = nodes.get(id)!;
    // Seeds know each other from the start; everyone else is told one or two of them.
    const told = i < seedCount ? seeds.filter((s) => s !== id) : pickSome(seeds, random() < 0.5 ? 1 : 2, random);
    after(i * joinInterval, () => {
      node.join(told);
      const tick = () => {
        node.maintain();
        if (queue.now() + tickMs < floodAt) after(tickMs, tick);
      };
      after(random() * tickMs, tick);
    });
  });
  queue.run(floodAt);

  const origin = nodes.get(ids[Math.floor(random() * ids.length)]!)!;
  origin.originate('block-1');
  queue.run();
  return report(nodes, seeds, origin, floodAt, { messages, lost, events: queue.processed, simulatedMs: queue.now() });
}

function report(
  nodes: Map<string, SimNode>,
  seeds: readonly string[],
  origin: SimNode,
  floodAt: number,
  totals: Pick<GossipSimReport, 'messages' | 'lost' | 'events' | 'simulatedMs'>,
): GossipSimReport {
  const all = [...nodes.values()];
  const reached = all.filter((n) => n.receivedAt !== undefined);
  const components = countComponents(all);
  const seedSet = new Set(seeds);
  const joiners = all.filter((n) => !seedSet.has(n.id));
  const times = reached.filter((n) => n !== origin).map((n) => n.receivedAt! - floodAt).sort((a, b) => a - b);
  const result: GossipSimReport = {
    nodes: all.length,
    connected: components === 1,
    components,
    reach: reached.length / all.length,
    duplicates: spread(all.map((n) => n.flood.duplicates.announcements + n.flood.duplicates.bodies)),
    propagationMs: { p50: percentile(times, 0.5), p90: percentile(times, 0.9), max: times.at(-1) ?? 0 },
    outbound: spread(all.map((n) => n.outbound.size)),
    inbound: spread(all.map((n) => n.inbound.size)),
    learnedBeyondSeeds: spread(joiners.map((n) => n.book.ids().filter((id) => !n.toldBySeeds.has(id)).length)),
    bookSize: spread(all.map((n) => n.book.size)),
    penaltyPoints: all.reduce((sum, n) => sum + n.penaltyPoints, 0),
    dropsForMisbehaviour: all.reduce((sum, n) => sum + n.dropsForMisbehaviour, 0),
    ...totals,
  };
  // Flooding over a connected overlay must reach everyone; anything less is a relay bug.
  if (result.connected && result.reach < 1) {
    throw new Error(`flood reached ${reached.length}/${all.length} nodes of a connected overlay`);
  }
  return result;
}

/**
 * Connected components of the overlay (union-find). A link counts when both ends hold it open, so
 * a close still in flight does not make the graph look better connected than the flood saw it.
 */
export function countComponents(nodes: readonly SimNode[]): number {
  const byId = new Map(nodes.map((n) => [n.id, n]));
  const parent = new Map(nodes.map((n) => [n.id, n.id]));
  const find = (id: string): string => {
    let root = id;
    while (parent.get(root) !== root) root = parent.get(root)!;
    parent.set(id, root);
    return root;
  };
  let components = nodes.length;
  for (const node of nodes) {
    for (const peer of node.outbound.keys()) {
      if (!byId.get(peer)?.inbound.has(node.id)) continue;
      const a = find(node.id);
      const b = find(peer);
      if (a !== b) {
        parent.set(a, b);
        components--;
      }
    }
  }
  return components;
}

export function percentile(sorted: readonly number[], q: number): number {
  if (sorted.length === 0) return 0;
  return sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)]!;
}

function spread(values: readonly number[]): Spread {
  if (values.length === 0) return { mean: 0, max: 0, min: 0 };
  let sum = 0;
  let max = -Infinity;
  let min = Infinity;
  for (const v of values) {
    sum += v;
    if (v > max) max = v;
    if (v < min) min = v;
  }
  return { mean: sum / values.length, max, min };
}

function pickSome<T>(items: readonly T[], count: number, random: () => number): T[] {
  const pool = [...items];
  const chosen: T[] = [];
  while (chosen.length < count && pool.length > 0) chosen.push(pool.splice(Math.floor(random() * pool.length), 1)[0]!);
  return chosen;
}
