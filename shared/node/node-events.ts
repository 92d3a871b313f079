/** What a Node tells the outside world: the store of a tab, a test, a simulation's statistics. */
import type { TipChange, TreeEntry } from '../chain/block-tree';
import type { SyncProgress } from './sync';
import type { MessageSummary } from './summarise';
import type { Message } from '../protocol/messages';
import type { SignalData } from '../protocol/signalling';

/** Messages the node carries for whatever keeps its links (unstructured, Kademlia, pub/sub). */
export type OverlayMessage = Extract<Message, { type: 'getaddr' | 'addr' | 'dht-hello' | 'dht-proof' | 'dht' | 'pubsub' }>;
/** An overlay message as its sender writes it (the version is added on the wire). */
export type OverlayBody = OverlayMessage extends infer M ? (M extends unknown ? Omit<M, 'v'> : never) : never;

/** Where a block came from: our miner, a peer, or this tab's own saved chain. */
export type BlockSource = { kind: 'local' } | { kind: 'peer'; peerId: string } | { kind: 'store' };

export interface NodeErrorEvent {
  /** The peer the problem came from; null when it is not a peer's fault (our own miner, say). */
  peerId: string | null;
  /** Stable code: a decode reason (`bad-json`, …), a block reason (`bad-pow`, …) or a transport code. */
  code: string;
  detail: string;
}

export interface NodeEvents {
  'peer-open': (peerId: string) => void;
  'peer-close': (peerId: string) => void;
  /** A peer told us its tab's name and payout address (in its status). */
  'peer-named': (peerId: string, name: string, address: string) => void;
  /** A message that passed the schema (`in`), or one this node sent (`out`). */
  message: (peerId: string, direction: 'in' | 'out', type: string, summary: MessageSummary) => void;
  error: (error: NodeErrorEvent) => void;
  'block-accepted': (entry: TreeEntry, source: BlockSource) => void;
  'tip-changed': (tip: TreeEntry, change: TipChange) => void;
  /** An overlay message (`getaddr`, `addr`, `dht…`, `pubsub`) for whatever keeps this node's links. */
  'overlay-message': (peerId: string, message: OverlayMessage) => void;
  /** A WebRTC signal from `from` that neighbour `via` passed on to us. */
  'relayed-signal': (from: string, via: string, data: SignalData) => void;
  /** A peer answered one of our pings (`ping(peerId)`): the data channel's round trip, node clock. */
  pong: (peerId: string, nonce: string, rttMs: number) => void;
  /** Transfers were added to or taken out of the mempool. */
  'mempool-changed': () => void;
  /** Headers-first sync from one peer: started, progressing, or done. */
  sync: (progress: SyncProgress) => void;
  /** A peer that misbehaved past the threshold and was disconnected. */
  'peer-dropped': (peerId: string, misbehaviour: number) => void;
}

