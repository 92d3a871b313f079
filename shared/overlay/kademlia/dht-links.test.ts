import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { testWallets } from '../../ledger/ledger-testing';
import { mineBlock } from '../../testing/mesh-sim';
import { blockRecord } from './content';
import { joinOneByOne, kademliaRoom, linksOf } from './room-testing';
import { compareDistance } from './id';
import type { LookupResult } from './lookup';

beforeEach(() => void vi.useFakeTimers());
afterEach(() => void vi.useRealTimers());
const advance = (ms: number) => vi.advanceTimersByTimeAsync(ms);

describe('Kademlia as the overlay of a room of nodes', () => {
  it('links are routing-table contacts: far fewer than a full mesh, every link a contact of one of its ends', async () => {
    const room = kademliaRoom(16, 2);
    await joinOneByOne(room, advance);
    const degrees = room.overlays.map((_, i) => linksOf(room, i).length);
    expect(Math.min(...degrees)).toBeGreaterThanOrEqual(2);
    expect(degrees.reduce((a, b) => a + b, 0) / degrees.length).toBeLessThan(13); // a full mesh is 15
    const overlayOf = new Map(room.mesh.nodes.map((node, i) => [node.id, room.overlays[i]!]));
    for (const overlay of room.overlays) {
      // Every contact in the table is a link that proved its id...
      const linked = overlay.linkView();
      for (const contact of overlay.dht.table.contacts()) expect(linked.find((l) => l.id === contact)).toBeDefined();
      // ...and every settled link is a contact of one end or the other (a lookup's brief links aside).
      for (const link of linked.filter((l) => l.ageMs > 7_000)) {
        const peer = overlayOf.get(link.peerId)!;
        expect(link.inTable || peer.dht.table.has(overlay.id)).toBe(true);
      }
    }
    expect(room.penalties).toEqual([]);
  });

  it('a FIND_NODE from any node finds any other by its id, and a mined block reaches all sixteen', async () => {
    const room = kademliaRoom(16);
    await joinOneByOne(room, advance);
    const results: LookupResult[] = [];
    for (const [from, to] of [[0, 15], [15, 0], [5, 11], [9, 2]] as const) {
      room.overlays[from]!.dht.findNode(room.overlays[to]!.id, (r) => results.push(r));
    }
    await vi.advanceTimersByTimeAsync(20_000);
    expect(results.map((r) => r.closest[0] === r.target)).toEqual([true, true, true, true]);

    mineBlock(room.mesh.nodes[3]!, 1);
    await vi.advanceTimersByTimeAsync(5_000);
    expect(new Set(room.mesh.nodes.map((n) => n.tip.height))).toEqual(new Set([1]));
  });

  it('STORE puts a block at the k nodes closest to its hash; FIND_VALUE elsewhere walks there and gets it back whole', async () => {
    const room = kademliaRoom(16);
    await joinOneByOne(room, advance);
    const mined = mineBlock(room.mesh.nodes[4]!, 1);
    if (!mined.ok) throw new Error(mined.detail);
    const record = blockRecord(mined.value.block)!;
    let storedAt: string[] = [];
    room.overlays[4]!.dht.store(record.key, record.value, (at) => (storedAt = at));
    await vi.advanceTimersByTimeAsync(10_000);
    const byCloseness = room.overlays.map((o) => o.id).sort((a, b) => compareDistance(record.key, a, b));
    expect(storedAt.sort()).toEqual(byCloseness.slice(0, 3).sort());

    const seeker = room.overlays.find((o) => !storedAt.includes(o.id) && !o.dht.values.get(record.key))!;
    let found: LookupResult | undefined;
    seeker.dht.findValue(record.key, (r) => (found = r));
    await vi.advanceTimersByTimeAsync(10_000);
    expect(found?.value).toBe(record.value);
    expect(storedAt).toContain(found?.valueFrom);
    expect(found?.hops).toBeGreaterThanOrEqual(1);
  });

  it('while the signalling server is away, new contacts are dialled through the neighbours that named them', async () => {
    const room = kademliaRoom(12);
    await joinOneByOne(room, advance);
    room.server.up = false;
    const before = room.dialers.reduce((n, d) => n + d.viaRelay, 0);
    // A late lookup for a random far id makes nodes contact tabs they have not linked to yet.
    const target = 'f'.repeat(40);
    const done: LookupResult[] = [];
    room.overlays.forEach((overlay, i) => overlay.dht.findNode(target, (r) => (done[i] = r)));
    await vi.advanceTimersByTimeAsync(30_000);
    expect(done.filter(Boolean)).toHaveLength(12);
    // Each finds the node nearest to the target (other than itself: a lookup never lists its asker).
    for (const [i, overlay] of room.overlays.entries()) {
      const others = room.overlays.filter((o) => o !== overlay).map((o) => o.id);
      expect(done[i]!.closest[0]).toBe(others.sort((a, b) => compareDistance(target, a, b))[0]);
    }
    expect(room.dialers.reduce((n, d) => n + d.viaRelay, 0)).toBeGreaterThan(before);
  });
});

