/**
 * What a Node needs from the network: the four callbacks of the chapter's WebSocket connection
 * (onOpen / onClose / onMessage / onError), per peer, plus send and disconnect. Implemented over
 * WebRTC in web/net and in memory in shared/transport/memory for tests and simulations; the Node
 * cannot tell which one it runs on.
 */
import type { DropReason } from './conditioner';

export interface TransportError {
  /** Stable, machine-readable (`channel-error`, `signal-error`, `send-failed`, …). */
  code: string;
  message: string;
}

export interface TransportEvents {
  'peer-open': (peerId: string) => void;
  'peer-close': (peerId: string) => void;
  /** `data` is whatever arrived; it is untrusted and not yet decoded. */
  message: (peerId: string, data: unknown) => void;
  /** `peerId` is null for errors not tied to one peer (the signalling connection, say). */
  error: (peerId: string | null, error: TransportError) => void;
  /**
   * A message from `peerId` that the room's link conditions dropped on purpose (the teacher's
   * partition or loss setting; see conditioner.ts). Not an error: counted and logged apart.
   * `data` is what was dropped (untrusted, not decoded), so a log can say what was lost.
   */
  dropped: (peerId: string, reason: DropReason, data: unknown) => void;
}

export interface Transport {
  readonly localId: string;
  /** Ids of peers whose channel is open now. */
  connectedPeers(): string[];
  /** Queue a message to an open peer; a closed or unknown peer is reported as an `error` event. */
  send(peerId: string, data: string): void;
  disconnect(peerId: string): void;
  on<E extends keyof TransportEvents>(event: E, listener: TransportEvents[E]): () => void;
}
