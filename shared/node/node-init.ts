/** What a Node is told (options, with defaults) and given (collaborators), kept apart as libp2p does. */
import type { ChainParams } from '../chain/params';
import type { Transport } from '../transport/transport';

export interface NodeInit {
  /** Name written into the coinbase of blocks this node mines. */
  minerName: string;
  /** Address the coinbase of blocks this node mines pays to; default: nobody (NO_ADDRESS). */
  payTo?: string;
  /** The room's chain rules; default: free difficulty from zero (the first lab). */
  params?: ChainParams;
  /** Misbehaviour points at which a peer is disconnected. Default 100. */
  dropThreshold?: number;
}

export interface NodeComponents {
  transport: Transport;
  /** Milliseconds since the epoch. */
  now: () => number;
  /** Runs `fn` after `ms`; returns a cancel function. Without it, a stalled sync is never noticed. */
  setTimer?: (fn: () => void, ms: number) => () => void;
}

/** Points a peer earns per offence; a malformed message is cheaper than a block that lies. */
export const PENALTY = { undecodable: 10, invalid: 20, serveFlood: 5 } as const;
/** A `blocks` reply stops growing here (it is chunked to the wire; the asker asks for the rest). */
export const MAX_REPLY_CHARS = 512 * 1024;

