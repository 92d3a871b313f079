/**
 * More overlay figures in the same `npm run bench:overlay` report: the unstructured (Bitcoin-like)
 * overlay's gossip at 1,000 and 10,000 nodes, in the same simulated network conditions. bench/
 * overlay.ts prints these after the Kademlia simulation and before its fixed last line.
 * (Lookups and propagation between real Chromium tabs are not measured yet: the overlays are not
 * wired into the tabs.)
 */
import { gossipFigures } from './overlay-gossip';

export async function extraOverlayFigures(): Promise<string[]> {
  return [...(await gossipFigures(1_000)), ...(await gossipFigures(10_000))];
}
