/**
 * Where a Kademlia contact we have no link to can be dialled: the link id some neighbour gave
 * for it beside a `nodes` answer, and that neighbour (the relay for the dial). Only answers to a
 * FIND we sent that very neighbour count, and a hint whose teller is still linked is not replaced,
 * so an unasked or later claim cannot redirect our dials. Bounded; oldest forgotten first.
 */
import { isNodeId, type NodeId } from './id';
import type { DhtMessage } from './messages';

const MAX_HINTS = 1024;
const MAX_ASKED = 1024;

export interface ContactHint {
  /** The teller's link id for the contact: what we dial. */
  peerId: string;
  /** The teller: the neighbour that passes our signals on. */
  via: string;
}

export class ContactHints {
  private readonly hints = new Map<NodeId, ContactHint>();
  /** `contact:rpc` of the FIND requests we sent. */
  private readonly asked = new Set<string>();

  constructor(
    private readonly self: NodeId,
    /** Whether a neighbour is still linked (its hints then stand). */
    private readonly linked: (peerId: string) => boolean,
  ) {}

  /** Notes an outgoing request: if it is a FIND, its answer may carry addresses. */
  sent(to: NodeId, message: DhtMessage): void {
    if (message.type !== 'find-node' && message.type !== 'find-value') return;
    this.asked.add(`${to}:${message.rpc}`);
    if (this.asked.size > MAX_ASKED) this.asked.delete(this.asked.values().next().value!);
  }

  /**
   * A DHT message from contact `from` over link `teller`, with the addresses beside it. Learns from
   * it only if it answers one of our FINDs; `known(id)` says the id is already linked.
   */
  received(from: NodeId, teller: string, msg: unknown, addrs: readonly string[] | undefined, known: (id: NodeId) => boolean): void {
    const reply = msg as { type?: unknown; rpc?: unknown; contacts?: unknown } | null;
    if (reply?.type !== 'nodes' || !this.asked.delete(`${from}:${String(reply.rpc)}`)) return;
    if (!addrs || !Array.isArray(reply.contacts) || reply.contacts.length !== addrs.length) return;
    reply.contacts.forEach((id: unknown, i) => {
      const address = addrs[i]!;
      if (!isNodeId(id) || address === '' || id === this.self || known(id)) return;
      const hint = this.hints.get(id);
      if (hint && this.linked(hint.via)) return;
      this.hints.delete(id); // re-insert: the newest are kept
      this.hints.set(id, { peerId: address, via: teller });
      if (this.hints.size > MAX_HINTS) this.hints.delete(this.hints.keys().next().value!);
    });
  }

  get(id: NodeId): ContactHint | undefined {
    return this.hints.get(id);
  }

  /** The contact proved itself on a link: it needs no hint any more. */
  forget(id: NodeId): void {
    this.hints.delete(id);
  }
}
