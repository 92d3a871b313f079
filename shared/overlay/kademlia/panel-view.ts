/**
 * What the Kademlia panel draws, computed from a DhtLinks without touching the page: the id in
 * binary, each bucket's contacts with their XOR distances, the links and why each is there, and
 * the latest lookups hop by hop. Pure, so it is tested without a browser.
 */
import { sharedPrefixLength, xorDistance, type NodeId } from './id';
import type { DhtLinks, LinkView } from './dht-links';
import type { Hop, LookupResult } from './lookup';
import type { LookupPurpose } from './dht-node';

export interface ContactView {
  id: NodeId;
  /** The link it proved itself on (its tab name is looked up by the page). */
  peerId: string | null;
  /** XOR distance to us: hex, and its bit length (bucket i holds distances of 160 − i bits). */
  distanceHex: string;
  distanceBits: number;
  sharedPrefix: number;
}

export interface BucketView {
  index: number;
  contacts: ContactView[];
}

export interface LookupView {
  seq: number;
  purpose: LookupPurpose;
  target: NodeId;
  startedAt: number;
  hops: Hop[];
  result: Pick<LookupResult, 'finish' | 'hops' | 'queries' | 'failures' | 'closest' | 'valueFrom'> & { value?: string } | null;
  durationMs: number | null;
}

export interface KademliaView {
  id: NodeId;
  binary: string;
  k: number;
  buckets: BucketView[];
  links: LinkView[];
  values: number;
  lookups: LookupView[];
}

export const toBinary = (id: NodeId): string =>
  [...id].map((hex) => parseInt(hex, 16).toString(2).padStart(4, '0')).join('');

export function contactView(self: NodeId, id: NodeId, peerId: string | null): ContactView {
  const distance = xorDistance(self, id);
  return {
    id,
    peerId,
    distanceHex: distance.toString(16).padStart(40, '0'),
    distanceBits: distance === 0n ? 0 : distance.toString(2).length,
    sharedPrefix: sharedPrefixLength(self, id),
  };
}

export function kademliaView(links: DhtLinks, lookups: LookupView[]): KademliaView {
  const { dht } = links;
  return {
    id: links.id,
    binary: toBinary(links.id),
    k: dht.table.k,
    buckets: dht.table
      .bucketView()
      .filter((b) => b.contacts.length > 0)
      .map((b) => ({ index: b.index, contacts: b.contacts.map((id) => contactView(links.id, id, links.linkOf(id) ?? null)) })),
    links: links.linkView(),
    values: dht.values.size,
    lookups,
  };
}

/** Keeps the latest lookups from a DhtNode's events, newest first, at most `keep`. */
export class LookupLog {
  private readonly byseq = new Map<number, LookupView>();

  constructor(private readonly keep = 8) {}

  start(seq: number, target: NodeId, purpose: LookupPurpose, now: number): void {
    this.byseq.set(seq, { seq, purpose, target, startedAt: now, hops: [], result: null, durationMs: null });
    while (this.byseq.size > this.keep) this.byseq.delete(this.byseq.keys().next().value!);
  }

  hop(seq: number, hop: Hop): void {
    this.byseq.get(seq)?.hops.push(hop);
  }

  done(seq: number, result: LookupResult, now: number): void {
    const view = this.byseq.get(seq);
    if (!view) return;
    const { finish, hops, queries, failures, closest, valueFrom, value } = result;
    view.result = { finish, hops, queries, failures, closest: closest.slice(0, 3), valueFrom, value };
    view.durationMs = now - view.startedAt;
  }

  list(): LookupView[] {
    return [...this.byseq.values()].reverse().map((v) => ({ ...v, hops: [...v.hops] }));
  }
}
