/**
 * Per-socket budgets: how many messages and bytes a socket may send per event kind, and how
 * refusals add up to a score that gets a socket dropped. Scored like the tabs score their peers:
 * an honest burst that brushes a limit costs a few points that fade; a flood does not fade fast
 * enough. Plain data on an injected clock.
 */
import type { SignalErrorCode, SignalEvent } from '../shared/protocol/signalling';
import { TokenBucket } from './token-bucket';

export type Budget = { perSecond: number; burst: number; bytesPerSecond: number; burstBytes: number };

/**
 * Sized for honest tabs with room to spare: a newcomer in a 30-tab mesh sends an offer and ~10
 * ICE candidates to each peer within a second or two (≈ 330 signals, ≈ 200 KiB); a tab reports
 * about once a second (≤ 16 KiB); clocks are read 3 times on join, then every 30 s.
 */
export const BUDGETS: Readonly<Record<SignalEvent, Budget>> = {
  join: { perSecond: 1, burst: 4, bytesPerSecond: 4 * 1024, burstBytes: 16 * 1024 },
  signal: { perSecond: 100, burst: 400, bytesPerSecond: 256 * 1024, burstBytes: 512 * 1024 },
  report: { perSecond: 2, burst: 6, bytesPerSecond: 32 * 1024, burstBytes: 64 * 1024 },
  'set-topology': { perSecond: 0.5, burst: 3, bytesPerSecond: 1024, burstBytes: 2 * 1024 },
  'set-nickname': { perSecond: 0.5, burst: 5, bytesPerSecond: 1024, burstBytes: 4 * 1024 },
  clock: { perSecond: 2, burst: 10, bytesPerSecond: 1024, burstBytes: 4 * 1024 },
  // A teacher tab claims once per load; a few tries cover a reload or two, not a key search.
  'claim-teacher': { perSecond: 0.2, burst: 4, bytesPerSecond: 1024, burstBytes: 4 * 1024 },
  // A desk sends a control per click (sliders debounced); a partition list is at most a few KiB.
  'room-control': { perSecond: 2, burst: 10, bytesPerSecond: 32 * 1024, burstBytes: 64 * 1024 },
};

/** Points a refusal costs; a socket at SCORE_LIMIT is dropped. Points fade at SCORE_FADE_PER_SECOND. */
export const PENALTIES: Readonly<Partial<Record<SignalErrorCode, number>>> = {
  'rate-limited': 1,
  'bad-payload': 2,
  'too-large': 5,
  'too-deep': 10,
  'unknown-peer': 1,
  'not-joined': 1,
  // Five wrong teacher keys in a row (fading 5 points a second) get the socket dropped.
  'wrong-key': 20,
  'not-teacher': 1,
};
export const SCORE_LIMIT = 100;
export const SCORE_FADE_PER_SECOND = 5;

export class SocketBudget {
  readonly #buckets = new Map<SignalEvent, { messages: TokenBucket; bytes: TokenBucket }>();
  #score = 0;
  #scoredAt: number;

  constructor(
    private readonly now: () => number,
    private readonly budgets: Readonly<Record<SignalEvent, Budget>> = BUDGETS,
  ) {
    this.#scoredAt = now();
  }

  /** Spends one message and `bytes` of the event's budget; false (nothing spent) when either is out. */
  allow(event: SignalEvent, bytes: number): boolean {
    let buckets = this.#buckets.get(event);
    if (!buckets) {
      const b = this.budgets[event];
      buckets = { messages: new TokenBucket(b.perSecond, b.burst, this.now), bytes: new TokenBucket(b.bytesPerSecond, b.burstBytes, this.now) };
      this.#buckets.set(event, buckets);
    }
    if (buckets.messages.tokens < 1 || buckets.bytes.tokens < bytes) return false;
    buckets.messages.take(1);
    buckets.bytes.take(bytes);
    return true;
  }

  /** Adds the refusal's penalty; returns the score after it (faded to now). */
  penalise(code: SignalErrorCode): number {
    this.#fade();
    this.#score += PENALTIES[code] ?? 0;
    return this.#score;
  }

  get score(): number {
    this.#fade();
    return this.#score;
  }

  #fade(): void {
    const now = this.now();
    this.#score = Math.max(0, this.#score - (Math.max(0, now - this.#scoredAt) / 1000) * SCORE_FADE_PER_SECOND);
    this.#scoredAt = now;
  }
}

export function isSignalEvent(event: unknown): event is SignalEvent {
  return typeof event === 'string' && Object.hasOwn(BUDGETS, event);
}
