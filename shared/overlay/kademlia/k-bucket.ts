/**
 * One k-bucket (Maymounkov & Mazières 2002, §2.2): up to k contacts that share a given prefix
 * length with us, least-recently seen first. A full bucket never silently drops anyone: it asks
 * the caller to ping its oldest contact, because §2.2 (and Gnutella's traces it cites) found that
 * the longer a node has been up, the likelier it is to stay up — old contacts are the valuable
 * ones, and an attacker cannot flush them by flooding us with new ids.
 */
import type { NodeId } from './id';

export type BucketUpdate =
  /** A new contact and there was room. */
  | { kind: 'added' }
  /** Already known: moved to the tail (most recently seen). */
  | { kind: 'refreshed' }
  /**
   * The bucket is full: ping `oldest`, then call `resolvePing`. Alive → `candidate` is dropped and
   * `oldest` moves to the tail; dead → `oldest` is evicted and `candidate` takes its place (§2.2).
   */
  | { kind: 'ping-oldest'; oldest: NodeId; candidate: NodeId }
  /** Full, and the oldest is already being pinged for someone else: `candidate` is dropped. */
  | { kind: 'ping-pending'; oldest: NodeId; candidate: NodeId };

export type PingOutcome =
  | { kind: 'kept-oldest' }
  | { kind: 'replaced'; evicted: NodeId; added: NodeId }
  /** The oldest was dead but someone else took the free slot first (or the candidate is known). */
  | { kind: 'evicted'; evicted: NodeId };

export class KBucket {
  /** Least-recently seen first (§2.2), so the head is always the one to ping. */
  private readonly ids: NodeId[] = [];
  /** The contact currently being pinged on this bucket's behalf: one ping at a time. */
  private pinging: NodeId | null = null;

  constructor(readonly capacity: number) {}

  get size(): number {
    return this.ids.length;
  }
  get isFull(): boolean {
    return this.ids.length >= this.capacity;
  }
  /** The contacts, least-recently seen first. */
  contacts(): readonly NodeId[] {
    return this.ids;
  }
  has(id: NodeId): boolean {
    return this.ids.includes(id);
  }

  /** `id` sent us a message (§2.2: every message, request or reply, updates the sender's bucket). */
  seen(id: NodeId): BucketUpdate {
    const at = this.ids.indexOf(id);
    if (at >= 0) {
      this.ids.splice(at, 1);
      this.ids.push(id);
      return { kind: 'refreshed' };
    }
    if (this.ids.length < this.capacity) {
      this.ids.push(id);
      return { kind: 'added' };
    }
    const oldest = this.ids[0]!;
    if (this.pinging !== null) return { kind: 'ping-pending', oldest: this.pinging, candidate: id };
    this.pinging = oldest;
    return { kind: 'ping-oldest', oldest, candidate: id };
  }

  /** The caller's answer to a `ping-oldest` decision. */
  resolvePing(oldest: NodeId, candidate: NodeId, alive: boolean): PingOutcome {
    if (this.pinging === oldest) this.pinging = null;
    const at = this.ids.indexOf(oldest);
    // A pong may be lost while the oldest still talks to us: if it was seen after the ping went
    // out it is no longer at the head, and it is alive whatever the ping said.
    if (at > 0 || (at === 0 && alive)) {
      if (alive) this.seen(oldest);
      return { kind: 'kept-oldest' };
    }
    // Dead at the head, or already gone (removed as stale meanwhile): the slot is the candidate's.
    if (at === 0) this.ids.shift();
    if (this.ids.length < this.capacity && !this.ids.includes(candidate)) {
      this.ids.push(candidate);
      return { kind: 'replaced', evicted: oldest, added: candidate };
    }
    return { kind: 'evicted', evicted: oldest };
  }

  remove(id: NodeId): boolean {
    const at = this.ids.indexOf(id);
    if (at < 0) return false;
    this.ids.splice(at, 1);
    if (this.pinging === id) this.pinging = null;
    return true;
  }
}
