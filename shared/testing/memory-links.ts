/**
 * The overlay keepers' links (OverlayLinks) over the in-memory network, for tests: a dial opens
 * after `delayMs` of (fake) time if the other end's inbound gate lets it in; a refused offer, or one
 * to a member who is gone, stays unanswered (pending) until disconnected, as with WebRTC. "Through"
 * a neighbour only if that neighbour links both ends.
 */
import type { OverlayLinks } from '../overlay/unstructured/link-keeper';
import type { MemoryNetwork } from '../transport/memory';

export class MemoryLinks implements OverlayLinks {
  acceptInbound: (from: string) => boolean = () => true;
  readonly dialled: string[] = [];
  private readonly pending = new Set<string>();

  constructor(
    readonly localId: string,
    private readonly network: MemoryNetwork,
    /** Every member's links by id: the far end's gate is asked, as the far tab's transport asks its overlay. */
    private readonly room: ReadonlyMap<string, MemoryLinks>,
    private readonly schedule: (fn: () => void, ms: number) => void,
    private readonly delayMs = 40,
  ) {}

  dial(peerId: string, via?: string): void {
    this.dialled.push(peerId);
    if (via !== undefined && !(this.network.isLinked(this.localId, via) && this.network.isLinked(via, peerId))) return;
    this.pending.add(peerId);
    this.schedule(() => {
      if (!this.pending.has(peerId)) return;
      const far = this.room.get(peerId);
      // Refused, or nobody there: no answer comes, and the dial hangs until someone gives it up.
      if (!far || !far.acceptInbound(this.localId)) return;
      this.pending.delete(peerId);
      this.network.connect(this.localId, peerId);
    }, this.delayMs);
  }

  disconnect(peerId: string): void {
    this.pending.delete(peerId);
    this.network.disconnect(this.localId, peerId);
  }

  hasLink(peerId: string): boolean {
    return this.pending.has(peerId) || this.network.isLinked(this.localId, peerId);
  }
}
