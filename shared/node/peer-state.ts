/**
 * What a node remembers about one neighbour: what it claims as its best chain, which blocks it is
 * known to have (so we never send it a block twice), and how badly it has behaved.
 */
export interface PeerStatus {
  tip: string;
  height: number;
  work: bigint;
}

/** Blocks remembered per peer; older entries are forgotten first (insertion order). */
const KNOWN_BLOCKS_LIMIT = 5_000;

export class PeerState {
  status: PeerStatus | undefined;
  misbehaviour = 0;
  private readonly knownBlocks = new Set<string>();

  constructor(readonly id: string) {}

  knows(hash: string): boolean {
    return this.knownBlocks.has(hash);
  }

  markKnown(hash: string): void {
    this.knownBlocks.delete(hash);
    this.knownBlocks.add(hash);
    if (this.knownBlocks.size > KNOWN_BLOCKS_LIMIT) {
      const oldest = this.knownBlocks.values().next().value as string;
      this.knownBlocks.delete(oldest);
    }
  }
}
