import { describe, expect, it } from 'vitest';
import { seededRandom } from '../../testing/seeded-random';
import { AddressBook } from './address-book';
import { AddrGossip, type AddrAction } from './addr-gossip';

function node(selfId = 'me') {
  const random = seededRandom(3);
  const book = new AddressBook({}, { selfId, random });
  return { book, gossip: new AddrGossip({}, { selfId, book, random }) };
}
const range = (prefix: string, n: number) => Array.from({ length: n }, (_, i) => `${prefix}${i}`);
const sends = (actions: AddrAction[]) => actions.filter((a) => a.kind === 'send');
const points = (actions: AddrAction[]) => actions.reduce((sum, a) => sum + (a.kind === 'penalise' ? a.points : 0), 0);

describe('GETADDR', () => {
  it('is answered once per connection, only to inbound peers, with ≤ 23% of the book', () => {
    const { book, gossip } = node();
    range('x', 400).forEach((id, i) => book.add(id, `s${i}`, 0));
    gossip.addPeer('in', true, 0);
    gossip.addPeer('out', false, 0);
    const answer = gossip.onGetAddr('in');
    expect(answer).toHaveLength(1);
    expect(answer[0]).toMatchObject({ kind: 'send', to: 'in', frame: { type: 'addr' } });
    const frame = answer[0]!.kind === 'send' ? answer[0]!.frame : undefined;
    expect(frame?.type === 'addr' && frame.addrs.length).toBe(92);
    expect(gossip.onGetAddr('in')).toEqual([]);
    expect(gossip.onGetAddr('out')).toEqual([]);
  });

  it('answers a newcomer’s one-shot ADDR_FETCH without keeping it as a peer', () => {
    const { book, gossip } = node();
    range('x', 100).forEach((id, i) => book.add(id, `s${i}`, 0));
    const answer = gossip.answerFetch('newcomer');
    expect(answer).toMatchObject([{ kind: 'send', to: 'newcomer', frame: { type: 'addr' } }]);
    expect(answer[0]?.kind === 'send' && answer[0].frame.type === 'addr' && answer[0].frame.addrs).toHaveLength(23);
    // No state was kept: an ADDR from it afterwards is not from a peer.
    expect(gossip.onAddr('newcomer', ['y'], [], 0).learned).toEqual([]);
  });

  it('takes in the whole answer to our own GETADDR, and does not relay it', () => {
    const { book, gossip } = node();
    gossip.addPeer('out', false, 0);
    gossip.addPeer('other', true, 0);
    expect(gossip.requestAddresses('out')).toEqual([{ kind: 'send', to: 'out', frame: { type: 'getaddr' } }]);
    const outcome = gossip.onAddr('out', range('x', 60), ['out', 'other'], 1);
    expect(outcome.learned).toHaveLength(60);
    expect(outcome.ignored).toBe(0);
    expect(outcome.actions).toEqual([]);
    expect(book.fromSource('out')).toBe(60);
  });
});

describe('ADDR relay', () => {
  it('relays a newly heard address to two random neighbours, never back to its sender or to itself', () => {
    const { gossip } = node();
    const neighbours = ['from', 'n1', 'n2', 'n3', 'fresh'];
    neighbours.forEach((n) => gossip.addPeer(n, true, 0));
    const outcome = gossip.onAddr('from', ['fresh'], neighbours, 0);
    expect(outcome.learned).toEqual(['fresh']);
    const targets = sends(outcome.actions).map((a) => a.to);
    expect(targets).toHaveLength(2);
    expect(targets).not.toContain('from');
    expect(targets).not.toContain('fresh');
    // Heard again: nothing new, nothing relayed (the wave ends where the address is known).
    gossip.addPeer('late', true, 0);
    expect(sends(gossip.onAddr('late', ['fresh'], [...neighbours, 'late'], 0).actions)).toEqual([]);
  });

  it('stores but does not relay a large unsolicited ADDR (Core relays only ≤ 10 addresses)', () => {
    const { gossip } = node();
    ['from', 'n1', 'n2'].forEach((n) => gossip.addPeer(n, true, 0));
    const outcome = gossip.onAddr('from', range('x', 11), ['from', 'n1', 'n2'], 1_000_000);
    expect(outcome.learned).toHaveLength(11);
    expect(sends(outcome.actions)).toEqual([]);
  });

  it('advertises our own address, and ignores it when a peer tells it back', () => {
    const { book, gossip } = node();
    gossip.addPeer('p', false, 0);
    expect(gossip.advertiseSelf('p')).toEqual([{ kind: 'send', to: 'p', frame: { type: 'addr', addrs: ['me'] } }]);
    gossip.onAddr('p', ['me'], ['p'], 0);
    expect(book.has('me')).toBe(false);
  });
});

describe('ADDR floods', () => {
  it('scores an ADDR over 1,000 addresses and ignores all of it', () => {
    const { book, gossip } = node();
    gossip.addPeer('big', true, 0);
    const outcome = gossip.onAddr('big', range('x', 1_001), ['big'], 0);
    expect(outcome.actions).toEqual([expect.objectContaining({ kind: 'penalise', peer: 'big', points: 20, reason: 'addr-oversize' })]);
    expect(outcome.ignored).toBe(1_001);
    expect(book.size).toBe(0);
  });

  it('processes an unsolicited flood at the rate limit, ignores the excess and scores it until the peer is dropped', () => {
    const { book, gossip } = node();
    gossip.addPeer('spammer', true, 0);
    let total = 0;
    let ignored = 0;
    let learned = 0;
    // Ten full ADDRs a second apart: Core's bucket allows 0.1 address a second (one to start with).
    for (let s = 0; s < 10 && total < 100; s++) {
      const outcome = gossip.onAddr('spammer', range(`s${s}-`, 1_000), ['spammer'], s * 1000);
      total += points(outcome.actions);
      ignored += outcome.ignored;
      learned += outcome.learned.length;
    }
    expect(total).toBeGreaterThanOrEqual(100); // the Node's drop threshold
    expect(learned).toBeLessThanOrEqual(2);
    expect(ignored).toBeGreaterThan(1_000);
    expect(book.fromSource('spammer')).toBe(learned);
  });

  it('does not score an honest peer that stays near the rate, and refills with time', () => {
    const { gossip } = node();
    gossip.addPeer('honest', true, 0);
    let total = 0;
    let learned = 0;
    // One small relay every 5 s for ten minutes: twice the processing rate, half of it ignored.
    for (let t = 0; t < 600_000; t += 5_000) {
      const outcome = gossip.onAddr('honest', [`a${t}`], ['honest'], t);
      total += points(outcome.actions);
      learned += outcome.learned.length;
    }
    expect(total).toBe(0);
    expect(learned).toBeGreaterThanOrEqual(60);
  });
});
