import { describe, expect, it } from 'vitest';
import { seededRandom } from '../../testing/seeded-random';
import { AddressBook } from './address-book';
import { decideInbound, dialsToMake, evictionCandidate, linksToDrop, type LinkInfo, type LinkSnapshot } from './connection-policy';

const links = (outbound: string[], inbound: string[] = [], dialing: string[] = []): LinkSnapshot => ({
  outbound: outbound.map((id, i) => ({ id, connectedAt: i })),
  inbound: inbound.map((id, i) => ({ id, connectedAt: i })),
  dialing,
});
const range = (prefix: string, n: number) => Array.from({ length: n }, (_, i) => `${prefix}${i}`);

function bookOf(ids: string[]): AddressBook {
  const book = new AddressBook({}, { selfId: 'me', random: seededRandom(1) });
  ids.forEach((id, i) => book.add(id, `s${i}`, 0));
  return book;
}

describe('outbound dials', () => {
  it('dials eight distinct addresses from an empty start, as Bitcoin Core does', () => {
    const dials = dialsToMake(links([]), bookOf(range('a', 100)), 0);
    expect(dials).toHaveLength(8);
    expect(new Set(dials).size).toBe(8);
  });

  it('tops up only the missing links, never to a peer already linked or being dialled', () => {
    const book = bookOf(range('a', 10));
    const current = links(range('a', 6), ['a6'], ['a7']);
    expect(dialsToMake(current, book, 0)).toEqual(expect.arrayContaining([expect.stringMatching(/^a[89]$/)]));
    expect(dialsToMake(current, book, 0)).toHaveLength(1);
    expect(dialsToMake(links(range('a', 8)), book, 0)).toEqual([]);
    expect(dialsToMake(links([]), book, 0, { targetOutbound: 3 })).toHaveLength(3);
  });
});

describe('inbound links', () => {
  it('refuses itself and a second link to the same peer', () => {
    expect(decideInbound('me', 'me', links([]))).toEqual({ kind: 'refuse', reason: 'self' });
    expect(decideInbound('x', 'me', links(['x']))).toEqual({ kind: 'refuse', reason: 'already-linked' });
    expect(decideInbound('x', 'me', links([], ['x']))).toEqual({ kind: 'refuse', reason: 'already-linked' });
  });

  it('accepts up to the cap, then makes room by evicting the youngest unprotected peer', () => {
    expect(decideInbound('new', 'me', links([], range('i', 15)))).toEqual({ kind: 'accept' });
    expect(decideInbound('new', 'me', links([], range('i', 16)))).toEqual({ kind: 'accept-evicting', drop: 'i15' });
    expect(decideInbound('new', 'me', links([], range('i', 4)), { maxInbound: 4 })).toEqual({ kind: 'accept-evicting', drop: 'i3' });
  });

  it('never evicts a peer that recently brought a new block, nor the longest-connected half', () => {
    const inbound: LinkInfo[] = range('i', 8).map((id, i) => ({ id, connectedAt: i }));
    inbound[7]!.lastNovelBlockAt = 100; // the youngest, but useful
    const victim = evictionCandidate(inbound);
    expect(victim).toBe('i6');
    expect(['i0', 'i1', 'i2', 'i3']).not.toContain(victim);
  });

  it('refuses when nobody can be evicted', () => {
    expect(decideInbound('new', 'me', links([], ['only']), { maxInbound: 1 })).toEqual({ kind: 'refuse', reason: 'inbound-full' });
  });

  it('drops the youngest links above the limits', () => {
    const drops = linksToDrop(links(range('o', 10), range('i', 17)));
    expect(drops).toEqual([
      { peer: 'o9', reason: 'outbound-over-target' },
      { peer: 'o8', reason: 'outbound-over-target' },
      { peer: 'i16', reason: 'inbound-over-cap' },
    ]);
  });
});
