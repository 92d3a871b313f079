/**
 * A Kademlia network in one process: N DhtNodes over an in-memory message network with latency
 * and loss, driven by a synchronous event loop. Everything random comes from one seed, so a run
 * (and a failure) replays exactly. Used by the 1,000-node test and the 10,000-node bench.
 *
 * Messages are handed over as objects, not JSON text: every one still passes the receiver's zod
 * check, and skipping the string round trip keeps 10,000 nodes within the bench's time budget.
 * Each message draws its own latency, so messages may overtake each other, as Kademlia's UDP
 * datagrams do (§2.3); a lost message is simply never delivered, and the RPC timeout notices.
 */
import { seededRandom } from '../../testing/seeded-random';
import { DhtNode, type DhtInit } from './dht-node';
import { EventLoop } from '../event-loop';
import { compareDistance, nodeIdFromName, randomId, type NodeId } from './id';
import type { LookupResult } from './lookup';
import type { DhtMessage } from './messages';

export interface SimInit {
  nodes: number;
  seed?: number;
  /** One-way latency, uniform in [min, max] ms. Default 20..120. */
  latencyMs?: { min: number; max: number };
  /** Probability that a message is lost. Default 0. */
  loss?: number;
  /** Earlier nodes each newcomer is told about (as a signalling server would). Default 3. */
  bootstrapPeers?: number;
  /** Passed to every DhtNode (k, alpha, timeouts, refreshOnJoin …); id and components are the sim's. */
  dht?: Omit<DhtInit, 'id'>;
}

export interface LookupFigures {
  lookups: number;
  /** Lookups whose nearest answer was the true nearest node (the asker aside). */
  successes: number;
  meanHops: number;
  meanRounds: number;
  meanQueries: number;
  p50Ms: number;
  p90Ms: number;
}

export interface ValueFigures {
  values: number;
  found: number;
  meanHops: number;
  p50Ms: number;
  p90Ms: number;
}

const quantile = (sorted: number[], q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? NaN;
const mean = (xs: number[]) => (xs.length === 0 ? NaN : xs.reduce((a, b) => a + b, 0) / xs.length);

export class DhtSimulation {
  readonly loop = new EventLoop();
  readonly nodes: DhtNode[] = [];
  /** Messages handed to the network (lost ones included). */
  messages = 0;
  private readonly random: () => number;
  private readonly handlers = new Map<NodeId, (from: NodeId, message: unknown) => void>();
  private joined = 0;

  constructor(private readonly init: SimInit) {
    this.random = seededRandom(init.seed ?? 1);
    for (let i = 0; i < init.nodes; i++) this.nodes.push(this.createNode(nodeIdFromName(`sim-node-${i}`), i));
  }

  /**
   * Joins the nodes one after another, each through a few random earlier ones, and lets the
   * network settle after each join (§2.3's join: a self-lookup, then farther buckets refreshed).
   */
  joinAll(onProgress?: (joined: number) => void): void {
    const { bootstrapPeers = 3 } = this.init;
    for (; this.joined < this.nodes.length; this.joined++) {
      const node = this.nodes[this.joined]!;
      const seeds = new Set<NodeId>();
      for (let tries = 0; seeds.size < Math.min(bootstrapPeers, this.joined) && tries < 100; tries++) {
        seeds.add(this.nodes[Math.floor(this.random() * this.joined)]!.id);
      }
      node.start();
      node.join([...seeds]);
      this.loop.run();
      if (onProgress && (this.joined + 1) % 1000 === 0) onProgress(this.joined + 1);
    }
  }

  /** `count` FIND_NODE lookups of random ids from random nodes, one at a time. */
  measureLookups(count: number): LookupFigures {
    const hops: number[] = [];
    const rounds: number[] = [];
    const queries: number[] = [];
    const times: number[] = [];
    let successes = 0;
    for (let i = 0; i < count; i++) {
      const from = this.pick();
      const target = randomId(this.random);
      const result = this.timed((done) => from.findNode(target, done), times);
      if (result.closest[0] === this.trueNearest(target, from.id)) successes++;
      hops.push(result.hops);
      rounds.push(result.rounds);
      queries.push(result.queries);
    }
    times.sort((a, b) => a - b);
    return {
      lookups: count,
      successes,
      meanHops: mean(hops),
      meanRounds: mean(rounds),
      meanQueries: mean(queries),
      p50Ms: quantile(times, 0.5),
      p90Ms: quantile(times, 0.9),
    };
  }

  /** Stores `count` values from random nodes, then fetches each from another random node. */
  measureValues(count: number): ValueFigures {
    const stored: Array<{ key: NodeId; value: string }> = [];
    for (let i = 0; i < count; i++) {
      const value = `sim-value-${i}`;
      const key = nodeIdFromName(value);
      this.pick().store(key, value);
      stored.push({ key, value });
    }
    this.loop.run();
    const hops: number[] = [];
    const times: number[] = [];
    let found = 0;
    for (const { key, value } of stored) {
      const result = this.timed((done) => this.pick().findValue(key, done), times);
      if (result.value === value) found++;
      hops.push(result.hops);
    }
    times.sort((a, b) => a - b);
    return { values: count, found, meanHops: mean(hops), p50Ms: quantile(times, 0.5), p90Ms: quantile(times, 0.9) };
  }

  /** The node nearest to `target` among all joined nodes but `asker`: what a lookup should find. */
  trueNearest(target: NodeId, asker: NodeId): NodeId | undefined {
    let best: NodeId | undefined;
    for (let i = 0; i < this.joined; i++) {
      const id = this.nodes[i]!.id;
      if (id !== asker && (best === undefined || compareDistance(target, id, best) < 0)) best = id;
    }
    return best;
  }

  /** Runs one operation to completion and records how much simulated time it took. */
  private timed(start: (done: (r: LookupResult) => void) => void, times: number[]): LookupResult {
    const began = this.loop.now();
    const box: { result?: LookupResult } = {};
    start((r) => {
      box.result = r;
      times.push(this.loop.now() - began);
    });
    this.loop.run();
    if (!box.result) throw new Error('a lookup never finished: the simulation lost a callback');
    return box.result;
  }

  private pick(): DhtNode {
    return this.nodes[Math.floor(this.random() * this.joined)]!;
  }

  private createNode(id: NodeId, index: number): DhtNode {
    const { latencyMs = { min: 20, max: 120 }, loss = 0 } = this.init;
    const port = {
      send: (to: NodeId, message: DhtMessage) => {
        this.messages++;
        if (loss > 0 && this.random() < loss) return;
        const delay = latencyMs.min + this.random() * (latencyMs.max - latencyMs.min);
        this.loop.schedule(() => this.handlers.get(to)?.(id, message), delay);
      },
      onMessage: (handler: (from: NodeId, message: unknown) => void) => {
        this.handlers.set(id, handler);
        return () => this.handlers.delete(id);
      },
    };
    const components = { port, now: this.loop.now, setTimer: this.loop.setTimer, random: seededRandom((this.init.seed ?? 1) * 100_003 + index) };
    return new DhtNode({ ...this.init.dht, id }, components);
  }
}
