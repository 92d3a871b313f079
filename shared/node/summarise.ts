/**
 * One line per message for the event log: what it was about, never its whole body. A summary is
 * a catalogue key (namespace 'log', under `summary.`) and its values, so the page draws it in the
 * reader's language. Params named `…PeerId` are signalling ids the page shows as tab names.
 */
import { blockHash } from '../chain/block';
import type { Message } from '../protocol/messages';

export interface MessageSummary {
  key: string;
  params: Record<string, string | number>;
}

export const summary = (key: string, params: Record<string, string | number> = {}): MessageSummary => ({
  key: `summary.${key}`,
  params,
});

const short = (hash: string): string => hash.slice(0, 12);

export function summarise(message: Message): MessageSummary {
  switch (message.type) {
    case 'status':
      return summary('status', { height: message.height, hash: short(message.tip) });
    case 'inv':
    case 'get-data':
      return summary('blockList', { count: message.hashes.length, hash: short(message.hashes[0]!) });
    case 'block':
      return summary('block', { hash: short(blockHash(message.block)) });
    case 'get-headers':
      return summary('getHeaders', { locator: message.locator.length, max: message.max });
    case 'headers':
      return summary('headers', { count: message.headers.length });
    case 'get-blocks':
      return summary('getBlocks', { count: message.hashes.length });
    case 'blocks':
      return summary('blocks', { count: message.blocks.length });
    case 'tx':
      return summary('tx', { count: message.tx.length });
    case 'getaddr':
      return summary('getaddr');
    case 'addr':
      return summary('addr', { count: message.addrs.length });
    case 'dht-hello':
      return summary('dhtHello');
    case 'dht-proof':
      return summary('dhtProof', { key: `${message.publicKey.slice(0, 10)}…` });
    case 'dht': {
      const type = (message.msg as { type?: unknown } | null)?.type;
      return summary('dht', { type: typeof type === 'string' ? type.slice(0, 16) : '?' });
    }
    case 'pubsub': {
      const frame = message.frame as { type?: unknown; topic?: unknown } | null;
      const type = String(frame?.type ?? '?').slice(0, 16);
      return typeof frame?.topic === 'string'
        ? summary('pubsubTopic', { type, topic: frame.topic.slice(0, 32) })
        : summary('pubsub', { type });
    }
    case 'ping':
    case 'pong':
      return summary('roundTrip', { nonce: message.nonce });
    case 'relay-signal':
      return summary('relaySignal', { signal: message.data.type, toPeerId: message.to });
    case 'relayed-signal':
      return summary('relayedSignal', { signal: message.data.type, fromPeerId: message.from });
    case 'chunk':
      return summary('chunk', { index: message.index + 1, total: message.count, id: message.id });
  }
}
