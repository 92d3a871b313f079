/**
 * Messages on the stage: what one message between two tabs is, as telemetry carries it (schema,
 * bounded), how a tab batches its own for the server (so many per second and so many bytes per
 * batch, sampling when over, and saying so), and the tokens the stage draws moving along edges.
 * Pure: time is passed in as `now` (ms), nothing here reads a clock or the page.
 */
import { z } from 'zod';
import { HASH_HEX_PATTERN } from '../chain/bytes';
import { tabNameSchema } from '../protocol/signalling';

export const MESSAGE_KINDS = ['inv', 'get-data', 'block', 'headers', 'tx', 'addr', 'dht', 'pubsub', 'other'] as const;
export type MessageKind = (typeof MESSAGE_KINDS)[number];

export const messageEventSchema = z.strictObject({
  /** When it was sent or received, ms (on the server's clock once it travels in a report). */
  at: z.number().int().min(0).max(Number.MAX_SAFE_INTEGER),
  from: tabNameSchema,
  to: tabNameSchema,
  kind: z.enum(MESSAGE_KINDS),
  /** The block a block-related message is about, when the sender knows it. */
  hash: z.string().regex(HASH_HEX_PATTERN).optional(),
});
export type MessageEvent = z.infer<typeof messageEventSchema>;

/** Per batch (one report a second): the stage draws a wave, it does not need every ping. */
export const BATCH_MAX_EVENTS = 40;
/**
 * UTF-8 bytes of one batch's JSON. A tab sends one batch with each report, at most once a second,
 * so this caps its message telemetry near the 2 kB/s per tab even in a burst.
 */
export const BATCH_MAX_BYTES = 1_800;
/** Waiting events kept between flushes; beyond it the oldest go (and the batch says it sampled). */
export const PENDING_MAX = 400;

export const messageBatchSchema = z.strictObject({
  /** Counts up per batch from one tab: the room's reports repeat a batch until the next one. */
  seq: z.number().int().min(0).max(Number.MAX_SAFE_INTEGER),
  events: z.array(messageEventSchema).max(BATCH_MAX_EVENTS),
  /** Events left out of this batch: the stage says it shows a sample when this is above 0. */
  sampledOut: z.number().int().min(0).max(Number.MAX_SAFE_INTEGER),
});
export type MessageBatch = z.infer<typeof messageBatchSchema>;

/** The wire's message types, folded into the legend's kinds. */
export function kindOfMessage(type: string): MessageKind {
  switch (type) {
    case 'inv':
    case 'get-data':
    case 'block':
    case 'headers':
    case 'tx':
    case 'addr':
    case 'dht':
    case 'pubsub':
      return type;
    case 'blocks':
      return 'block';
    case 'get-headers':
      return 'headers';
    case 'get-blocks':
      return 'get-data';
    case 'getaddr':
      return 'addr';
    case 'dht-hello':
    case 'dht-proof':
      return 'dht';
    default:
      return 'other';
  }
}

/** What gets through when there is not room for all: blocks and their announcements make the wave. */
const PRIORITY: Record<MessageKind, number> = { block: 0, inv: 1, 'get-data': 2, headers: 3, tx: 4, pubsub: 5, dht: 6, addr: 7, other: 8 };

const bytesOf = (value: unknown): number => new TextEncoder().encode(JSON.stringify(value)).length;

/**
 * Collects this tab's message events and hands them out a batch at a time. Over the bounds it
 * keeps the most telling kinds first (block, inv, get-data, …), then the earliest, and counts
 * what it left out, so the stage can say "sampled" instead of pretending it saw everything.
 */
export class MessageEventBatcher {
  private pending: MessageEvent[] = [];
  private overflow = 0;
  private seq = 0;

  constructor(private readonly limits = { maxEvents: BATCH_MAX_EVENTS, maxBytes: BATCH_MAX_BYTES, maxPending: PENDING_MAX }) {}

  add(event: MessageEvent): void {
    this.pending.push(event);
    if (this.pending.length > this.limits.maxPending) {
      this.pending.shift();
      this.overflow++;
    }
  }

  get waiting(): number {
    return this.pending.length;
  }

