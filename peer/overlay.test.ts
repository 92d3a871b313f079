import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { Emitter } from '../shared/events/emitter';
import { testWallets } from '../shared/ledger/ledger-testing';
import { DEFAULT_ROOM_SETTINGS, type RoomSettings } from '../shared/protocol/room-controls';
import type { ServerToClientEvents } from '../shared/protocol/signalling';
import { MemoryLinks } from '../shared/testing/memory-links';
import { createSimulatedMesh } from '../shared/testing/mesh-sim';
import type { SignallingSocket } from '../web/net/signalling-client';
import { createLogger } from './logger';
import { followRoomOverlay } from './overlay';

// Node.js timers in the peer; vitest's fake ones here.
beforeEach(() => void vi.useFakeTimers());
afterEach(() => void vi.useRealTimers());

const schedule = (fn: () => void, ms: number) => void setTimeout(fn, ms);
const setTimer = (fn: () => void, ms: number) => {
  const t = setTimeout(fn, ms);
  return () => clearTimeout(t);
};

/** The peer ('me') and six members of its room, linked only through what the overlay dials. */
function peerInRoom() {
  const ids = ['me', 'm1', 'm2', 'm3', 'm4', 'm5', 'm6'];
  const mesh = createSimulatedMesh(ids, { schedule, now: () => Date.now(), setTimer });
  const room = new Map<string, MemoryLinks>();
  for (const id of ids) room.set(id, new MemoryLinks(id, mesh.network, room, schedule));
  const server = new Emitter<ServerToClientEvents>();
  const socket = { connected: true, on: server.on.bind(server), off: () => undefined } as unknown as SignallingSocket;
  const lines: string[] = [];
  const log = createLogger('peer', { out: (line) => lines.push(line), err: (line) => lines.push(line) });
  const links = room.get('me')!;
  const overlay = followRoomOverlay({ node: mesh.node('me'), links, socket, keys: testWallets(1, 9)[0]!, log, now: () => Date.now(), nameOf: (id) => id });
  const others = ids.slice(1);
  const ack = (topology: string, settings: RoomSettings = DEFAULT_ROOM_SETTINGS) => ({ topology, settings, peers: others });
  return { mesh, links, server, overlay, others, ack, lines };
}

describe('the headless peer follows the room overlay', () => {
  it('dials every member in a mesh, and only the room-scaled few in an unstructured room', () => {
    const mesh = peerInRoom();
    expect(mesh.overlay.joined(mesh.ack('mesh'), mesh.others)).toBe('mesh');
    expect(mesh.links.dialled.sort()).toEqual(mesh.others);

    const unstructured = peerInRoom();
    expect(unstructured.overlay.joined(unstructured.ack('unstructured'), unstructured.others)).toBe('unstructured');
    expect(unstructured.links.dialled).toHaveLength(2); // a room of 7: 2 outbound, as a tab there
    expect(unstructured.lines.join('\n')).toMatch(/running the unstructured overlay: 2 outbound link\(s\), at most 4 inbound, in a room of 7/);
  });

  it('takes the teacher\'s link count over the room-scaled one, and rebuilds when the teacher changes it', async () => {
    const { overlay, links, server, ack, others, mesh } = peerInRoom();
    overlay.joined(ack('unstructured', { ...DEFAULT_ROOM_SETTINGS, overlay: { ...DEFAULT_ROOM_SETTINGS.overlay, outbound: 3 } }), others);
    expect(links.dialled).toHaveLength(3);
    await vi.advanceTimersByTimeAsync(2_000);
    expect(mesh.network.peersOf('me')).toHaveLength(3);
    server.emit('room-settings', { ...DEFAULT_ROOM_SETTINGS, overlay: { ...DEFAULT_ROOM_SETTINGS.overlay, outbound: 1 } });
    await vi.advanceTimersByTimeAsync(2_000);
    expect(mesh.network.peersOf('me')).toHaveLength(1); // closed all, then dialled one
  });

  it('rebuilds on a topology switch mid-run instead of leaving, and says when a mode is one it does not know', async () => {
    const { overlay, links, ack, others, mesh, lines } = peerInRoom();
    overlay.joined(ack('mesh'), others);
    await vi.advanceTimersByTimeAsync(1_000);
    expect(mesh.network.peersOf('me')).toHaveLength(6);
    expect(overlay.changed('unstructured')).toBe('unstructured');
    expect(lines.join('\n')).toMatch(/the room switched to unstructured: closing 6 link\(s\) and starting over/);
    await vi.advanceTimersByTimeAsync(2_000);
    expect(mesh.network.peersOf('me')).toHaveLength(2);
    expect(overlay.topology).toBe('unstructured');
    expect(overlay.changed('kademlia')).toBe('kademlia');
    expect(overlay.topology).toBe('kademlia');
    const dialled = links.dialled.length;
    // A newer server's mode: nothing is rebuilt; the caller stops with exit code 3.
    expect(overlay.changed('hypercube')).toBeNull();
    expect(overlay.topology).toBe('kademlia');
    expect(links.dialled.length).toBe(dialled);
    overlay.stop();
  });
});
