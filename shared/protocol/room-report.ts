/**
 * Room telemetry over the signalling socket: each tab tells the server its links and when (on the
 * server's clock) and from whom it got its recent blocks; the server hands every member the room's
 * reports, so each tab can draw the whole overlay and a block's way through it. Bounded on both
 * sides: a report is at most REPORT_MAX_BYTES and lists at most REPORT_MAX_LINKS and
 * REPORT_MAX_BLOCKS entries.
 */
import { z } from 'zod';
import { HASH_HEX_PATTERN } from '../chain/bytes';
import { messageBatchSchema } from '../stage/message-events';
import { peerIdSchema, tabNameSchema } from './signalling';

export const REPORT_MAX_LINKS = 64;
export const REPORT_MAX_BLOCKS = 30;
/**
 * UTF-8 bytes of one report's JSON. A full report of 10-character names is about 6 KiB; the
 * message batch it may carry adds at most BATCH_MAX_BYTES (1.8 kB) plus its seq, hence 16 + 2 KiB.
 */
export const REPORT_MAX_BYTES = 18 * 1024;
/** What a reporting member is (a report's `kind`); absent means 'tab'. */
export const MEMBER_KINDS = ['tab', 'headless'] as const;
export type MemberKind = (typeof MEMBER_KINDS)[number];

/** `from` of a block this tab mined itself. */
export const MINED_HERE = 'self';

const count = z.number().int().min(0).max(Number.MAX_SAFE_INTEGER);

export const blockArrivalSchema = z.object({
  hash: z.string().regex(HASH_HEX_PATTERN),
  /** When this tab accepted the block, in ms on the server's clock (comparable across tabs). */
  at: count,
  /** The tab name of the peer it came from, or MINED_HERE (which no tab may be named). */
  from: z.union([z.literal(MINED_HERE), tabNameSchema]),
  /** Messages and bytes this tab sent and received for the block (announce, request, body). */
  messages: count,
  bytes: z.number().min(0).max(Number.MAX_SAFE_INTEGER),
});
export type BlockArrival = z.infer<typeof blockArrivalSchema>;

export const reportBodySchema = z.object({
  /**
   * The sender's tab name. The server keys reports by socket and overwrites this with the name the
   * socket joined under, so no tab can report under another's name.
   */
  name: tabNameSchema,
  /** Tab names of the peers this tab has an open channel to. */
  links: z.array(tabNameSchema).max(REPORT_MAX_LINKS),
  blocks: z.array(blockArrivalSchema).max(REPORT_MAX_BLOCKS),
  /** The tab's tip, so the stage colours every tab by the block it holds instead of guessing from arrivals. */
  tip: z.strictObject({ hash: z.string().regex(HASH_HEX_PATTERN), height: count }).optional(),
  /**
   * The messages this tab sent since its last batch (shared/stage/message-events), for the stage's
   * tokens. The server keeps only events over this tab's own reported links, and one new batch a second.
   */
  messages: messageBatchSchema.optional(),
  /**
   * What the member is: a browser tab, or a headless peer (`npm run peer`, no page, keeps the chain
   * on disk), which the graphs draw apart. Optional: a report without it (an older tab) is a tab.
   */
  kind: z.enum(MEMBER_KINDS).optional(),
});
/** What a tab sends. */
export type ReportBody = z.infer<typeof reportBodySchema>;

/** What the server forwards: the report plus the sender's socket id, set by the server. */
export const roomReportSchema = reportBodySchema.extend({ id: peerIdSchema });
export type RoomReport = z.infer<typeof roomReportSchema>;
/**
 * One `room-reports` message. `full`: `reports` is every member's latest report (a tab's first
 * message after joining); otherwise only the reports that changed since the previous message, and
 * `removed` lists the socket ids whose reports are gone (they left). A message without `full`
 * (an older server) is a full one.
 */
export const roomReportsSchema = z.object({
  reports: z.array(roomReportSchema).max(1_000),
  full: z.boolean().optional(),
  removed: z.array(peerIdSchema).max(1_000).optional(),
});
export type RoomReports = z.infer<typeof roomReportsSchema>;

/** The room's reports after `message`: a full one replaces, a delta updates in place and drops `removed`. */
export function applyRoomReports(current: readonly RoomReport[], message: RoomReports): RoomReport[] {
  if (message.full !== false) return [...message.reports];
  const gone = new Set(message.removed ?? []);
  const changed = new Map(message.reports.map((report) => [report.id, report]));
  const next: RoomReport[] = [];
  for (const report of current) {
    if (gone.has(report.id)) continue;
    next.push(changed.get(report.id) ?? report);
    changed.delete(report.id);
  }
  return [...next, ...changed.values()];
}
