/**
 * Topic names and message ids for the consortium-chain pub/sub. A consortium chain's nodes
 * subscribe to common topics (`blocks`, `transactions`, `notes`, …) and push typed messages to them;
 * every subscriber, the sender included, handles each message once.
 */
import { reject, ok, type Result } from '../../result';
import { utf8 } from '../../chain/hash';

/** Lower-case words and dashes, up to 32 characters: safe to show, to log and to use as a key. */
export const TOPIC_PATTERN = /^[a-z][a-z0-9-]{0,31}$/;
/** The topics a chain node of this lab uses; others are allowed if they match the pattern. */
export const KNOWN_TOPICS = ['blocks', 'transactions', 'notes', 'consensus'] as const;

export function validateTopic(name: unknown): Result<string, 'bad-topic'> {
  if (typeof name !== 'string' || !TOPIC_PATTERN.test(name)) {
    return reject('bad-topic', `topic names are 1–32 characters of a-z, 0-9 and '-', starting with a letter`);
  }
  return ok(name);
}

/**
 * A message is named by its publisher and a sequence number, as in libp2p pubsub (`from` +
 * `seqno`). The seqno never goes back: it starts from the publisher's clock, so a tab that reloads
 * does not reuse ids its peers still remember as seen.
 */
export const messageId = (origin: string, seqno: number): string => `${origin}:${seqno}`;

/** UTF-8 size, computed only when the string could be over `max` (3 bytes per UTF-16 unit at most). */
export function overBytes(text: string, max: number): boolean {
  return text.length > max || (text.length * 3 > max && utf8(text).length > max);
}
