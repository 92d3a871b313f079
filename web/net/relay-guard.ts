/**
 * Which signals passed on by a neighbour (`relayed-signal`) the WebRTC transport lets through.
 * `from` is written by the neighbour that passes the signal on (`via`), so any neighbour can claim
 * any `from`: without these checks a forged offer opens an RTCPeerConnection for a made-up id that
 * nothing ever closes, and a forged answer or candidate under a linked tab's id is fed into that
 * live connection. Pure, so it is unit-tested; the transport only carries out the verdict.
 */

/** Relayed links still being set up that an offer may open at once: a flood of offers stops here. */
export const MAX_PENDING_RELAYED = 8;

/** What the transport knows of its link to `from`, if it has one. */
export interface RelayLinkView {
  open: boolean;
  /** We dialled it. */
  initiator: boolean;
  /** The neighbour its signals travel through; undefined if they go through the server. */
  via: string | undefined;
}

export interface RelayedSignalInput {
  localId: string;
  from: string;
  via: string;
  type: string;
  link: RelayLinkView | undefined;
  /** Links set up by a relayed offer that are not open yet. */
  pendingRelayedInbound: number;
  maxPendingRelayed?: number;
}

export type RelayVerdict = { ok: true } | { ok: false; reason: string };

const OK: RelayVerdict = { ok: true };

export function judgeRelayedSignal(input: RelayedSignalInput): RelayVerdict {
  const { localId, from, via, type, link } = input;
  // A tab signals its own neighbour directly; "from us" or "from the relay itself" is a forgery.
  if (from === localId || from === via) return { ok: false, reason: `a signal "from" ${from === localId ? 'ourselves' : 'the relaying neighbour itself'}` };
  if (type === 'offer') {
    // An offer opens a new link only. The one exception is glare on a dial of ours still being set
    // up, where the lower id's offer stands (the transport's glare rule): refusing it would leave
    // both sides waiting for an answer that never comes. An open link is never touched.
    const glareItWins = link !== undefined && !link.open && link.initiator && localId > from;
    if (link !== undefined && !glareItWins) return { ok: false, reason: `an offer for a link that already exists (${link.open ? 'open' : 'being set up'})` };
    if (input.pendingRelayedInbound >= (input.maxPendingRelayed ?? MAX_PENDING_RELAYED)) {
      return { ok: false, reason: `already ${input.pendingRelayedInbound} relayed links being set up` };
    }
    return OK;
  }
  // An answer or candidate belongs to a link set up through this same neighbour, and only that.
  if (link === undefined) return { ok: false, reason: `a ${type} for no link` };
  if (link.via !== via) return { ok: false, reason: `a ${type} for a link not set up through this neighbour` };
  return OK;
}
