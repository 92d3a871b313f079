import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { bytesToHex } from '@noble/hashes/utils.js';
import { testWallets } from '../../ledger/ledger-testing';
import { createSimulatedMesh, mineBlock, seededRandom } from '../../testing/mesh-sim';
import { MemoryLinks } from '../../testing/memory-links';
import { schedule, setTimer } from '../../testing/timer-ports';
import { blockRecord } from './content';
import { keepDhtLinks, type DhtKeeper } from './dht-keeper';
import type { LookupResult } from './lookup';

// The keeper's clock and timers are its ports: vitest's fake timers drive them.
beforeEach(() => void vi.useFakeTimers());
afterEach(() => void vi.useRealTimers());


async function dhtRoom(n: number, k: number) {
  const random = seededRandom(5);
  const ids = Array.from({ length: n }, (_, i) => `m${i}`);
  const wallets = testWallets(n, 21);
  const mesh = createSimulatedMesh(ids, { schedule, now: () => Date.now(), setTimer, latency: () => 10 + Math.floor(random() * 20) });
  const room = new Map<string, MemoryLinks>();
  for (const id of ids) room.set(id, new MemoryLinks(id, mesh.network, room, schedule));
  const randomHex = (bytes: number) => bytesToHex(Uint8Array.from({ length: bytes }, () => Math.floor(random() * 256)));
  const keepers: DhtKeeper[] = [];
  for (let i = 0; i < n; i++) {
    const ports = { node: mesh.nodes[i]!, links: room.get(ids[i]!)!, keys: wallets[i]!, serverUp: () => true, now: () => Date.now(), setTimer, random, randomHex };
    keepers.push(keepDhtLinks({ k, alpha: 3 }, ports));
    keepers[i]!.seed(ids.slice(0, i)); // as the join ack lists those already there
    await vi.advanceTimersByTimeAsync(1_500);
  }
  await vi.advanceTimersByTimeAsync(30_000);
  return { mesh, room, ids, keepers };
}

describe('the Kademlia keeper on an injected clock', () => {
  it('files the block its node mines in the DHT, where another member finds it by hash', async () => {
    const { mesh, keepers } = await dhtRoom(8, 2);
    const mined = mineBlock(mesh.nodes[3]!, 1);
    if (!mined.ok) throw new Error(mined.detail);
    await vi.advanceTimersByTimeAsync(10_000);
    const record = blockRecord(mined.value.block)!;
    // Filed by the keeper alone: nobody called store() by hand.
    const holders = keepers.filter((k) => k.links.dht.values.get(record.key) !== undefined);
    expect(holders.length).toBeGreaterThanOrEqual(2);
    const seeker = keepers.find((k) => !holders.includes(k))!;
    let found: LookupResult | undefined;
    seeker.links.dht.findValue(record.key, (result) => (found = result));
    await vi.advanceTimersByTimeAsync(10_000);
    expect(found?.value).toBe(record.value);
    keepers.forEach((k) => k.stop());
  });

  it('stops: leaves the DHT (no more dials, mined blocks no longer filed) and opens the inbound gate', async () => {
    const { mesh, room, ids, keepers } = await dhtRoom(4, 1);
    const links = room.get(ids[0]!)!;
    keepers[0]!.stop();
    const dialled = links.dialled.length;
    keepers[0]!.seed(ids.slice(1).filter((id) => !links.hasLink(id)));
    const mined = mineBlock(mesh.nodes[0]!, 1);
    if (!mined.ok) throw new Error(mined.detail);
    await vi.advanceTimersByTimeAsync(20_000);
    const record = blockRecord(mined.value.block)!;
    expect(keepers.slice(1).some((k) => k.links.dht.values.get(record.key) !== undefined)).toBe(false);
    expect(links.dialled.length).toBe(dialled);
    expect(links.acceptInbound('m3')).toBe(true);
    keepers.slice(1).forEach((k) => k.stop());
  });
});
