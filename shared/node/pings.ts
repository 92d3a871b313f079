/**
 * Round trips over one link: the pings we sent a peer and are still waiting for. A pong counts only
 * if it answers one of these, so a peer cannot make up round trips; and the set is bounded, so a
 * peer that never answers cannot make us remember pings without end.
 */

/** Unanswered pings remembered per peer; the oldest is forgotten first. */
export const MAX_PENDING_PINGS = 16;

export class PendingPings {
  /** nonce → when it was sent (the node's clock), oldest first. */
  private readonly sent = new Map<string, number>();

  /** Remembers a ping sent at `at` under `nonce` (16 hex digits, unique per node). */
  add(nonce: string, at: number): void {
    this.sent.set(nonce, at);
    if (this.sent.size > MAX_PENDING_PINGS) this.sent.delete(this.sent.keys().next().value as string);
  }

  /** The round trip in ms if `nonce` answers a ping of ours (each is answered once), else null. */
  answer(nonce: string, at: number): number | null {
    const sentAt = this.sent.get(nonce);
    if (sentAt === undefined) return null;
    this.sent.delete(nonce);
    return at - sentAt;
  }

  get size(): number {
    return this.sent.size;
  }
}

/** A node's pings are numbered, not random: the nonce only has to match its pong. */
export function pingNonce(counter: number): string {
  return counter.toString(16).padStart(16, '0');
}
