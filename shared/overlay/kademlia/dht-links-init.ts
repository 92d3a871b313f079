/**
 * The Kademlia overlay's ports and options (see dht-links.ts): what it needs of the network and
 * the Node beneath it, what it can be told, and what it reports.
 */
import type { Emitter } from '../../events/emitter';
import type { NodeEvents, OverlayBody } from '../../node/node-events';
import type { NodeId } from './id';

/** What the overlay needs of the network beneath the Node: opening and closing channels. */
export interface LinkDialer {
  /** Opens a channel to `peerId`: through neighbour `via` (relay-signal) when given, else through the signalling server. */
  dial(peerId: string, via?: string): void;
  disconnect(peerId: string): void;
  /** A channel to `peerId` is open or being set up. */
  hasLink(peerId: string): boolean;
  /** The signalling server can carry a dial now. */
  serverUp(): boolean;
}

/** The part of a Node this overlay uses. */
export interface OverlayCarrier {
  readonly events: Emitter<NodeEvents>;
  sendOverlay(peerId: string, message: OverlayBody): void;
  penalisePeer(peerId: string, points: number, code: string, detail: string): void;
  peerIds(): string[];
}

export interface DhtLinksInit {
  /** The wallet key pair: the DHT id is the hash of the public key. */
  publicKey: string;
  privateKey: string;
  /** Bucket size (default 4 in tabs: small rooms still show buckets filling) and lookup parallelism. */
  k?: number;
  alpha?: number;
  /** An RPC to a contact we must first dial needs time for the WebRTC handshake. Default 4,000 ms. */
  rpcTimeoutMs?: number;
  /** A dial (and RPCs waiting on it) is given up after this long. Default 10,000 ms. */
  dialTimeoutMs?: number;
  /** Buckets not looked up for this long are refreshed (§2.3 says an hour; a class watches minutes). Default 60,000. */
  refreshMs?: number;
  /** How often links are checked against the table. Default 2,000 ms. */
  maintainMs?: number;
  /** An outbound link whose contact is not in our table (a lookup asked it once) is closed after this long. Default 5,000 ms. */
  graceMs?: number;
  /** Tabs from the server's list dialled to join. Default 3. */
  seeds?: number;
  /** Links others opened to us, at most. Default 4k + 8 (a lookup must be able to reach us even when k is tiny). */
  maxInbound?: number;
}

export interface DhtLinksComponents {
  node: OverlayCarrier;
  dialer: LinkDialer;
  now: () => number;
  setTimer: (fn: () => void, ms: number) => () => void;
  random: () => number;
  /** n random bytes as hex, from a CSPRNG: the hello nonces. */
  randomHex: (bytes: number) => string;
}

export interface DhtLinkEvents {
  /** `peerId` proved it is contact `id`. */
  proven: (peerId: string, id: NodeId) => void;
  /** Something worth a line in the event log. */
  /** A step worth a line in the event log: a catalogue key (namespace 'log', under `app.kademlia.`: the page's log adds `app.`) and its values. */
  note: (peerId: string | null, note: { key: string; params?: Record<string, string | number> }) => void;
}

export interface LinkView {
  peerId: string;
  /** The DHT id it proved; null while the proof is awaited. */
  id: NodeId | null;
  /** We dialled it (so we close it once it leaves our table); else it dialled us. */
  outbound: boolean;
  ageMs: number;
  /** It is one of our routing-table contacts. */
  inTable: boolean;
}
