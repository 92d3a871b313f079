/**
 * More overlay figures in the same `npm run bench:overlay` report: the unstructured (Bitcoin-like)
 * overlay's gossip at 1,000 and 10,000 nodes, in the same simulated network conditions, then real
 * rooms of 16 Chromium tabs per overlay (bench/room-bench.ts: links, round trip, block
 * propagation). bench/overlay.ts prints these after the Kademlia simulation and before its fixed
 * last line.
 */
import { gossipFigures } from './overlay-gossip';

export async function extraOverlayFigures(): Promise<string[]> {
  const simulated = [...(await gossipFigures(1_000)), ...(await gossipFigures(10_000))];
  // Loaded only now, so Vite and Playwright do not weigh on the simulations' heap figures; and the
  // rooms must not cost the simulated figures (or the fixed last line) if Chromium is missing.
  const rooms = await import('./room-bench').then(({ roomFigures }) => roomFigures()).catch((error: unknown) => [`rooms of Chromium tabs: not measured (${(error as Error).message.split('\n')[0]})`]);
  return [...simulated, ...rooms];
}
