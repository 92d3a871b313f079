/**
 * The room's link conditions applied in a tab, on receive: between a data channel's `data` event
 * and the Node, every message is delayed (latency ± jitter, slow motion), or dropped by the loss
 * setting or a partition, as shared/transport/conditioner.ts decides; the Node and its tests stay
 * unchanged. Delays keep each link in order, as the data channel itself does, and a chunked message
 * is kept or dropped whole (shared/transport/receiving-links.ts, as in the memory network). Who is on which side
 * of a partition is decided by tab names (the transport knows peers by their signalling ids; the
 * caller resolves them). See docs/PROTOCOL.md §3 "Link conditions".
 */
import { canReach, NO_CONDITIONS, parseLinkConditions, type DropReason, type LinkConditions } from '../../shared/transport/conditioner';
import { ReceivingLinks } from '../../shared/transport/receiving-links';
import type { Result } from '../../shared/result';

export interface LinkConditionerComponents {
  now: () => number;
  /** Runs `fn` after `ms`; returns what cancels it. */
  setTimer: (fn: () => void, ms: number) => () => void;
  random: () => number;
  /** This tab's own name, as partition groups list it. */
  selfName: () => string;
  /** The tab name of a peer (by signalling id), or undefined while nobody has told us. */
  tabNameOf: (peerId: string) => string | undefined;
}

/**
 * A peer whose name we do not know is put in no group: it lands in "the rest" (see
 * partitionSide), so during a partition an unnamed tab is cut off rather than let through.
 */
const UNKNOWN_TAB = '';

export class LinkConditioner {
  private conditions: LinkConditions = NO_CONDITIONS;
  private readonly receiving: ReceivingLinks;
  /** Deliveries waiting out their delay, per peer: cancelled when the link closes. */
  private readonly pending = new Map<string, Set<() => void>>();

  constructor(private readonly components: LinkConditionerComponents) {
    this.receiving = new ReceivingLinks(components.random);
  }

  /** Messages dropped on purpose since the tab started, by reason (errors are counted elsewhere). */
  get dropped(): Readonly<Record<DropReason, number>> {
    return this.receiving.dropped;
  }

  get current(): LinkConditions {
    return this.conditions;
  }

  /** Replaces the conditions, checked first: bad ones are refused with the reason and change nothing. */
  set(raw: unknown): Result<LinkConditions, 'bad-conditions'> {
    const parsed = parseLinkConditions(raw);
    if (parsed.ok) this.conditions = parsed.value;
    return parsed;
  }

  /** Whether the partition lets this tab and the peer exchange anything (data, signals, new links). */
  reaches(peerId: string): boolean {
    return canReach(this.conditions, this.components.selfName(), this.nameOf(peerId));
  }

  /**
   * `data` arrived from `peerId`: `deliver` runs now, later, or never (then `drop` runs at once
   * with the reason).
   */
  receive(peerId: string, data: unknown, deliver: () => void, drop: (reason: DropReason) => void): void {
    const { now, setTimer, selfName } = this.components;
    const at = now();
    const fate = this.receiving.frame(this.conditions, peerId, this.nameOf(peerId), selfName(), data, at);
    if (!fate.deliver) return drop(fate.reason);
    const arrival = fate.at;
    // Nothing added and nothing queued ahead: straight through, as without a conditioner.
    if (arrival <= at) return deliver();
    let queue = this.pending.get(peerId);
    if (!queue) this.pending.set(peerId, (queue = new Set()));
    const waiting = queue;
    const cancel = setTimer(() => {
      waiting.delete(cancel);
      if (waiting.size === 0 && this.pending.get(peerId) === waiting) this.pending.delete(peerId);
      deliver();
    }, arrival - at);
    waiting.add(cancel);
  }

  /** The link to `peerId` closed: what it still had in flight is lost with it. */
  forget(peerId: string): void {
    for (const cancel of this.pending.get(peerId) ?? []) cancel();
    this.pending.delete(peerId);
    this.receiving.forget(peerId);
  }

  /** How many messages are waiting out their delay (for tests and the desk). */
  get inFlight(): number {
    let n = 0;
    for (const queue of this.pending.values()) n += queue.size;
    return n;
  }

  private nameOf(peerId: string): string {
    return this.components.tabNameOf(peerId) ?? UNKNOWN_TAB;
  }
}
