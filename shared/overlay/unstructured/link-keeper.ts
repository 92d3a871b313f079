/**
 * The unstructured (Bitcoin-like) overlay over real links, in a tab or a headless peer: instead of
 * dialling every member of the room, keep a few outbound links chosen at random from an address
 * book, accept a capped number of inbound ones, and learn addresses by asking neighbours (getaddr /
 * addr). Decisions come from the pure policy (connection-policy.ts); this file carries them out
 * through the ports it is given (links, clock, timer, randomness), so the same keeper runs on
 * `window` timers in a tab, Node.js timers in the headless peer and a fake clock in its tests.
 */
import type { LinkDialer, OverlayCarrier } from '../kademlia/dht-links-init';
import { AddressBook } from './address-book';
import { AddrFloodGuard } from './addr-flood-guard';
import { decideInbound, dialsToMake, type LinkSnapshot } from './connection-policy';

export interface UnstructuredOptions {
  targetOutbound: number;
  maxInbound: number;
}

/** How often links are topped up, and how long a dial may take before it counts as failed. */
const MAINTAIN_MS = 1_500;
const DIAL_TIMEOUT_MS = 10_000;
/** While the server is away and no address is reachable, neighbours are asked again this often. */
const REASK_MS = 5_000;
const ADDRS_PER_REPLY = 100;
/**
 * A getaddr is answered at most once per link per REASK_MS (an honest tab asks when the link opens
 * and then at most every REASK_MS): each answer costs up to ADDRS_PER_REPLY ids, so a link asking in
 * a loop could otherwise make us send without end. Past this many extra requests in one window the
 * link is also scored.
 */
const GETADDR_TOLERANCE = 3;
const GETADDR_FLOOD_POINTS = 5;

/** The links beneath the overlay: a WebRtcTransport in a tab or peer, a fake in tests. */
export interface OverlayLinks extends Omit<LinkDialer, 'serverUp'> {
  /** Our signalling id (set by the join before the keeper starts). */
  readonly localId: string;
  /** Asked before an offer from `from` is answered: false refuses the link. */
  acceptInbound: (from: string) => boolean;
}

export interface UnstructuredPorts {
  node: OverlayCarrier;
  links: OverlayLinks;
  /** `key` is under 'app.' in the 'log' catalogue; a `…PeerId` value is drawn as that member's name. */
  log: (peerId: string | null, key: string, params?: Record<string, string | number>) => void;
  /** The signalling server can carry a dial now. */
  serverUp: () => boolean;
  now: () => number;
  random: () => number;
  /** Runs `fn` once after `ms`; returns a cancel (the Node's own timer port). */
  setTimer: (fn: () => void, ms: number) => () => void;
}

export interface UnstructuredLinks {
  /** Tabs the signalling server told us about (on join, or as they join): candidates, not links. */
  heardFromServer(ids: readonly string[]): void;
  /** A tab that joined after us: an address for later, not a dial now. */
  heardOfNewcomer(id: string): void;
  forget(id: string): void;
  stop(): void;
}

