/**
 * The unstructured (Bitcoin-like) overlay in a tab: instead of dialling every tab in the room, keep
 * a few outbound links chosen at random from an address book, accept a capped number of inbound
 * ones, and learn addresses by asking neighbours (getaddr / addr). Decisions come from the pure
 * policy in shared/overlay/unstructured; this file only carries them out.
 */
import type { Node } from '../../shared/node/node';
import { AddressBook } from '../../shared/overlay/unstructured/address-book';
import { AddrGossip, type AddrAction } from '../../shared/overlay/unstructured/addr-gossip';
import { decideInbound, dialsToMake, type LinkSnapshot } from '../../shared/overlay/unstructured/connection-policy';
import { MAX_ADDRS } from '../../shared/protocol/messages';
import type { WebRtcTransport } from '../net/webrtc-transport';

export interface UnstructuredOptions {
  targetOutbound: number;
  maxInbound: number;
}

/** How often links are topped up, and how long a dial may take before it counts as failed. */
const MAINTAIN_MS = 1_500;
const DIAL_TIMEOUT_MS = 10_000;

export interface UnstructuredLinks {
  /** Tabs the signalling server told us about (on join, or as they join): candidates, not links. */
  heardFromServer(ids: readonly string[]): void;
  forget(id: string): void;
  stop(): void;
}

export function keepUnstructuredLinks(
  node: Node,
  transport: WebRtcTransport,
  options: UnstructuredOptions,
  log: (peerId: string | null, text: string) => void,
  serverUp: () => boolean,
): UnstructuredLinks {
  const now = () => Date.now();
  const book = new AddressBook({}, { selfId: transport.localId, random: Math.random });
  const links = new Map<string, { outbound: boolean; connectedAt: number }>();
  const dialing = new Map<string, number>();
  /** Who told us each address: while the server is away, a new link is set up through them. */
  const toldBy = new Map<string, string>();
  const policy = { targetOutbound: options.targetOutbound, maxInbound: options.maxInbound };

  const snapshot = (): LinkSnapshot => {
    const list = [...links].map(([id, l]) => ({ id, connectedAt: l.connectedAt, outbound: l.outbound }));
    return { outbound: list.filter((l) => l.outbound), inbound: list.filter((l) => !l.outbound), dialing: [...dialing.keys()] };
  };

  transport.acceptInbound = (from) => {
    // Glare: we dialled `from` while it dialled us, and its offer won (the transport has already
    // dropped our dial). Take its link as the one we were dialling, still counted as outbound;
    // refusing it as "already linked" left both sides without the link (tabs reloading together).
    if (dialing.has(from) && !transport.hasLink(from)) return true;
    const decision = decideInbound(from, transport.localId, snapshot(), policy);
    if (decision.kind === 'accept-evicting') transport.disconnect(decision.drop);
    if (decision.kind === 'refuse') log(from, `inbound link refused (${decision.reason})`);
    return decision.kind !== 'refuse';
  };

  // GETADDR / ADDR by Bitcoin Core's rules (shared/overlay/unstructured/addr-gossip.ts): answers
  // to inbound peers only, new addresses relayed to two neighbours, and a per-peer rate limit
  // whose sustained excess is scored, so an address flooder is dropped like any misbehaving peer.
  const gossip = new AddrGossip(
    // A classroom room's book is small: give the whole of it (Core gives 23 % of thousands).
    { maxPerMessage: MAX_ADDRS, getAddrPercent: 100 },
    // A getter: the server gives a new id after a reconnect, and we advertise the current one.
    { get selfId() { return transport.localId; }, book, random: Math.random },
  );
  const perform = (actions: AddrAction[]) => {
    for (const action of actions) {
      if (action.kind === 'send') node.sendOverlay(action.to, action.frame);
      else node.penalisePeer(action.peer, action.points, action.reason, action.detail);
    }
  };

  const offs = [
    node.events.on('peer-open', (id) => {
      const outbound = dialing.delete(id);
      links.set(id, { outbound, connectedAt: now() });
      gossip.addPeer(id, !outbound, now());
      if (outbound) {
        book.good(id, now());
        perform([...gossip.advertiseSelf(id), ...gossip.requestAddresses(id)]);
      }
    }),
    node.events.on('peer-close', (id) => {
      links.delete(id);
      dialing.delete(id);
      gossip.removePeer(id);
    }),
    node.events.on('overlay-message', (from, message) => {
      if (message.type === 'getaddr') return perform(gossip.onGetAddr(from));
      if (message.type !== 'addr') return; // another overlay's message
      const mine = message.addrs.filter((id) => id !== transport.localId);
      const outcome = gossip.onAddr(from, mine, [...links.keys()], now());
      // Whoever told us an address can pass our signals on to it while the server is away.
      for (const id of mine.slice(0, mine.length - outcome.ignored)) toldBy.set(id, from);
      perform(outcome.actions);
      if (outcome.learned.length > 0) log(from, `learned ${outcome.learned.length} address(es) by gossip`);
      if (outcome.ignored > 0) log(from, `ignored ${outcome.ignored} address(es) over its rate limit`);
    }),
  ];

  const maintain = () => {
    for (const [id, since] of dialing) {
      if (now() - since > DIAL_TIMEOUT_MS && !links.has(id)) {
        dialing.delete(id);
        book.failed(id, now());
        transport.disconnect(id);
      }
    }
    const direct = serverUp();
    for (const id of dialsToMake(snapshot(), book, now(), policy)) {
      if (transport.hasLink(id)) continue;
      const via = direct ? undefined : toldBy.get(id);
      if (!direct && (via === undefined || !links.has(via))) continue; // no way to reach it now
      book.attempt(id, now());
      dialing.set(id, now());
      if (via !== undefined) log(id, `dialling through ${via.slice(0, 6)}: the signalling server is away`);
      transport.dial(id, via);
    }
  };
  const timer = window.setInterval(maintain, MAINTAIN_MS);

  return {
    heardFromServer(ids) {
      for (const id of ids) if (id !== transport.localId) book.add(id, 'server', now());
      maintain();
    },
    forget(id) {
      book.remove(id);
    },
    stop() {
      window.clearInterval(timer);
      offs.forEach((off) => off());
    },
  };
}
