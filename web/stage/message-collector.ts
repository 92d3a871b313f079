/**
 * This tab's side of message telemetry: every message its node sends becomes a message event in
 * a MessageEventBatcher, for the room report to carry (one batch per report). Only what this tab
 * sends: the receiving tab reports nothing of it, so each message is in the room's reports once.
 * web/app/room-telemetry.ts calls `flush()` in its tick and puts the batch in the report as `messages`.
 */
import type { Node } from '../../shared/node/node';
import { tabNameSchema } from '../../shared/protocol/signalling';
import { kindOfMessage, MessageEventBatcher, type MessageBatch } from '../../shared/stage/message-events';

export interface MessageCollector {
  /** The batch for the next report (null when nothing was sent since the last). */
  flush(): MessageBatch | null;
  stop(): void;
}

export function collectMessageEvents(
  node: Node,
  selfName: string,
  nameOf: (peerId: string) => string | undefined,
  now: () => number,
  toServerTime: (localMs: number) => number = (ms) => ms,
): MessageCollector {
  const batcher = new MessageEventBatcher();
  const off = node.events.on('message', (peerId, direction, type) => {
    if (direction !== 'out') return;
    const to = nameOf(peerId);
    // A peer that has not told its name yet (its status comes first) cannot be drawn by name.
    if (!to || !tabNameSchema.safeParse(to).success) return;
    batcher.add({ at: Math.max(0, Math.round(toServerTime(now()))), from: selfName, to, kind: kindOfMessage(type) });
  });
  return { flush: () => batcher.flush(), stop: off };
}
