/**
 * What each block cost the network as seen from this node: messages and bytes per peer, in and
 * out, for its announcement, its request and its body. A class compares overlays with these.
 */
export interface PeerTraffic {
  messagesIn: number;
  bytesIn: number;
  messagesOut: number;
  bytesOut: number;
}

/** Blocks whose figures are kept; older ones are forgotten. */
const BLOCKS_KEPT = 500;

export class RelayStats {
  private readonly blocks = new Map<string, Map<string, PeerTraffic>>();

  record(hash: string, peerId: string, direction: 'in' | 'out', bytes: number): void {
    let perPeer = this.blocks.get(hash);
    if (!perPeer) {
      this.blocks.set(hash, (perPeer = new Map()));
      if (this.blocks.size > BLOCKS_KEPT) this.blocks.delete(this.blocks.keys().next().value as string);
    }
    let traffic = perPeer.get(peerId);
    if (!traffic) perPeer.set(peerId, (traffic = { messagesIn: 0, bytesIn: 0, messagesOut: 0, bytesOut: 0 }));
    if (direction === 'in') {
      traffic.messagesIn += 1;
      traffic.bytesIn += bytes;
    } else {
      traffic.messagesOut += 1;
      traffic.bytesOut += bytes;
    }
  }

  forBlock(hash: string): ReadonlyMap<string, PeerTraffic> {
    return this.blocks.get(hash) ?? new Map();
  }

  totals(hash: string): PeerTraffic {
    const sum = { messagesIn: 0, bytesIn: 0, messagesOut: 0, bytesOut: 0 };
    for (const t of this.forBlock(hash).values()) {
      sum.messagesIn += t.messagesIn;
      sum.bytesIn += t.bytesIn;
      sum.messagesOut += t.messagesOut;
      sum.bytesOut += t.bytesOut;
    }
    return sum;
  }
}
