/**
 * Network conditions a teacher can impose on the room: latency, jitter, loss, slow motion and a
 * partition of the tabs into groups. One pure model, used on the receiving side of every link by
 * the memory transport (tests, simulations) and by the browser's link conditioner
 * (web/net/link-conditioner.ts), so a lesson behaves the same in both. See docs/PROTOCOL.md §3.
 *
 * Conditions are applied by the tab that receives: a message from `from` to `to` is delayed or
 * dropped by `to`. Latency is therefore one-way, and a round trip gains twice the latency.
 */
import { z } from 'zod';
import { tabNameSchema } from '../protocol/signalling';
import { ok, reject, type Result } from '../result';

export const MAX_LATENCY_MS = 5000;
export const MAX_JITTER_MS = 2000;
/** The stage issue's "slow enough to follow": a fixed delay added per hop, on top of the latency. */
export const SLOW_MOTION_MS = 300;
/** More groups than this is not a lesson any more; it also bounds the work per message. */
export const MAX_PARTITION_GROUPS = 8;
const MAX_NAMES_PER_GROUP = 256;

const partitionSchema = z
  .object({
    groups: z.array(z.array(tabNameSchema).min(1).max(MAX_NAMES_PER_GROUP)).min(1).max(MAX_PARTITION_GROUPS),
  })
  .strict()
  .refine((p) => new Set(p.groups.flat()).size === p.groups.flat().length, {
    message: 'a tab is listed in more than one partition group (or twice in one)',
  });

export const linkConditionsSchema = z
  .object({
    latencyMs: z.number().int().min(0).max(MAX_LATENCY_MS),
    jitterMs: z.number().int().min(0).max(MAX_JITTER_MS),
    loss: z.number().min(0).max(1),
    slowMotion: z.boolean().optional(),
    partition: partitionSchema.nullable().optional(),
  })
  .strict()
  // latency ± jitter: a jitter above the latency would ask for messages that arrive before they left.
  .refine((c) => c.jitterMs <= c.latencyMs, { message: 'jitterMs cannot exceed latencyMs (a message cannot arrive before it is sent)' });

export type LinkConditions = z.infer<typeof linkConditionsSchema>;

/** The network as it is: nothing added, nothing dropped. */
export const NO_CONDITIONS: LinkConditions = { latencyMs: 0, jitterMs: 0, loss: 0, partition: null };

/** Checks conditions that came from outside (the teacher's desk, the DevTools console). */
export function parseLinkConditions(raw: unknown): Result<LinkConditions, 'bad-conditions'> {
  const parsed = linkConditionsSchema.safeParse(raw);
  if (parsed.success) return ok(parsed.data);
  const issue = parsed.error.issues[0];
  const where = issue && issue.path.length > 0 ? `${issue.path.join('.')}: ` : '';
  return reject('bad-conditions', `${where}${issue?.message ?? 'not link conditions'}`);
}

export type DropReason = 'partition' | 'loss';
export type Decision = { deliver: false; reason: DropReason } | { deliver: true; delayMs: number };

/**
 * Which side of the partition a tab is on. Tabs listed in no group are together in one more,
 * implicit group ("the rest"): a tab that joins after the split is neither cut off from everyone
 * nor a bridge between the groups the teacher made.
 */
export function partitionSide(conditions: LinkConditions, tabName: string): number {
  const groups = conditions.partition?.groups;
  if (!groups) return 0;
  const index = groups.findIndex((group) => group.includes(tabName));
  return index === -1 ? groups.length : index;
}

/** Whether the partition (if any) lets `a` and `b` exchange anything; symmetric. */
export function canReach(conditions: LinkConditions, a: string, b: string): boolean {
  return partitionSide(conditions, a) === partitionSide(conditions, b);
}

/**
 * The fate of one message from tab `from` to tab `to`. `random` is drawn only for what needs it
 * (loss when loss > 0, then jitter when jitter > 0), so adding conditions to a seeded simulation
 * does not shift the random stream of runs without them. The delay is before ordering: see
 * LinkClocks.
 */
export function decide(conditions: LinkConditions, from: string, to: string, random: () => number): Decision {
  if (!canReach(conditions, from, to)) return { deliver: false, reason: 'partition' };
  if (conditions.loss > 0 && random() < conditions.loss) return { deliver: false, reason: 'loss' };
  const jitter = conditions.jitterMs > 0 ? (random() * 2 - 1) * conditions.jitterMs : 0;
  const slow = conditions.slowMotion ? SLOW_MOTION_MS : 0;
  return { deliver: true, delayMs: Math.max(0, conditions.latencyMs + jitter) + slow };
}

/**
 * When each link's last message arrives. A data channel is ordered, so a message that drew less
 * jitter than the one before it waits for it: arrival = max(previous arrival, now + delay).
 */
export class LinkClocks {
  private readonly lastArrival = new Map<string, number>();

  /** The time (same clock as `now`) at which a message sent on `link` now, delayed by `delayMs`, arrives. */
  arrival(link: string, now: number, delayMs: number): number {
    const at = Math.max(now + delayMs, this.lastArrival.get(link) ?? -Infinity);
    this.lastArrival.set(link, at);
    return at;
  }

  /** A closed link starts afresh (and its entry does not outlive it). */
  forget(link: string): void {
    this.lastArrival.delete(link);
  }
}
