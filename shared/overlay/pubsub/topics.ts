/**
 * Topic names and message ids for the consortium-chain pub/sub. A consortium chain's nodes
 * subscribe to common topics (`blocks`, `transactions`, `notes`, …) and push typed messages to them;
 * every subscriber, the sender included, handles each message once.
 */
import { reject, ok, type Result } from '../../result';
import { utf8 } from '../../chain/hash';
import { checkTopicName, NAME_LIMITS, type NameProblem } from '../../protocol/names';

/** The topics a chain node of this lab uses; others are allowed if the name rule (names.ts) allows them. */
export const KNOWN_TOPICS = ['blocks', 'transactions', 'notes', 'consensus'] as const;

const PROBLEMS: Record<NameProblem, string> = {
  empty: 'a topic needs a name',
  'too-long': `topic names are at most ${NAME_LIMITS.topic.chars} characters`,
  'too-many-bytes': `topic names are at most ${NAME_LIMITS.topic.bytes} bytes of UTF-8`,
  control: 'topic names may not hold control characters or line breaks',
  bidi: 'topic names may not hold bidi marks or overrides (they reorder the text around them)',
  invisible: 'topic names may not hold invisible characters',
  reserved: 'that word is reserved',
  'bad-shape': 'topic names must be text in some script, not broken or private-use characters',
};

/**
 * Any script (`數學課`, `第3組`, `équipe-a`) under the one name rule the server and page share
 * (shared/protocol/names.ts): trimmed, NFC-normalised, bounded, with control, bidi and invisible
 * characters refused. The value is the normalised name: the one to send, compare and show.
 */
export function validateTopic(name: unknown): Result<string, 'bad-topic'> {
  const check = checkTopicName(name);
  if (!check.ok) return reject('bad-topic', `${PROBLEMS[check.problem]} (${check.problem})`);
  return ok(check.value);
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
