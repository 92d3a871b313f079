/**
 * What a node remembers about one neighbour: what it claims as its best chain, which blocks and
 * transactions it is known to have (so we never announce them back or send a body twice), how
 * badly it has behaved, and its half-received chunked messages.
 */
import { Reassembler } from '../protocol/chunking';
import { PendingPings } from './pings';
import { SentHeaders, ServeBudget } from './serve-budget';

export interface PeerStatus {
  name: string;
  genesis: string;
  tip: string;
  height: number;
  work: bigint;
}

/** Remembered hashes per set; the oldest are forgotten first (insertion order). */
const MEMORY_LIMIT = 20_000;

class BoundedSet {
  private readonly items = new Set<string>();
  has(item: string): boolean {
    return this.items.has(item);
  }
  add(item: string): void {
    this.items.add(item);
    if (this.items.size > MEMORY_LIMIT) this.items.delete(this.items.values().next().value as string);
  }
}

export class PeerState {
  status: PeerStatus | undefined;
  misbehaviour = 0;
  /** It follows another genesis (other room settings): nothing it says about blocks is for us. */
  foreign = false;
  /** Blocks or transactions this peer has (it announced or sent them, or we did). */
  readonly knows = new BoundedSet();
  /** Block bodies we sent it: by get-data at most once; by get-blocks again only against the serving budget. */
  readonly sentBodies = new BoundedSet();
  readonly reassembler = new Reassembler();
  /** Pings we sent it that it has not answered yet. */
  readonly pings = new PendingPings();
  /** What answering its requests may cost us, and the requests waiting for the budget. */
  readonly serving: ServeBudget;
  /** How far up the main chain we have sent it headers: only a repeat costs the serving budget. */
  readonly sentHeaders = new SentHeaders();
  /** Cancels the wake-up that answers waiting requests, if one is set. */
  cancelServeTimer: (() => void) | undefined;
  /** Cancels the wake-up that drops its half-built chunked messages once they are too old. */
  cancelAssemblyTimer: (() => void) | undefined;

  constructor(
    readonly id: string,
    now: number,
  ) {
    this.serving = new ServeBudget(now);
  }
}