  /** The next batch (null when nothing happened since the last), within both bounds. */
  flush(): MessageBatch | null {
    if (this.pending.length === 0 && this.overflow === 0) return null;
    const all = this.pending;
    this.pending = [];
    const chosen = all
      .map((event, i) => ({ event, i }))
      .sort((a, b) => PRIORITY[a.event.kind] - PRIORITY[b.event.kind] || a.i - b.i)
      .slice(0, this.limits.maxEvents);
    chosen.sort((a, b) => a.i - b.i); // back in the order they happened
    const events = chosen.map((c) => c.event);
    while (events.length > 0 && bytesOf({ events, sampledOut: Number.MAX_SAFE_INTEGER }) > this.limits.maxBytes) {
      // Drop the least telling, latest event until the batch fits.
      let worst = 0;
      events.forEach((e, i) => {
        if (PRIORITY[e.kind] >= PRIORITY[events[worst]!.kind]) worst = i;
      });
      events.splice(worst, 1);
    }
    const batch = { seq: this.seq++, events, sampledOut: all.length - events.length + this.overflow };
    this.overflow = 0;
    return batch;
  }
}

/**
 * What a report's events may claim, checked where they arrive (server and page): only messages
 * the reporting tab itself sent or received, over a link it reports. A tab cannot draw traffic
 * between two other tabs. Returns the events kept and how many were refused.
 */
export function ownLinkEvents(reporter: string, links: readonly string[], events: readonly MessageEvent[]): { events: MessageEvent[]; refused: number } {
  const linked = new Set(links);
  const kept = events.filter((e) => (e.from === reporter && linked.has(e.to)) || (e.to === reporter && linked.has(e.from)));
  return { events: kept, refused: events.length - kept.length };
}

export interface Token {
  /** Unique while it flies; a renderer's key. */
  id: string;
  from: string;
  to: string;
  kind: MessageKind;
  startAt: number;
  durationMs: number;
}

export interface TokenInFlight extends Token {
  /** 0 at `from`, 1 at `to`. */
  progress: number;
}

/** Tokens on the stage at once: beyond this the oldest are dropped, so no report can flood it. */
export const TOKENS_MAX = 120;
/** How long one hop takes on screen: long enough to see, short enough to follow a wave. */
export const TOKEN_DURATION_MS = 700;

export interface TokenState {
  tokens: Token[];
  /** Next token number; ids are `t<number>`. */
  next: number;
  /** Tokens dropped to keep within TOKENS_MAX since the start. */
  dropped: number;
}

export const emptyTokens = (): TokenState => ({ tokens: [], next: 0, dropped: 0 });

/** What a token needs: the link, the kind, and optionally a wait before it sets off (replaying a batch in its order). */
export type TokenLaunch = Pick<MessageEvent, 'from' | 'to' | 'kind'> & { delayMs?: number };

/** Starts a token for each event at `now` (plus its delay), keeping the newest TOKENS_MAX. */
export function launchTokens(
  state: TokenState,
  events: readonly TokenLaunch[],
  now: number,
  max = TOKENS_MAX,
  durationMs = TOKEN_DURATION_MS,
): TokenState {
  if (events.length === 0) return state;
  let next = state.next;
  const added = events.filter((e) => e.from !== e.to).map((e) => ({ id: `t${next++}`, from: e.from, to: e.to, kind: e.kind, startAt: now + Math.max(0, e.delayMs ?? 0), durationMs }));
  const tokens = [...state.tokens, ...added];
  const over = Math.max(0, tokens.length - max);
  return { tokens: tokens.slice(over), next, dropped: state.dropped + over };
}

/** The tokens flying at `now`, each with its progress; those that arrived are gone, those still waiting not drawn yet. */
export function advanceTokens(state: TokenState, now: number): { state: TokenState; inFlight: TokenInFlight[] } {
  const inFlight: TokenInFlight[] = [];
  let arrived = 0;
  for (const t of state.tokens) {
    const progress = (now - t.startAt) / t.durationMs;
    if (progress >= 1) arrived++;
    else if (progress >= 0) inFlight.push({ ...t, progress });
  }
  const tokens = arrived === 0 ? state.tokens : state.tokens.filter((t) => now - t.startAt < t.durationMs);
  return { state: tokens === state.tokens ? state : { ...state, tokens }, inFlight };
}
