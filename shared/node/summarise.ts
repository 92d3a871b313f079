/** One line per message for the event log: what it was about, never its whole body. */
import { blockHash } from '../chain/block';
import type { Message } from '../protocol/messages';

export function summarise(message: Message): string {
  switch (message.type) {
    case 'status':
      return `tip #${message.height} ${message.tip.slice(0, 12)}`;
    case 'inv':
    case 'get-data':
      return `${message.hashes.length} block(s): ${message.hashes[0]!.slice(0, 12)}`;
    case 'block':
      return `block ${blockHash(message.block).slice(0, 12)}`;
    case 'get-headers':
      return `locator of ${message.locator.length}, max ${message.max}`;
    case 'headers':
      return `${message.headers.length} headers`;
    case 'get-blocks':
      return `${message.hashes.length} bodies`;
    case 'blocks':
      return `${message.blocks.length} blocks`;
    case 'tx':
      return `transaction of ${message.tx.length} bytes`;
    case 'getaddr':
      return 'peers you know?';
    case 'addr':
      return `${message.addrs.length} peer address(es)`;
    case 'dht-hello':
      return 'prove your DHT id';
    case 'dht-proof':
      return `DHT id proof for key ${message.publicKey.slice(0, 10)}…`;
    case 'dht': {
      const type = (message.msg as { type?: unknown } | null)?.type;
      return `Kademlia ${typeof type === 'string' ? type.slice(0, 16) : 'message'}`;
    }
    case 'pubsub': {
      const frame = message.frame as { type?: unknown; topic?: unknown } | null;
      return `pub/sub ${String(frame?.type ?? '?').slice(0, 16)}${typeof frame?.topic === 'string' ? ` on ${frame.topic.slice(0, 32)}` : ''}`;
    }
    case 'ping':
    case 'pong':
      return `round trip ${message.nonce}`;
    case 'relay-signal':
      return `${message.data.type} for ${message.to.slice(0, 6)}, to pass on`;
    case 'relayed-signal':
      return `${message.data.type} from ${message.from.slice(0, 6)}, passed on`;
    case 'chunk':
      return `chunk ${message.index + 1}/${message.count} of message ${message.id}`;
  }
}
