/**
 * Outstanding requests of one DHT node: each gets a random RPC id that its reply must echo, from
 * the very peer it was sent to (Maymounkov & Mazières 2002, §2.3), and a timeout after which it
 * is resent or given up. Kept apart from DhtNode so the matching rules read on their own.
 */
import type { NodeId } from './id';
import { rpcId, type DhtMessage, type DhtReply, type DhtRequest } from './messages';

/** A request as the caller writes it; the RPC id is filled in here. */
export type RequestBody = WithoutRpc<DhtRequest>;
type WithoutRpc<T> = T extends unknown ? Omit<T, 'rpc'> : never;

export interface RpcIo {
  send: (to: NodeId, message: DhtMessage) => void;
  setTimer: (fn: () => void, ms: number) => () => void;
  random: () => number;
  timeoutMs: number;
  retries: number;
}

interface Pending {
  to: NodeId;
  request: DhtRequest['type'];
  onReply: (reply: DhtReply) => void;
  onFail: () => void;
  cancel: () => void;
}

export type ReplyVerdict =
  /** Not ours, or from another peer than the one asked: late after a timeout, or a guess. */
  | { kind: 'ignored' }
  | { kind: 'delivered' }
  /** The right peer and rpc, the wrong kind of answer: an offence; the request counts as failed. */
  | { kind: 'unexpected'; detail: string };

const answers = (request: DhtRequest['type'], reply: DhtReply['type']): boolean =>
  request === 'ping' ? reply === 'pong'
  : request === 'find-node' ? reply === 'nodes'
  : reply === 'nodes' || reply === 'value';

export class RpcTracker {
  private readonly pending = new Map<string, Pending>();

  constructor(private readonly io: RpcIo) {}

  /**
   * Sends a request and arms its timeout. One lost datagram should not cost a lookup its nearest
   * node (a failed node is out of that lookup for good), so a silent peer is asked again first,
   * under the same rpc id, so that a late answer to the first try still counts.
   */
  request(to: NodeId, body: RequestBody, onReply: (r: DhtReply) => void, onFail: () => void): void {
    const message = { ...body, rpc: rpcId(this.io.random) } as DhtMessage;
    const pending: Pending = { to, request: body.type, onReply, onFail, cancel: () => {} };
    let retries = this.io.retries;
    const attempt = () => {
      pending.cancel = this.io.setTimer(() => {
        if (this.pending.get(message.rpc) !== pending) return;
        if (retries-- > 0) return attempt();
        this.pending.delete(message.rpc);
        onFail();
      }, this.io.timeoutMs);
      this.io.send(to, message);
    };
    this.pending.set(message.rpc, pending);
    attempt();
  }

  /** Matches a reply to its request and runs that request's callback. */
  settle(from: NodeId, reply: DhtReply): ReplyVerdict {
    const p = this.pending.get(reply.rpc);
    if (!p || p.to !== from) return { kind: 'ignored' };
    this.pending.delete(reply.rpc);
    p.cancel();
    if (answers(p.request, reply.type)) {
      p.onReply(reply);
      return { kind: 'delivered' };
    }
    p.onFail();
    return { kind: 'unexpected', detail: `${reply.type} in answer to ${p.request}` };
  }

  /** Forgets every request; their callbacks never run. */
  abandonAll(): void {
    for (const p of this.pending.values()) p.cancel();
    this.pending.clear();
  }
}
