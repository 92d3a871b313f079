/**
 * The data-channel protocol between two nodes: JSON text, one message per data-channel message,
 * every message `{ v, type, ... }`. Everything a peer sends is decoded here and checked against
 * the schema before any other code sees it: this is the one door for untrusted bytes.
 * See docs/PROTOCOL.md for what a node does with each message.
 */
import { z } from 'zod';
import { HASH_HEX_PATTERN } from '../chain/bytes';
import { MAX_TXS_PER_BLOCK, MAX_TX_BYTES, type Block } from '../chain/block';
import { reject, ok, type Result } from '../result';

export const PROTOCOL_VERSION = 1;
/** Well under the 256 KiB data-channel limit; large messages stall the channel while they send. */
export const MAX_MESSAGE_BYTES = 64 * 1024;
/** Blocks per `blocks` reply: 100 blocks of a few hundred bytes stay far below MAX_MESSAGE_BYTES. */
export const MAX_BLOCKS_PER_BATCH = 100;
export const MAX_LOCATOR_HASHES = 64;

const u32 = z.number().int().min(0).max(0xffff_ffff);
const hash = z.string().regex(HASH_HEX_PATTERN);

export const blockSchema = z.object({
  header: z.object({
    version: u32,
    prevHash: hash,
    merkleRoot: hash,
    time: u32,
    bits: u32,
    nonce: u32,
  }),
  txs: z.array(z.string().max(MAX_TX_BYTES)).min(1).max(MAX_TXS_PER_BLOCK),
});

const base = { v: z.literal(PROTOCOL_VERSION) };

export const messageSchema = z.discriminatedUnion('type', [
  /** "This is my best chain": sent when a channel opens. */
  z.object({
    ...base,
    type: z.literal('status'),
    tip: hash,
    height: z.number().int().min(0),
    work: z.string().regex(/^[0-9a-f]{1,66}$/),
  }),
  /** "Send me your main chain after the first of these hashes you have." */
  z.object({
    ...base,
    type: z.literal('get-blocks'),
    locator: z.array(hash).min(1).max(MAX_LOCATOR_HASHES),
    max: z.number().int().min(1).max(MAX_BLOCKS_PER_BATCH),
  }),
  /** The answer to get-blocks: consecutive main-chain blocks, lowest first. */
  z.object({ ...base, type: z.literal('blocks'), blocks: z.array(blockSchema).max(MAX_BLOCKS_PER_BATCH) }),
  /** A new block, relayed as soon as it is valid. */
  z.object({ ...base, type: z.literal('block'), block: blockSchema }),
]);

export type Message = z.infer<typeof messageSchema>;
export type MessageType = Message['type'];
type Body<T extends MessageType> = Omit<Extract<Message, { type: T }>, 'v' | 'type'>;

export type DecodeRejectReason = 'not-text' | 'too-large' | 'bad-json' | 'bad-version' | 'bad-schema';

// Compile-time proof that what the schema accepts is a Block the chain code can use.
const _blockShape: (b: z.infer<typeof blockSchema>) => Block = (b) => b;
void _blockShape;

export function encodeMessage<T extends MessageType>(type: T, body: Body<T>): string {
  return JSON.stringify({ v: PROTOCOL_VERSION, type, ...body });
}

export function decodeMessage(raw: unknown): Result<Message, DecodeRejectReason> {
  if (typeof raw !== 'string') return reject('not-text', 'messages are JSON text');
  // String length is a lower bound of the UTF-8 size; check that first so a huge string is not encoded.
  if (raw.length > MAX_MESSAGE_BYTES || new TextEncoder().encode(raw).length > MAX_MESSAGE_BYTES) {
    return reject('too-large', `over ${MAX_MESSAGE_BYTES} bytes`);
  }
  let json: unknown;
  try {
    json = JSON.parse(raw);
  } catch {
    return reject('bad-json', 'not valid JSON');
  }
  if (typeof json === 'object' && json !== null && 'v' in json && json.v !== PROTOCOL_VERSION) {
    return reject('bad-version', `protocol version ${String(json.v)}, this node speaks ${PROTOCOL_VERSION}`);
  }
  const parsed = messageSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue?.path.join('.') || 'message';
    return reject('bad-schema', `${where}: ${issue?.message ?? 'does not match the schema'}`);
  }
  return ok(parsed.data);
}
