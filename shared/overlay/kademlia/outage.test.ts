/**
 * A Kademlia room that loses its signalling server and a tab, then a burst of links while no relay
 * can pass a signal on (a loaded machine: dials time out), as e2e/outage.spec.ts's room does.
 * Once relays work again, every tab must find every other by its id: the tables must refill,
 * including the buckets nearer a tab than its nearest remaining contact.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { seededRandom } from '../../testing/mesh-sim';
import type { DhtLinks } from './dht-links';
import { Lookup, type LookupResult } from './lookup';
import { kademliaRoom } from './room-testing';

beforeEach(() => void vi.useFakeTimers());
afterEach(() => void vi.useRealTimers());

/** Seeker → sought pairs whose lookup, answered from each table as it stands, misses the sought tab. */
function unreachablePairs(tabs: DhtLinks[]): string[] {
  const byId = new Map(tabs.map((t) => [t.id, t]));
  const missed: string[] = [];
  for (const seeker of tabs) {
    for (const sought of tabs) {
      if (sought === seeker) continue;
      const k = seeker.dht.table.k;
      const lookup = new Lookup({ self: seeker.id, target: sought.id, k }, seeker.dht.table.closest(sought.id, k));
      for (let round = 0; round < 100 && !lookup.done; round++) {
        for (const { to } of lookup.nextQueries()) {
          const answerer = byId.get(to);
          if (answerer) lookup.onNodes(to, answerer.dht.table.closest(sought.id, k, seeker.id));
          else lookup.onFailure(to);
        }
      }
      const { closest, queries } = lookup.result();
      if (closest[0] !== sought.id) missed.push(`${seeker.id.slice(0, 6)} → ${sought.id.slice(0, 6)}: nearest ${closest[0]?.slice(0, 6)} (${queries} asked)`);
    }
  }
  return missed;
}

describe('a ten-tab kademlia room (k = 2) after its server and a tab are gone', () => {
  // Wallet seeds of rooms where, before the fix, tabs forgot a tab for good (7 and 12 still missed it
  // here 65 s after the relays came back: "nearest 088f6b (2 asked)", the e2e test's symptom).
  for (const seed of [7, 9, 12]) {
    it(`every tab finds every other by its id once the tables refill (wallets ${seed})`, async () => {
      const room = kademliaRoom(10, 2, seed);
      for (let i = 0; i < 10; i++) {
        room.overlays[i]!.start();
        room.overlays[i]!.seed(room.mesh.nodes.slice(0, i).map((node) => node.id));
        await vi.advanceTimersByTimeAsync(700);
      }
      await vi.advanceTimersByTimeAsync(2_000);
      room.server.up = false;
      room.overlays[0]!.stop();
      for (const peer of room.mesh.network.peersOf('t0')) room.mesh.network.disconnect('t0', peer);
      await vi.advanceTimersByTimeAsync(3_000);
      // A fifth of the remaining links drop while every relayed dial fails, so refills come to nothing.
      for (const dialer of room.dialers) dialer.failRelayed = true;
      const random = seededRandom(seed);
      for (let i = 1; i < 10; i++) for (const peer of room.mesh.network.peersOf(`t${i}`)) if (random() < 0.2) room.mesh.network.disconnect(`t${i}`, peer);
      await vi.advanceTimersByTimeAsync(15_000);
      for (const dialer of room.dialers) dialer.failRelayed = false;
      // One bucket refresh period (60 s) and a little: each stale bucket has been looked up again.
      await vi.advanceTimersByTimeAsync(65_000);

      const rest = room.overlays.slice(1);
      // Over the tables as they stand, a lookup from every tab converges on every other...
      expect(unreachablePairs(rest)).toEqual([]);
      // ...and so do the real lookups, all started at once (none waits for another's repairs).
      const results: Array<[string, LookupResult]> = [];
      for (const seeker of rest) for (const sought of rest) if (sought !== seeker) seeker.dht.findNode(sought.id, (r) => results.push([sought.id, r]));
      await vi.advanceTimersByTimeAsync(20_000);
      expect(results).toHaveLength(72);
      expect(results.filter(([id, r]) => r.closest[0] !== id).map(([id, r]) => `${id.slice(0, 6)}: ${r.finish}, ${r.queries} asked`)).toEqual([]);
      expect(room.dialers.some((d) => d.viaRelay > 0)).toBe(true);
    });
  }
});
