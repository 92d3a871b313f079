/**
 * Kademlia over real links, in a tab or a headless peer: the DhtLinks whose contacts are this
 * node's links, gatekeeping the offers others make to us, and filing what this node makes in the
 * DHT (each block it mines, as an IPFS node provides what it adds, and each transfer it signs).
 * Clock, timer and randomness are ports, so a tab passes `window` timers, the headless peer
 * Node.js ones and a test a fake clock. The tab adds its panel on top (web/app/kademlia-links.ts).
 */
import type { Node } from '../../node/node';
import type { OverlayLinks } from '../unstructured/link-keeper';
import { blockRecord, transferRecord } from './content';
import { DhtLinks } from './dht-links';

export interface DhtKeeperPorts {
  node: Node;
  links: OverlayLinks;
  /** The node's wallet key pair: its DHT id is the hash of the public key. */
  keys: { publicKey: string; privateKey: string };
  serverUp: () => boolean;
  now: () => number;
  setTimer: (fn: () => void, ms: number) => () => void;
  random: () => number;
  /** n random bytes as hex, from a CSPRNG (the hello nonces). */
  randomHex: (bytes: number) => string;
  /** Called before the links start, so a listener misses no early note or lookup. */
  listen?: (links: DhtLinks) => void;
}

export interface DhtKeeper {
  links: DhtLinks;
  /** Members the signalling server listed (on join): a few are dialled to join the DHT. */
  seed(peerIds: readonly string[]): void;
  forget(peerId: string): void;
  /** Leaves the DHT: no more maintenance, RPCs or filing; the links themselves stay open. */
  stop(): void;
}

export function keepDhtLinks(shape: { k: number; alpha: number }, ports: DhtKeeperPorts): DhtKeeper {
  const { node, links: transport, keys } = ports;
  const links = new DhtLinks(
    { publicKey: keys.publicKey, privateKey: keys.privateKey, ...shape },
    {
      node,
      dialer: {
        dial: (peerId, via) => transport.dial(peerId, via),
        disconnect: (peerId) => transport.disconnect(peerId),
        hasLink: (peerId) => transport.hasLink(peerId),
        serverUp: ports.serverUp,
      },
      now: ports.now,
      setTimer: ports.setTimer,
      random: ports.random,
      randomHex: ports.randomHex,
    },
  );
  transport.acceptInbound = () => links.acceptInbound();

  const storedTransfers = new Set<string>();
  const offs = [
    node.events.on('block-accepted', (entry, source) => {
      if (source.kind !== 'local') return;
      const record = blockRecord(entry.block);
      if (record) links.dht.store(record.key, record.value);
    }),
    // Transfers this node signs go into the DHT too, under their id (once each).
    node.events.on('mempool-changed', () => {
      for (const pending of node.chain.mempool.pending()) {
        if (pending.tx.from !== keys.publicKey || storedTransfers.has(pending.id)) continue;
        storedTransfers.add(pending.id);
        const record = transferRecord(pending.text);
        if (record) links.dht.store(record.key, record.value);
      }
    }),
  ];
  ports.listen?.(links);
  links.start();

  return {
    links,
    seed: (peerIds) => links.seed(peerIds),
    forget: (peerId) => links.forget(peerId),
    stop() {
      offs.forEach((off) => off());
      links.stop();
      transport.acceptInbound = () => true;
    },
  };
}