export function keepUnstructuredLinks(options: UnstructuredOptions, ports: UnstructuredPorts): UnstructuredLinks {
  const { node, links: transport, log, serverUp, now } = ports;
  const book = new AddressBook({}, { selfId: transport.localId, random: ports.random });
  const links = new Map<string, { outbound: boolean; connectedAt: number }>();
  const dialing = new Map<string, number>();
  /**
   * Who told us each address: while the server is away, a new link is set up through them. Only
   * for ids the book holds, and the first teller stands while its link is open (a later neighbour
   * cannot take over the route by repeating the address); entries go with the teller's link, with
   * the address (forget), and are pruned to the book's size (the book also drops ids by itself).
   */
  const toldBy = new Map<string, string>();
  const pruneToldBy = () => {
    if (toldBy.size <= book.size) return;
    for (const id of toldBy.keys()) if (!book.has(id)) toldBy.delete(id);
  };
  /** Per link: when we last answered its getaddr, and how many it sent since then. */
  const getaddrSeen = new Map<string, { answeredAt: number; extra: number }>();
  const policy = { targetOutbound: options.targetOutbound, maxInbound: options.maxInbound };

  const snapshot = (): LinkSnapshot => {
    const list = [...links].map(([id, l]) => ({ id, connectedAt: l.connectedAt, outbound: l.outbound }));
    return { outbound: list.filter((l) => l.outbound), inbound: list.filter((l) => !l.outbound), dialing: [...dialing.keys()] };
  };

  transport.acceptInbound = (from) => {
    // Glare: we dialled `from` while it dialled us, and its offer won (the transport has already
    // dropped our dial). Our dial is over, so judge its offer as the inbound link it now is;
    // otherwise both sides refuse and the pair never links (tabs reloading together do this).
    if (dialing.has(from) && !transport.hasLink(from)) dialing.delete(from);
    const decision = decideInbound(from, transport.localId, snapshot(), policy);
    if (decision.kind === 'accept-evicting') transport.disconnect(decision.drop);
    if (decision.kind === 'refuse') log(from, 'inboundRefused', { reason: decision.reason });
    return decision.kind !== 'refuse';
  };

  const floodGuard = new AddrFloodGuard();
  const offs = [
    node.events.on('peer-open', (id) => {
      const outbound = dialing.delete(id);
      links.set(id, { outbound, connectedAt: now() });
      if (outbound) book.good(id, now());
      node.sendOverlay(id, { type: 'getaddr' });
    }),
    node.events.on('peer-close', (id) => {
      links.delete(id);
      dialing.delete(id);
      floodGuard.forget(id);
      getaddrSeen.delete(id);
      // Addresses it told us can no longer be dialled through it.
      for (const [addr, teller] of toldBy) if (teller === id) toldBy.delete(addr);
    }),
    node.events.on('overlay-message', (from, message) => {
      if (message.type === 'getaddr') {
        const seen = getaddrSeen.get(from);
        if (seen && now() - seen.answeredAt < REASK_MS) {
          seen.extra += 1;
          if (seen.extra > GETADDR_TOLERANCE) node.penalisePeer(from, GETADDR_FLOOD_POINTS, 'getaddr-flood', `getaddr ${seen.extra + 1} times within ${REASK_MS / 1000} s`);
          return; // answered recently: ignored
        }
        getaddrSeen.set(from, { answeredAt: now(), extra: 0 });
        const known = [...new Set([...links.keys(), ...book.sample(ADDRS_PER_REPLY)])].filter((id) => id !== from);
        node.sendOverlay(from, { type: 'addr', addrs: known.slice(0, ADDRS_PER_REPLY) });
        return;
      }
      if (message.type !== 'addr') return; // another overlay's message
      // Honest tabs send a few addresses per link; a flood is cut off and, past a tolerance, scored.
      const budget = floodGuard.admit(from, message.addrs.length, now());
      if (budget.points > 0) node.penalisePeer(from, budget.points, 'addr-flood', `${message.addrs.length - budget.allowed} addresses over its rate limit`);
      if (budget.allowed < message.addrs.length) message = { ...message, addrs: message.addrs.slice(0, budget.allowed) };
      const learned: string[] = [];
      for (const id of message.addrs) {
        if (id === transport.localId) continue;
        if (!book.has(id)) {
          if (!book.add(id, from, now()).ok) continue; // refused (this source's share is full): no route kept either
          learned.push(id);
        }
        const teller = toldBy.get(id);
        if (teller === undefined || !links.has(teller)) toldBy.set(id, from);
      }
      pruneToldBy();
      if (learned.length > 0) log(from, 'learnedAddresses', { count: learned.length });
    }),
  ];

  let lastAsked = 0;
  const maintain = () => {
    for (const [id, since] of dialing) {
      if (now() - since > DIAL_TIMEOUT_MS && !links.has(id)) {
        dialing.delete(id);
        book.failed(id, now());
        transport.disconnect(id);
      }
    }
    const direct = serverUp();
    // While the server is away, only addresses a current neighbour told us can be dialled (through
    // it): pick among those, rather than draw ones we cannot reach and come back empty.
    const reachable = (id: string) => direct || links.has(toldBy.get(id) ?? '');
    const candidates = { select: (n: number, at: number, busy: (id: string) => boolean) => book.select(n, at, (id) => busy(id) || !reachable(id)) };
    const dials = dialsToMake(snapshot(), candidates, now(), policy);
    const short = snapshot().outbound.length + dialing.size < options.targetOutbound;
    if (!direct && short && dials.length === 0 && now() - lastAsked > REASK_MS) {
      // What our neighbours told us when each link opened is stale: ask again for whom they know.
      lastAsked = now();
      for (const id of links.keys()) node.sendOverlay(id, { type: 'getaddr' });
    }
    for (const id of dials) {
      if (transport.hasLink(id)) continue;
      const via = direct ? undefined : toldBy.get(id);
      book.attempt(id, now());
      dialing.set(id, now());
      if (via !== undefined) log(id, 'dialThrough', { viaPeerId: via });
      transport.dial(id, via);
    }
  };
  // A chain of one-shot timers rather than an interval: the one timer port every overlay is given.
  let stopped = false;
  let cancel = () => {};
  const tick = () => {
    if (stopped) return;
    maintain();
    cancel = ports.setTimer(tick, MAINTAIN_MS);
  };
  cancel = ports.setTimer(tick, MAINTAIN_MS);

  return {
    heardFromServer(ids) {
      for (const id of ids) if (id !== transport.localId) book.add(id, 'server', now());
      maintain();
    },
    heardOfNewcomer(id) {
      // Not dialled at once: the newcomer is dialling the tabs it was listed right now, and two
      // offers crossing (glare) would cost both a link. The next top-up may pick it.
      if (id !== transport.localId) book.add(id, 'server', now());
    },
    forget(id) {
      book.remove(id);
      toldBy.delete(id);
    },
    stop() {
      stopped = true;
      cancel();
      offs.forEach((off) => off());
      transport.acceptInbound = () => true; // whatever runs next (a mesh) decides for itself
    },
  };
}
