/**
 * The pub/sub frames on the wire and their one door (parsePubsubFrame): the router only ever sees
 * frames that passed this check. Modelled on libp2p floodsub's RPC: subscription changes, and
 * published messages carrying their origin and seqno.
 */
import { z } from 'zod';
import { peerIdSchema } from '../../protocol/signalling';
import { reject, ok, type Result } from '../../result';
import { topicNameSchema } from '../../protocol/names';

/** Topics in one subscription frame (and remembered per peer). */
export const MAX_TOPICS_PER_FRAME = 64;
/** The hard ceiling on a message's data; per-topic limits (TopicRouter) are usually far lower. */
export const MAX_DATA_CHARS = 64 * 1024;

/** The name rule shared with rooms and nicknames (names.ts): a topic arrives NFC-normalised or is refused with its problem. */
const topic = topicNameSchema;

export const pubsubFrameSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('subscribe'), topics: z.array(topic).min(1).max(MAX_TOPICS_PER_FRAME) }),
  z.object({ type: z.literal('unsubscribe'), topics: z.array(topic).min(1).max(MAX_TOPICS_PER_FRAME) }),
  z.object({
    type: z.literal('publish'),
    topic,
    origin: peerIdSchema,
    seqno: z.number().int().min(0).max(Number.MAX_SAFE_INTEGER),
    data: z.string().max(MAX_DATA_CHARS),
  }),
]);

export type PubsubFrame = z.infer<typeof pubsubFrameSchema>;
export type PublishFrame = Extract<PubsubFrame, { type: 'publish' }>;

export function parsePubsubFrame(raw: unknown): Result<PubsubFrame, 'malformed-pubsub'> {
  const parsed = pubsubFrameSchema.safeParse(raw);
  return parsed.success ? ok(parsed.data) : reject('malformed-pubsub', parsed.error.issues[0]?.message ?? 'not a pub/sub frame');
}
