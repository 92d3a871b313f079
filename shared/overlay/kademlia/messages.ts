/**
 * The DHT's messages: the four RPCs of Maymounkov & Mazières 2002, §2.3 (PING, STORE, FIND_NODE,
 * FIND_VALUE) and their replies. Each request carries a random RPC id that the reply echoes, so a
 * reply is matched to exactly one request sent to exactly that peer (§2.3 uses 160-bit ids; 64
 * bits are plenty when the sender is also checked).
 *
 * The sender's id is not a field: it is whoever the channel belongs to, which the transport knows
 * and a message cannot forge. Everything from a peer goes through `decodeDhtMessage` first.
 */
import { z } from 'zod';
import { NODE_ID_PATTERN } from './id';
import { reject, ok, type Result } from '../../result';

/** A NODES reply longer than this is refused before anything else looks at it (k is checked later). */
export const MAX_WIRE_CONTACTS = 64;
/** Values are small records (who holds a block, a header): anything bigger is not for the DHT. */
export const MAX_VALUE_CHARS = 16 * 1024;

const id = z.string().regex(NODE_ID_PATTERN, 'not a 40-hex id');
const rpc = z.string().regex(/^[0-9a-f]{16}$/, 'not a 16-hex rpc id');
const value = z.string().max(MAX_VALUE_CHARS);

export const dhtMessageSchema = z.discriminatedUnion('type', [
  /** "Are you there?" (§2.3 PING); also how a full bucket tests its oldest contact (§2.2). */
  z.object({ type: z.literal('ping'), rpc }),
  z.object({ type: z.literal('pong'), rpc }),
  /** "Which k nodes do you know closest to target?" */
  z.object({ type: z.literal('find-node'), rpc, target: id }),
  /** Answer to find-node, or to find-value when the value is not here. */
  z.object({ type: z.literal('nodes'), rpc, contacts: z.array(id).max(MAX_WIRE_CONTACTS) }),
  /** Like find-node, but a node holding `key` answers with the value instead. */
  z.object({ type: z.literal('find-value'), rpc, key: id }),
  z.object({ type: z.literal('value'), rpc, key: id, value }),
  /** "Keep this": sent to the k nodes closest to the key. Not answered. */
  z.object({ type: z.literal('store'), rpc, key: id, value }),
]);

export type DhtMessage = z.infer<typeof dhtMessageSchema>;
export type DhtRequest = Extract<DhtMessage, { type: 'ping' | 'find-node' | 'find-value' | 'store' }>;
export type DhtReply = Extract<DhtMessage, { type: 'pong' | 'nodes' | 'value' }>;

export type DecodeReason = 'malformed-message';

/** The one door for DHT messages: a typed message, or the first thing wrong with it. */
export function decodeDhtMessage(data: unknown): Result<DhtMessage, DecodeReason> {
  const parsed = dhtMessageSchema.safeParse(data);
  if (parsed.success) return ok(parsed.data);
  const issue = parsed.error.issues[0];
  const where = issue && issue.path.length > 0 ? `${issue.path.join('.')}: ` : '';
  return reject('malformed-message', `${where}${issue?.message ?? 'invalid'}`);
}

/** The id of an RPC: 16 hex digits from an injected random source. */
export function rpcId(random: () => number): string {
  const part = () => Math.floor(random() * 0x1_0000_0000).toString(16).padStart(8, '0');
  return part() + part();
}
