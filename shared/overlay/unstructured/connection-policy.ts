/**
 * Which links a node keeps, as decisions returned for a shell to carry out (dial, accept, refuse,
 * drop). After Bitcoin Core's net.cpp:
 *
 * - A node *chooses* its outbound peers (8 full-relay outbound by default, MAX_OUTBOUND_FULL_RELAY_
 *   CONNECTIONS) from its address book, and tops up whenever it has fewer (ThreadOpenConnections).
 *   Choosing them itself, at random, is what makes eclipsing a node hard: an attacker can fill
 *   inbound slots but not pick our outbound peers.
 * - Inbound links are accepted up to a cap (Core: 125 total minus outbound; a browser cannot hold
 *   that many WebRTC connections, default 16 here). When full, Core evicts an existing inbound
 *   peer if one is unprotected (AttemptToEvictConnection / SelectNodeToEvict, node/eviction.cpp),
 *   so a newcomer can always get in and a long-standing useful peer is not pushed out.
 */
export interface ConnectionPolicyInit {
  /** Outbound links to keep. Default 8 (Bitcoin Core's full-relay outbound count). */
  targetOutbound?: number;
  /** Inbound links to accept. Default 16. */
  maxInbound?: number;
  /** Inbound peers protected from eviction for recently relaying a new block. Default 4 (Core's figure). */
  protectRecentBlockRelay?: number;
}

export const DEFAULT_TARGET_OUTBOUND = 8;
export const DEFAULT_MAX_INBOUND = 16;

/** One open link as the policy sees it. */
export interface LinkInfo {
  readonly id: string;
  readonly connectedAt: number;
  /** When this peer last gave us a block we did not have. */
  lastNovelBlockAt?: number;
}

export interface LinkSnapshot {
  readonly outbound: readonly LinkInfo[];
  readonly inbound: readonly LinkInfo[];
  /** Outbound dials under way (not yet open or refused). */
  readonly dialing: readonly string[];
}

/** The part of an address book the policy needs: anything that can pick addresses to dial. */
export interface DialCandidates {
  select(count: number, now: number, exclude: (id: string) => boolean): string[];
}

export type InboundDecision =
  | { kind: 'accept' }
  | { kind: 'accept-evicting'; drop: string }
  | { kind: 'refuse'; reason: 'self' | 'already-linked' | 'inbound-full' };

export interface DropDecision {
  peer: string;
  reason: 'outbound-over-target' | 'inbound-over-cap';
}

const linked = (links: LinkSnapshot, id: string) =>
  links.outbound.some((l) => l.id === id) || links.inbound.some((l) => l.id === id) || links.dialing.includes(id);

/** Addresses to dial now so that open plus pending outbound links reach the target. */
export function dialsToMake(
  links: LinkSnapshot,
  book: DialCandidates,
  now: number,
  init: ConnectionPolicyInit = {},
): string[] {
  const need = (init.targetOutbound ?? DEFAULT_TARGET_OUTBOUND) - links.outbound.length - links.dialing.length;
  if (need <= 0) return [];
  const busy = new Set([...links.outbound.map((l) => l.id), ...links.inbound.map((l) => l.id), ...links.dialing]);
  return book.select(need, now, (id) => busy.has(id));
}

/** Whether to accept a link `from` dialled to us, and whom to evict to make room. */
export function decideInbound(
  from: string,
  selfId: string,
  links: LinkSnapshot,
  init: ConnectionPolicyInit = {},
): InboundDecision {
  if (from === selfId) return { kind: 'refuse', reason: 'self' };
  // One link per pair: a second would double every announcement between the two.
  if (linked(links, from)) return { kind: 'refuse', reason: 'already-linked' };
  if (links.inbound.length < (init.maxInbound ?? DEFAULT_MAX_INBOUND)) return { kind: 'accept' };
  const victim = evictionCandidate(links.inbound, init);
  return victim === undefined ? { kind: 'refuse', reason: 'inbound-full' } : { kind: 'accept-evicting', drop: victim };
}

/**
 * The inbound peer to evict for a newcomer, or none. Core protects peers by network group, ping,
 * recent transaction and block relay and connection age, then evicts the youngest from the most
 * crowded network group. We have no network groups or pings, so: protect the few that most
 * recently brought a new block, then the longest-connected half of the rest; evict the youngest
 * of what remains.
 */
export function evictionCandidate(inbound: readonly LinkInfo[], init: ConnectionPolicyInit = {}): string | undefined {
  const protectRelay = init.protectRecentBlockRelay ?? 4;
  const byRelay = [...inbound].sort((a, b) => (b.lastNovelBlockAt ?? -Infinity) - (a.lastNovelBlockAt ?? -Infinity));
  const relayers = new Set(byRelay.slice(0, protectRelay).filter((l) => l.lastNovelBlockAt !== undefined).map((l) => l.id));
  const rest = inbound.filter((l) => !relayers.has(l.id)).sort((a, b) => a.connectedAt - b.connectedAt);
  const candidates = rest.slice(Math.ceil(rest.length / 2));
  return candidates.at(-1)?.id;
}

/** Links above the limits (after a cap was lowered, or a race opened one too many): youngest first. */
export function linksToDrop(links: LinkSnapshot, init: ConnectionPolicyInit = {}): DropDecision[] {
  const drops: DropDecision[] = [];
  const youngestFirst = (list: readonly LinkInfo[]) => [...list].sort((a, b) => b.connectedAt - a.connectedAt);
  const extraOut = links.outbound.length - (init.targetOutbound ?? DEFAULT_TARGET_OUTBOUND);
  for (const l of youngestFirst(links.outbound).slice(0, Math.max(0, extraOut))) {
    drops.push({ peer: l.id, reason: 'outbound-over-target' });
  }
  const extraIn = links.inbound.length - (init.maxInbound ?? DEFAULT_MAX_INBOUND);
  for (const l of youngestFirst(links.inbound).slice(0, Math.max(0, extraIn))) {
    drops.push({ peer: l.id, reason: 'inbound-over-cap' });
  }
  return drops;
}
