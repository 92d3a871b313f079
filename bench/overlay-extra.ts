/**
 * Room for more overlay figures in the same `npm run bench:overlay` report — unstructured gossip
 * reach, lookups between real tabs — each returned as one printed line. bench/overlay.ts prints
 * them after the Kademlia simulation and before its fixed last line.
 */
export async function extraOverlayFigures(): Promise<string[]> {
  return [];
}
