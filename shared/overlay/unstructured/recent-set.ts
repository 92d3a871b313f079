/**
 * A set that forgets its oldest member past a capacity (insertion order). Used for "this peer
 * already knows X" filters, which Bitcoin Core keeps as rolling Bloom filters (`m_addr_known`,
 * 5,000 entries; `m_tx_inventory_known_filter`): forgetting only costs a redundant message.
 */
export class RecentSet {
  private readonly items = new Set<string>();

  constructor(private readonly capacity: number) {}

  has(item: string): boolean {
    return this.items.has(item);
  }

  add(item: string): void {
    if (this.items.has(item)) return;
    this.items.add(item);
    if (this.items.size > this.capacity) this.items.delete(this.items.values().next().value as string);
  }

  get size(): number {
    return this.items.size;
  }
}
