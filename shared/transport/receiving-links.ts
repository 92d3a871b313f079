/**
 * The receiving side of every link under the room's conditions: the fate of each frame (dropped,
 * or when it arrives), with each link kept in order. Shared by the memory network and the browser's
 * link conditioner, so both behave alike down to chunked messages.
 *
 * A message over the size limit travels as `chunk` frames (shared/protocol/chunking.ts). Loss and
 * partitions act on whole messages: the fate of a message's first chunk is the fate of the rest.
 * Dropping single chunks would leave the receiver with a message that never completes, which the
 * Node scores as misbehaviour, so a teacher's loss setting would get honest peers banned.
 */
import { decide, LinkClocks, type DropReason, type LinkConditions } from './conditioner';

export type FrameFate = { deliver: false; reason: DropReason } | { deliver: true; at: number };

/** Chunked messages remembered per link: the reassembler allows 4 open at once; more is a liar's. */
const MAX_OPEN_CHUNKED = 8;
/** How an honest sender writes a chunk frame (encodeMessage's key order); the rest of the text is not read. */
const CHUNK_HEAD = /^\{"v":\d+,"type":"chunk","id":(\d{1,16}),"index":(\d{1,9}),"count":(\d{1,9}),/;

/** The id, index and count of a chunk frame, read from its first characters only; null for other frames. */
export function chunkHead(data: unknown): { id: string; index: number; count: number } | null {
  if (typeof data !== 'string') return null;
  const match = CHUNK_HEAD.exec(data.slice(0, 120));
  return match ? { id: match[1]!, index: Number(match[2]), count: Number(match[3]) } : null;
}

export class ReceivingLinks {
  private readonly clocks = new LinkClocks();
  /** link → chunk id → the fate of that message's first chunk. */
  private readonly chunked = new Map<string, Map<string, { deliver: boolean; reason: DropReason }>>();
  /** Messages dropped on purpose, by reason (a chunked message counts once). */
  readonly dropped: Record<DropReason, number> = { partition: 0, loss: 0 };

  constructor(private readonly random: () => number) {}

  /**
   * The fate of a frame sent at `now` on `link` from tab `from` to tab `to`; `baseDelayMs` is the
   * link's own latency (the memory network's wire), under the conditions' own delay.
   */
  frame(conditions: LinkConditions, link: string, from: string, to: string, data: unknown, now: number, baseDelayMs = 0): FrameFate {
    const head = chunkHead(data);
    const open = this.chunked.get(link);
    const earlier = head && head.index > 0 ? open?.get(head.id) : undefined;
    if (head && earlier) {
      if (head.index >= head.count - 1) open!.delete(head.id);
      // The rest of a message follows its first chunk: same fate, no delay of its own.
      if (!earlier.deliver) return { deliver: false, reason: earlier.reason };
      return { deliver: true, at: this.clocks.arrival(link, now, baseDelayMs) };
    }
    const decision = decide(conditions, from, to, this.random);
    if (head && head.index === 0 && head.count > 1) this.remember(link, head.id, decision.deliver ? { deliver: true, reason: 'loss' } : decision);
    if (!decision.deliver) {
      this.dropped[decision.reason]++;
      return decision;
    }
    return { deliver: true, at: this.clocks.arrival(link, now, baseDelayMs + decision.delayMs) };
  }

  /** When something that conditions never drop (a link opening or closing) arrives on `link`, in order. */
  control(link: string, now: number, delayMs: number): number {
    return this.clocks.arrival(link, now, delayMs);
  }

  forget(link: string): void {
    this.clocks.forget(link);
    this.chunked.delete(link);
  }

  private remember(link: string, id: string, fate: { deliver: boolean; reason: DropReason }): void {
    let open = this.chunked.get(link);
    if (!open) this.chunked.set(link, (open = new Map()));
    open.delete(id);
    open.set(id, fate);
    if (open.size > MAX_OPEN_CHUNKED) open.delete(open.keys().next().value as string);
  }
}
