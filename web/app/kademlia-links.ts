/**
 * The Kademlia overlay in a tab: the shared keeper (shared/overlay/kademlia/dht-keeper.ts, which the
 * headless peer runs too) on `window` timers, plus what the page adds: the panel's snapshot kept
 * fresh, and find / publish for the reader. The rules live in shared/overlay/kademlia.
 */
import { bytesToHex } from '@noble/hashes/utils.js';
import type { Node } from '../../shared/node/node';
import { blockRecord, describeContent, transferRecord } from '../../shared/overlay/kademlia/content';
import { keepDhtLinks } from '../../shared/overlay/kademlia/dht-keeper';
import type { DhtLinks } from '../../shared/overlay/kademlia/dht-links';
import { keyFromHash } from '../../shared/overlay/kademlia/id';
import { kademliaView, LookupLog } from '../../shared/overlay/kademlia/panel-view';
import type { Wallet } from '../../shared/ledger/wallet';
import type { WebRtcTransport } from '../net/webrtc-transport';
import { createKademliaStore, type KademliaStore } from '../store/kademlia-store';

export interface KademliaOverlay {
  links: DhtLinks;
  store: KademliaStore;
  /** Tabs the signalling server listed (on join): a few are dialled to join the DHT. */
  seed(peerIds: readonly string[]): void;
  forget(peerId: string): void;
  /** FIND_VALUE for a pasted block or transfer hash; the outcome lands in the store. */
  findValue(hash: string): void;
  /** STORE a block or pending transfer this tab has, by hash, at the k nodes closest to it; what to tell the reader. */
  publish(hash: string): Said;
}

const SNAPSHOT_MS = 500;

/** What the panel shows after a find or a publish: a key in the 'kademlia' catalogue (its "app" part) and its values. */
export type Said = { key: string; params?: Record<string, string | number> };
const said = (name: string, params?: Said['params']): Said => ({ key: `kademlia:app.${name}`, params });

export function keepKademliaLinks(
  node: Node,
  transport: WebRtcTransport,
  wallet: Wallet,
  shape: { k: number; alpha: number },
  /** `key` is under 'app.' in the 'log' catalogue (the overlay's own notes too: app.kademlia.*). */
  log: (peerId: string | null, entry: { key: string; params?: Record<string, string | number> }) => void,
  serverUp: () => boolean,
  /** A linked tab's name as people know it (its nickname), for results a student reads ("found at Amy", not an id). */
  peerName: (peerId: string) => string | undefined,
): KademliaOverlay {
  const now = () => Date.now();
  const lookups = new LookupLog();
  const dht = keepDhtLinks(shape, {
    node,
    links: transport,
    keys: wallet,
    serverUp,
    now,
    setTimer: (fn, ms) => {
      const timer = window.setTimeout(fn, ms);
      return () => window.clearTimeout(timer);
    },
    random: Math.random,
    randomHex: (n) => bytesToHex(crypto.getRandomValues(new Uint8Array(n))),
    listen: (links) => {
      const { events } = links.dht;
      events.on('lookup-start', (seq, target, purpose) => lookups.start(seq, target, purpose, now()));
      events.on('lookup-hop', (seq, hop) => lookups.hop(seq, hop));
      events.on('lookup-done', (seq, result) => lookups.done(seq, result, now()));
      events.on('stored', (key, from) => log(links.linkOf(from) ?? null, { key: 'dhtHolds', params: { dhtKey: key.slice(0, 8), dhtId: from.slice(0, 8) } }));
      links.events.on('note', (peerId, note) => log(peerId, note));
    },
  });
  const { links } = dht;
  const store = createKademliaStore();
  /** A DHT id as a name to show: the linked tab's nickname, else a cut of the id. */
  const tabName = (id: string) => {
    const peerId = links.linkOf(id);
    return (peerId !== undefined && peerName(peerId)) || `${id.slice(0, 8)}…`;
  };

  // Redrawn only when something changed: the panel would otherwise re-render twice a second.
  let shown = '';
  const refresh = () => {
    const view = kademliaView(links, lookups.list());
    // Link ages tick on every call and are not drawn: leave them out of the comparison.
    const text = JSON.stringify(view, (key, value: unknown) => (key === 'ageMs' ? undefined : value));
    if (text === shown) return;
    shown = text;
    store.getState().setView(view);
  };
  window.setInterval(refresh, SNAPSHOT_MS);
  const findValue = (query: string) => {
    const hash = query.trim().toLowerCase();
    const { setFind } = store.getState();
    if (/^[0-9a-f]{40}$/.test(hash)) return findTab(hash);
    if (!/^[0-9a-f]{64}$/.test(hash)) {
      return setFind({ query, status: 'bad-input', ...said('badInput') });
    }
    const key = keyFromHash(hash);
    setFind({ query: hash, status: 'searching', ...said('lookingUp', { dhtKey: key.slice(0, 10) }) });
    links.dht.findValue(key, (result) => {
      const seq = lookups.list().find((l) => l.target === key && l.purpose === 'find-value')?.seq;
      if (result.value === undefined) {
        return setFind({ query: hash, status: 'not-found', seq, ...said('notFound', { queries: result.queries, finish: result.finish }) });
      }
      const content = describeContent(key, result.value) ?? undefined;
      const counts = { hops: result.hops, queries: result.queries };
      // Our own store answered (we hold the value): said with the 'self' context.
      const here = result.valueFrom === undefined || result.valueFrom === links.id;
      setFind({ query: hash, status: 'found', seq, content, ...said('found', here ? { ...counts, context: 'self' } : { ...counts, holder: tabName(result.valueFrom!) }) });
    });
    refresh();
  };

  /** FIND_NODE for a tab's id, then a PING, which opens a link to it if there is none. */
  const findTab = (id: string) => {
    const { setFind } = store.getState();
    if (id === links.id) return setFind({ query: id, status: 'bad-input', ...said('ownId') });
    setFind({ query: id, status: 'searching', ...said('lookingForTab', { dhtId: id.slice(0, 10) }) });
    links.dht.findNode(id, (result) => {
      const seq = lookups.list().find((l) => l.target === id && l.purpose === 'find-node')?.seq;
      if (result.closest[0] !== id) {
        const nearest = result.closest[0];
        return setFind({
          query: id,
          status: 'not-found',
          seq,
          ...(nearest ? said('noSuchTab', { nearest: tabName(nearest), queries: result.queries }) : said('noSuchTabNobody', { queries: result.queries })),
        });
      }
      links.dht.ping(id, (alive) =>
        setFind({ query: id, status: alive ? 'found' : 'not-found', seq, ...said(alive ? 'foundTab' : 'foundTabSilent', { tab: tabName(id), hops: result.hops }) }),
      );
    });
    refresh();
  };

  const publish = (query: string): Said => {
    const hash = query.trim().toLowerCase();
    const entry = /^[0-9a-f]{64}$/.test(hash) ? node.tree.get(hash) : undefined;
    const pending = node.chain.mempool.pending().find((p) => p.id === hash);
    const record = entry ? blockRecord(entry.block) : pending ? transferRecord(pending.text) : null;
    if (!record) return said('nothingToPublish');
    links.dht.store(record.key, record.value, (at) => log(null, { key: 'dhtStored', params: { hash: hash.slice(0, 12), count: at.length } }));
    return said('storing', { dhtKey: record.key.slice(0, 10) });
  };

  return {
    links,
    store,
    seed: dht.seed,
    forget: dht.forget,
    findValue,
    publish,
  };
}