describe('peers that lie about their Kademlia id or answer with garbage', () => {
  it('a proof signed with another key is refused, scored and the link closed', async () => {
    const room = kademliaRoom(2);
    room.overlays[0]!.start();
    const liar = room.mesh.nodes[1]!;
    const [, other] = testWallets(2, 99);
    liar.events.on('overlay-message', (peerId, m) => {
      if (m.type === 'dht-hello') liar.sendOverlay(peerId, { type: 'dht-proof', publicKey: other!.publicKey, signature: 'ab'.repeat(64) });
    });
    room.mesh.network.connect('t0', 't1');
    await vi.advanceTimersByTimeAsync(1_000);
    expect(room.penalties).toContainEqual({ peerId: 't1', code: 'dht-bad-proof' });
    expect(room.mesh.network.isLinked('t0', 't1')).toBe(false);
    expect(room.overlays[0]!.dht.table.contacts()).toEqual([]);
  });

  it('a proven peer answering lookups with malformed contacts is penalised; the table stays clean', async () => {
    const room = kademliaRoom(3);
    await joinOneByOne(room, advance);
    const liar = room.mesh.nodes[2]!;
    room.overlays[2]!.stop(); // from now on t2 answers by hand
    liar.events.on('overlay-message', (peerId, m) => {
      if (m.type !== 'dht') return;
      const rpc = (m.msg as { rpc: string }).rpc;
      liar.sendOverlay(peerId, { type: 'dht', msg: { type: 'nodes', rpc, contacts: ['not-an-id', 'zz'] } });
    });
    const before = room.overlays[0]!.dht.table.contacts().length;
    room.overlays[0]!.dht.findNode('0'.repeat(40), () => {});
    await vi.advanceTimersByTimeAsync(10_000);
    expect(room.penalties.some((p) => p.peerId === 't2' && p.code.startsWith('dht-'))).toBe(true);
    expect(room.overlays[0]!.dht.table.contacts().length).toBeLessThanOrEqual(before);
    expect(room.overlays[0]!.dht.table.contacts().every((id) => /^[0-9a-f]{40}$/.test(id))).toBe(true);
  });

  it('Kademlia messages before a proof are refused and scored', async () => {
    const room = kademliaRoom(2);
    room.overlays[0]!.start();
    const rude = room.mesh.nodes[1]!;
    rude.events.on('peer-open', (peerId) => rude.sendOverlay(peerId, { type: 'dht', msg: { type: 'ping', rpc: '0123456789abcdef' } }));
    room.mesh.network.connect('t0', 't1');
    await vi.advanceTimersByTimeAsync(1_000);
    expect(room.penalties).toContainEqual({ peerId: 't1', code: 'dht-unproven' });
  });

  it('an unasked NODES message cannot redirect our dials; an answer to our FIND can', async () => {
    const room = kademliaRoom(3);
    room.overlays[0]!.start();
    room.overlays[1]!.start();
    room.mesh.network.connect('t0', 't1');
    await vi.advanceTimersByTimeAsync(2_000);
    const far = room.overlays[2]!.id; // never linked to t0
    const liar = room.mesh.nodes[1]!;
    liar.sendOverlay('t0', { type: 'dht', msg: { type: 'nodes', rpc: 'feedfacefeedface', contacts: [far] }, addrs: ['bogus-peer'] });
    await vi.advanceTimersByTimeAsync(1_000);
    room.overlays[0]!.dht.ping(far);
    await vi.advanceTimersByTimeAsync(10_000);
    expect(room.dialers[0]!.dialled).not.toContain('bogus-peer');
  });
});
