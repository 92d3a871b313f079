/**
 * `npm run bench:overlay`: the Kademlia overlay (shared/overlay/kademlia) simulated at 1,000 and
 * 10,000 nodes in one process — every node joins through three random earlier nodes and a
 * self-lookup, then random FIND_NODE lookups and STORE / FIND_VALUE round trips are measured.
 * Times marked "simulated" are the network's own clock (20–120 ms one way, 1% loss); "wall" is
 * this machine's. Then (bench/overlay-extra.ts) the unstructured overlay's gossip simulated, and real
 * rooms of 16 Chromium tabs per overlay: links per tab, round trip, block propagation p50/p90.
 *
 * The last line is always exactly `kademlia mean hops @10000: H (log2 N = 13.3)`, for scripts.
 */
import { DhtSimulation, type SimInit } from '../shared/overlay/kademlia/sim';
import { extraOverlayFigures } from './overlay-extra';

const LOOKUPS = 1000;
const VALUES = 200;
const SETTINGS: Omit<SimInit, 'nodes'> = {
  seed: 2002,
  latencyMs: { min: 20, max: 120 },
  loss: 0.01,
  bootstrapPeers: 3,
  // The join measured is the one described above; §2.3's extra refresh of every farther bucket
  // costs ~10 more lookups per join and is left to the nodes' periodic refresh.
  dht: { k: 20, alpha: 3, rpcTimeoutMs: 1000, rpcRetries: 2, refreshOnJoin: false },
};

const pct = (n: number, of: number) => `${((100 * n) / of).toFixed(1)}% (${n}/${of})`;
const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

function run(nodes: number): number {
  const log2 = Math.log2(nodes).toFixed(1);
  const sim = new DhtSimulation({ ...SETTINGS, nodes });
  const started = performance.now();
  sim.joinAll();
  const joinMs = performance.now() - started;
  const tables = sim.nodes.reduce((sum, n) => sum + n.table.size, 0) / nodes;
  const heapMb = process.memoryUsage().heapUsed / 1e6;
  console.log(
    `kademlia N=${nodes}: joined in ${seconds(joinMs)} wall, ${Math.round(sim.messages / nodes)} messages per join, ` +
      `mean routing table ${tables.toFixed(0)} contacts, JS heap ${heapMb.toFixed(0)} MB (garbage not yet collected included)`,
  );

  const measured = performance.now();
  const l = sim.measureLookups(LOOKUPS);
  console.log(
    `kademlia N=${nodes}: FIND_NODE success ${pct(l.successes, l.lookups)}, mean hops ${l.meanHops.toFixed(2)} ` +
      `(log2 N = ${log2}), mean rounds ${l.meanRounds.toFixed(2)}, mean queries ${l.meanQueries.toFixed(1)}, ` +
      `p50 ${l.p50Ms.toFixed(0)} ms / p90 ${l.p90Ms.toFixed(0)} ms simulated`,
  );
  const v = sim.measureValues(VALUES);
  console.log(
    `kademlia N=${nodes}: FIND_VALUE success ${pct(v.found, v.values)}, mean hops ${v.meanHops.toFixed(2)}, ` +
      `p50 ${v.p50Ms.toFixed(0)} ms / p90 ${v.p90Ms.toFixed(0)} ms simulated ` +
      `(lookups and values measured in ${seconds(performance.now() - measured)} wall)`,
  );
  return l.meanHops;
}

async function main(): Promise<void> {
  const { loss, latencyMs, dht } = SETTINGS;
  console.log(
    `kademlia simulation: k=${dht?.k}, α=${dht?.alpha}, one-way latency ${latencyMs?.min}–${latencyMs?.max} ms, ` +
      `loss ${(loss ?? 0) * 100}%, RPC timeout ${dht?.rpcTimeoutMs} ms with ${dht?.rpcRetries} resends, seed ${SETTINGS.seed}`,
  );
  run(1000);
  const hops = run(10_000);
  for (const line of await extraOverlayFigures()) console.log(line);
  console.log(`kademlia mean hops @10000: ${hops.toFixed(2)} (log2 N = 13.3)`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
