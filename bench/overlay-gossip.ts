/**
 * Gossip figures for the overlay bench: a Bitcoin-like unstructured overlay (shared/overlay/
 * unstructured) of N nodes, each told one or two of five seeds, built by GETADDR/ADDR gossip with
 * ≤ 8 outbound and ≤ 16 inbound links, then one block flooded (inv → getdata → block) from a
 * random node. Latency and loss match the Kademlia simulation (20–120 ms one way, 1% loss) so the
 * two overlays can be compared line by line. "Simulated" times are the network's own clock.
 *
 * `bench/overlay.ts` calls `gossipFigures(1_000)` and `gossipFigures(10_000)`; run this file
 * directly (`npx tsx bench/overlay-gossip.ts`) to print both.
 */
import { runGossipSimulation, SIM_BOOK, type GossipSimOptions } from '../shared/overlay/unstructured/sim';

const SETTINGS: Omit<GossipSimOptions, 'nodes'> = {
  seed: 2002,
  seedNodes: 5,
  latencyMs: { min: 20, max: 120 },
  loss: 0.01,
  joinIntervalMs: 10,
  settleMs: 15_000,
  policy: { targetOutbound: 8, maxInbound: 16 },
};

const ms = (x: number) => `${Math.round(x)} ms`;
const seconds = (x: number) => `${(x / 1000).toFixed(1)} s`;

export async function gossipFigures(n: number): Promise<string[]> {
  const started = performance.now();
  const r = runGossipSimulation({ ...SETTINGS, nodes: n });
  const wall = performance.now() - started;
  const reached = Math.round(r.reach * r.nodes);
  return [
    `gossip N=${n}: reach ${(100 * r.reach).toFixed(1)}% (${reached}/${r.nodes}), overlay connected: ${r.connected ? 'yes' : `no (${r.components} components)`}, ` +
      `duplicates per node mean ${r.duplicates.mean.toFixed(1)} / max ${r.duplicates.max}, ` +
      `propagation p50 ${ms(r.propagationMs.p50)} / p90 ${ms(r.propagationMs.p90)} simulated (slowest ${ms(r.propagationMs.max)})`,
    `gossip N=${n}: links out ${r.outbound.mean.toFixed(1)} / in mean ${r.inbound.mean.toFixed(1)} max ${r.inbound.max}; ` +
      `addresses learned beyond what the seeds told, per node: mean ${r.learnedBeyondSeeds.mean.toFixed(0)} (min ${r.learnedBeyondSeeds.min}), ` +
      `books ${r.bookSize.mean.toFixed(0)} of ${SIM_BOOK.maxNew + SIM_BOOK.maxTried}; ` +
      `${Math.round(r.messages / n)} messages per node, ${r.lost} lost, ${r.penaltyPoints} misbehaviour points; ` +
      `${seconds(r.simulatedMs)} simulated in ${seconds(wall)} wall`,
  ];
}

if (import.meta.url === `file://${process.argv[1]}`) {
  for (const n of [1_000, 10_000]) for (const line of await gossipFigures(n)) console.log(line);
}
