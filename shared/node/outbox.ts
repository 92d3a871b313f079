/**
 * Where a node's messages leave it: each is encoded once, cut into `chunk` frames when it is too
 * long for one data-channel message (chunking.ts), counted against the blocks it carries in the
 * relay statistics, and reported as an outgoing `message` event. Every send goes through here, so
 * none escapes the framing, the counting or the event log the page draws.
 */
import type { Emitter } from '../events/emitter';
import { framesFor } from '../protocol/chunking';
import { encodeMessage, type MessageType } from '../protocol/messages';
import type { Transport } from '../transport/transport';
import type { NodeEvents } from './node-events';
import type { RelayStats } from './relay-stats';
import type { MessageSummary } from './summarise';

/** The fields of a message of type `T`, without its version and type (encodeMessage adds them). */
export type MessageBody<T extends MessageType> = Parameters<typeof encodeMessage<T>>[1];

export interface OutboxHost {
  transport: Transport;
  stats: RelayStats;
  events: Emitter<NodeEvents>;
}

export class Outbox {
  /** Chunk ids only need to differ between a sender's messages to one peer; one counter covers all. */
  private nextChunkId = 0;

  constructor(private readonly host: OutboxHost) {}

  /**
   * Sends, and returns the characters put on the wire (what a serving budget is charged).
   * `blockHashes` are the blocks the message carries or names; each is credited an equal share.
   */
  send<T extends MessageType>(
    peerId: string,
    type: T,
    body: MessageBody<T>,
    summary: MessageSummary,
    blockHashes: string[] = [],
  ): number {
    const text = encodeMessage(type, body);
    for (const hash of blockHashes) this.host.stats.record(hash, peerId, 'out', text.length / blockHashes.length);
    for (const frame of framesFor(text, () => this.nextChunkId++)) this.host.transport.send(peerId, frame);
    this.host.events.emit('message', peerId, 'out', type, summary);
    return text.length;
  }
}
