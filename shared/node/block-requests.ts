/**
 * Block bodies asked for with `get-data`, and from whom. One peer is asked per block; if it does
 * not deliver within REQUEST_EXPIRY_MS, the next peer that announces the block is asked instead.
 * Each peer may have at most MAX_REQUESTS_PER_PEER outstanding, so announcing heaps of made-up
 * hashes cannot grow this table or crowd out the blocks honest peers announce.
 */
export const REQUEST_EXPIRY_MS = 10_000;
export const MAX_REQUESTS_PER_PEER = 500;

export class BlockRequests {
  private readonly byHash = new Map<string, { peerId: string; at: number }>();
  private readonly perPeer = new Map<string, number>();

  /** Of `hashes` (already filtered to ones we lack), those to ask `peerId` for now; records them. */
  want(hashes: readonly string[], peerId: string, now: number): string[] {
    const asked: string[] = [];
    for (const hash of hashes) {
      const previous = this.byHash.get(hash);
      if (previous && now - previous.at < REQUEST_EXPIRY_MS) continue;
      if ((this.perPeer.get(peerId) ?? 0) >= MAX_REQUESTS_PER_PEER) break;
      if (previous) this.release(hash, previous.peerId);
      this.byHash.set(hash, { peerId, at: now });
      this.perPeer.set(peerId, (this.perPeer.get(peerId) ?? 0) + 1);
      asked.push(hash);
    }
    return asked;
  }

  /** A body arrived: true if we had asked this peer for it. */
  arrived(hash: string, peerId: string): boolean {
    const request = this.byHash.get(hash);
    if (request?.peerId !== peerId) return false;
    this.release(hash, peerId);
    return true;
  }

  forgetPeer(peerId: string): void {
    for (const [hash, request] of this.byHash) if (request.peerId === peerId) this.byHash.delete(hash);
    this.perPeer.delete(peerId);
  }

  private release(hash: string, peerId: string): void {
    this.byHash.delete(hash);
    const count = (this.perPeer.get(peerId) ?? 1) - 1;
    if (count > 0) this.perPeer.set(peerId, count);
    else this.perPeer.delete(peerId);
  }
}
