/**
 * Blocks whose parent we do not have yet. They wait here (bounded, oldest evicted first) while the
 * parent is fetched, then connect in order. Without a bound, a peer could fill our memory with
 * blocks of a chain that does not exist.
 */
import type { Block } from '../chain/block';

export const MAX_ORPHANS = 100;

export class OrphanPool {
  private readonly byHash = new Map<string, { block: Block; from: string }>();

  constructor(private readonly limit = MAX_ORPHANS) {}

  get size(): number {
    return this.byHash.size;
  }
  has(hash: string): boolean {
    return this.byHash.has(hash);
  }

  add(hash: string, block: Block, from: string): void {
    if (this.byHash.has(hash)) return;
    this.byHash.set(hash, { block, from });
    if (this.byHash.size > this.limit) this.byHash.delete(this.byHash.keys().next().value as string);
  }

  /** Removes and returns the orphans whose parent is `parentHash`. */
  takeChildrenOf(parentHash: string): Array<{ hash: string; block: Block; from: string }> {
    const children = [...this.byHash].filter(([, o]) => o.block.header.prevHash === parentHash);
    for (const [hash] of children) this.byHash.delete(hash);
    return children.map(([hash, o]) => ({ hash, ...o }));
  }
}
