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
import { peerIdSchema, signalDataSchema } from './signalling';

export const PROTOCOL_VERSION = 2;
/** Well under the 256 KiB data-channel limit; large messages stall the channel while they send. */
export const MAX_MESSAGE_BYTES = 64 * 1024;
/** Blocks per `blocks` reply and hashes per `get-blocks` request. */
export const MAX_BLOCKS_PER_BATCH = 100;
/** Headers per `headers` reply: 400 × 160 hex digits ≈ 66 KB before chunking. */
export const MAX_HEADERS_PER_BATCH = 400;
export const MAX_LOCATOR_HASHES = 64;
export const MAX_INV_HASHES = 500;
/** Addresses per `addr` message (Bitcoin allows 1,000). */
export const MAX_ADDRS = 250;
/** Contact addresses beside a DHT `nodes` answer (its contacts are capped at 64 too). */
export const MAX_DHT_ADDRS = 64;
/** Characters of the original message per chunk: even fully escaped, a chunk stays under 64 KiB. */
export const CHUNK_CHARS = 16 * 1024;
/** A reassembled message may not exceed this; bigger claims are refused before buffering. */
export const MAX_ASSEMBLED_BYTES = 1024 * 1024;
export const MAX_CHUNKS = Math.ceil(MAX_ASSEMBLED_BYTES / CHUNK_CHARS);

const u32 = z.number().int().min(0).max(0xffff_ffff);
const hash = z.string().regex(HASH_HEX_PATTERN);
const hashes = (max: number) => z.array(hash).min(1).max(max);

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
  /** "This is my chain": sent when a channel opens. Different genesis = a different room setting. */
  z.object({
    ...base,
    type: z.literal('status'),
    /** The sending tab's own name (the miner name in its coinbases), for people to read. */
    name: z.string().regex(/^[A-Za-z0-9_-]{1,64}$/),
    /** Where its coinbases pay: lets a person pick this tab as the recipient of a transfer. */
    address: z.string().regex(/^[0-9a-f]{40}$/),
    genesis: hash,
    tip: hash,
    height: z.number().int().min(0),
    work: z.string().regex(/^[0-9a-f]{1,66}$/),
  }),
  /** "I have these blocks" (a new tip): the receiver asks for the ones it lacks. */
  z.object({ ...base, type: z.literal('inv'), hashes: hashes(MAX_INV_HASHES) }),
  /** "Send me the bodies of these blocks." */
  z.object({ ...base, type: z.literal('get-data'), hashes: hashes(MAX_INV_HASHES) }),
  /** One block body, sent only in answer to get-data. */
  z.object({ ...base, type: z.literal('block'), block: blockSchema }),
  /** "Send me main-chain headers after the first of these hashes you have." */
  z.object({
    ...base,
    type: z.literal('get-headers'),
    locator: hashes(MAX_LOCATOR_HASHES),
    max: z.number().int().min(1).max(MAX_HEADERS_PER_BATCH),
  }),
  /** Consecutive main-chain headers, lowest first, each the 80 header bytes in hex. */
  z.object({
    ...base,
    type: z.literal('headers'),
    headers: z.array(z.string().regex(/^[0-9a-f]{160}$/)).max(MAX_HEADERS_PER_BATCH),
  }),
  /** "Send me the bodies of these blocks" during sync: answered with one `blocks`. */
  z.object({ ...base, type: z.literal('get-blocks'), hashes: hashes(MAX_BLOCKS_PER_BATCH) }),
  /** Bodies in the order asked; fewer than asked when the reply would be too big (ask again). */
  z.object({ ...base, type: z.literal('blocks'), blocks: z.array(blockSchema).max(MAX_BLOCKS_PER_BATCH) }),
  /** A transaction for the mempool. */
  z.object({ ...base, type: z.literal('tx'), tx: z.string().min(1).max(MAX_TX_BYTES) }),
  /** "Tell me peers you know" (unstructured overlay; Bitcoin's getaddr). */
  z.object({ ...base, type: z.literal('getaddr') }),
  /** Peers the sender knows: ids in this room that can be dialled through the signalling server. */
  z.object({ ...base, type: z.literal('addr'), addrs: z.array(peerIdSchema).max(MAX_ADDRS) }),
  /** "Pass this WebRTC signal to your link `to`": new links while the signalling server is away. */
  z.object({ ...base, type: z.literal('relay-signal'), to: peerIdSchema, data: signalDataSchema }),
  /** A signal a neighbour passed on from its link `from` (set by that neighbour, never by `from`). */
  z.object({ ...base, type: z.literal('relayed-signal'), from: peerIdSchema, data: signalDataSchema }),
  /** Kademlia handshake: "prove you own a DHT id" — the peer signs this nonce with its key. */
  z.object({ ...base, type: z.literal('dht-hello'), nonce: z.string().regex(/^[0-9a-f]{32}$/) }),
  /** The answer to a dht-hello: the key whose hash is the sender's DHT id, and its signature of our nonce. */
  z.object({
    ...base,
    type: z.literal('dht-proof'),
    publicKey: z.string().regex(/^0[23][0-9a-f]{64}$/),
    signature: z.string().regex(/^[0-9a-f]{128}$/),
  }),
  /**
   * One Kademlia RPC (shared/overlay/kademlia/messages.ts checks `msg`). A `nodes` answer carries,
   * beside each contact, the sender's link id for it ('' if none), as Ethereum's NEIGHBORS carries
   * endpoints: that is how the asker dials a contact it has never met, through the sender.
   */
  z.object({
    ...base,
    type: z.literal('dht'),
    msg: z.unknown(),
    addrs: z.array(z.union([peerIdSchema, z.literal('')])).max(MAX_DHT_ADDRS).optional(),
  }),
  /** One topic pub/sub frame (shared/overlay/pubsub/frames.ts checks `frame`). */
  z.object({ ...base, type: z.literal('pubsub'), frame: z.unknown() }),
  /** "Answer at once": measures the data channel's round trip. The nonce only matches the pong. */
  z.object({ ...base, type: z.literal('ping'), nonce: z.string().regex(/^[0-9a-f]{16}$/) }),
  /** The answer to a ping, with its nonce. */
  z.object({ ...base, type: z.literal('pong'), nonce: z.string().regex(/^[0-9a-f]{16}$/) }),
  /** One piece of a message too big for one data-channel message (see CHUNK_CHARS). */
  z.object({
    ...base,
    type: z.literal('chunk'),
    id: z.number().int().min(0).max(0xffff_ffff),
    index: z.number().int().min(0),
    count: z.number().int().min(2).max(MAX_CHUNKS),
    data: z.string().min(1).max(CHUNK_CHARS),
  }),
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

/** @param maxBytes MAX_MESSAGE_BYTES for what arrives; MAX_ASSEMBLED_BYTES for what chunks rebuilt */
export function decodeMessage(raw: unknown, maxBytes = MAX_MESSAGE_BYTES): Result<Message, DecodeRejectReason> {
  if (typeof raw !== 'string') return reject('not-text', 'messages are JSON text');
  // String length is a lower bound of the UTF-8 size; check that first so a huge string is not encoded.
  if (raw.length > maxBytes || new TextEncoder().encode(raw).length > maxBytes) {
    return reject('too-large', `over ${maxBytes} bytes`);
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
