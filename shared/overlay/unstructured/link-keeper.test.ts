import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createSimulatedMesh, mineBlock, seededRandom } from '../../testing/mesh-sim';
import { MemoryLinks } from '../../testing/memory-links';
import { schedule, setTimer } from '../../testing/timer-ports';
import { keepUnstructuredLinks, type UnstructuredLinks } from './link-keeper';

// The keeper's only clock and timer are the ports below: vitest's fake timers drive them.
beforeEach(() => void vi.useFakeTimers());
afterEach(() => void vi.useRealTimers());


function unstructuredRoom(n: number, targetOutbound: number) {
  const random = seededRandom(3);
  const ids = Array.from({ length: n }, (_, i) => `m${i}`);
  const mesh = createSimulatedMesh(ids, { schedule, now: () => Date.now(), setTimer, latency: () => 10 + Math.floor(random() * 20) });
  const room = new Map<string, MemoryLinks>();
  for (const id of ids) room.set(id, new MemoryLinks(id, mesh.network, room, schedule));
  const logged: string[] = [];
  const start = (i: number): UnstructuredLinks =>
    keepUnstructuredLinks(
      { targetOutbound, maxInbound: 2 * targetOutbound },
      { node: mesh.nodes[i]!, links: room.get(ids[i]!)!, log: (_peer, key) => logged.push(key), serverUp: () => true, now: () => Date.now(), random, setTimer },
    );
  return { mesh, room, ids, start, logged };
}

/** Members reached from the first over links: the whole room when the overlay is connected. */
function reachable(network: { peersOf(id: string): string[] }, from: string): Set<string> {
  const seen = new Set([from]);
  const queue = [from];
  while (queue.length > 0) for (const next of network.peersOf(queue.shift()!)) if (!seen.has(next)) seen.add(next), queue.push(next);
  return seen;
}

describe('the unstructured link keeper on an injected clock', () => {
  it('keeps each member at a few links, not a mesh, in one connected room that still spreads a block to all', async () => {
    const { mesh, ids, start } = unstructuredRoom(10, 2);
    const keepers: UnstructuredLinks[] = [];
    for (let i = 0; i < ids.length; i++) {
      // As the join ack lists those already there, and the server tells them of the newcomer.
      keepers.push(start(i));
      keepers[i]!.heardFromServer(ids.slice(0, i));
      for (const earlier of keepers.slice(0, i)) earlier.heardOfNewcomer(ids[i]!);
      await vi.advanceTimersByTimeAsync(1_000);
    }
    await vi.advanceTimersByTimeAsync(30_000);
    const degrees = ids.map((id) => mesh.network.peersOf(id).length);
    expect(Math.min(...degrees)).toBeGreaterThanOrEqual(2); // its own 2 outbound, at least
    expect(Math.max(...degrees)).toBeLessThanOrEqual(6); // 2 out + at most 4 in
    expect(degrees.reduce((a, b) => a + b, 0) / ids.length).toBeLessThan(9); // a mesh of 10 is 9 each
    expect(reachable(mesh.network, ids[0]!).size).toBe(10);

    mineBlock(mesh.nodes[7]!, 1);
    await vi.advanceTimersByTimeAsync(5_000);
    expect(mesh.nodes.map((node) => node.tip.height)).toEqual(Array(10).fill(1));
    keepers.forEach((k) => k.stop());
  });

  it('gives up a dial that does not open within 10 s of its clock, and dials another address instead', async () => {
    const { room, ids, start } = unstructuredRoom(3, 1);
    room.delete('m1'); // m1 left before our offer reached it: its dial never opens
    const keeper = start(0);
    keeper.heardFromServer(['m1']);
    const links = room.get('m0')!;
    expect(links.dialled).toEqual(['m1']);
    await vi.advanceTimersByTimeAsync(9_000);
    expect(links.hasLink('m1')).toBe(true); // still waiting: WebRTC may take seconds
    keeper.heardOfNewcomer(ids[2]!);
    await vi.advanceTimersByTimeAsync(3_000);
    expect(links.hasLink('m1')).toBe(false);
    expect(links.dialled).toEqual(['m1', 'm2']);
    await vi.advanceTimersByTimeAsync(1_000);
    expect(links.hasLink('m2')).toBe(true);
    keeper.stop();
  });

  it('stops: no timer of its own is left, no more dials, and the inbound gate is open again', async () => {
    const { room, start } = unstructuredRoom(4, 3);
    const keeper = start(0);
    const links = room.get('m0')!;
    const timersBefore = vi.getTimerCount();
    keeper.stop();
    expect(vi.getTimerCount()).toBe(timersBefore - 1); // its one maintenance timer, cancelled
    keeper.heardOfNewcomer('m1');
    await vi.advanceTimersByTimeAsync(10_000);
    expect(links.dialled).toEqual([]);
    expect(links.acceptInbound('m3')).toBe(true);
  });
});
