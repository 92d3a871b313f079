/**
 * A room of tabs running the Kademlia overlay (DhtLinks) over the memory transport, for tests:
 * a fake "signalling server" that can go away, and dials that travel through a relay only if that
 * relay really links both ends. Runs on the global timers: a test fakes them and passes `advance`.
 */
import { bytesToHex } from '@noble/hashes/utils.js';
import { testWallets } from '../../ledger/ledger-testing';
import { createSimulatedMesh, seededRandom, type SimulatedMesh } from '../../testing/mesh-sim';
import type { MemoryNetwork } from '../../transport/memory';
import { DhtLinks, type LinkDialer } from './dht-links';

export const setTimer = (fn: () => void, ms: number) => {
  const t = setTimeout(fn, ms);
  return () => clearTimeout(t);
};

/** Dials over the memory network: through `via` only if `via` really links both ends, else through the "server". */
export class MemoryDialer implements LinkDialer {
  readonly pending = new Set<string>();
  readonly dialled: string[] = [];
  viaRelay = 0;
  /** Every dial through a relay comes to nothing (signals lost, a relay too busy to pass them on). */
  failRelayed = false;
  constructor(
    private readonly self: string,
    private readonly network: MemoryNetwork,
    private readonly server: { up: boolean },
  ) {}
  dial(peerId: string, via?: string): void {
    this.dialled.push(peerId);
    const reachable = via !== undefined ? this.network.isLinked(this.self, via) && this.network.isLinked(via, peerId) : this.server.up;
    if (!reachable) return;
    if (via !== undefined) this.viaRelay++;
    if (via !== undefined && this.failRelayed) return;
    this.pending.add(peerId);
    setTimeout(() => {
      if (this.pending.delete(peerId)) this.network.connect(this.self, peerId);
    }, 40);
  }
  disconnect(peerId: string): void {
    this.pending.delete(peerId);
    this.network.disconnect(this.self, peerId);
  }
  hasLink(peerId: string): boolean {
    return this.pending.has(peerId) || this.network.isLinked(this.self, peerId);
  }
  serverUp(): boolean {
    return this.server.up;
  }
}

export interface Room {
  mesh: SimulatedMesh;
  overlays: DhtLinks[];
  dialers: MemoryDialer[];
  server: { up: boolean };
  penalties: Array<{ peerId: string | null; code: string }>;
}

/** `n` tabs t0…t(n-1) with bucket size `k`; `seed` chooses their wallets, so their DHT ids. */
export function kademliaRoom(n: number, k = 3, seed = 11): Room {
  const random = seededRandom(7);
  const ids = Array.from({ length: n }, (_, i) => `t${i}`);
  const wallets = testWallets(n, seed);
  const mesh = createSimulatedMesh(ids, { schedule: (fn, ms) => void setTimeout(fn, ms), now: () => Date.now(), setTimer, latency: () => 10 + Math.floor(random() * 30) });
  const server = { up: true };
  const penalties: Room['penalties'] = [];
  const dialers = ids.map((id) => new MemoryDialer(id, mesh.network, server));
  const overlays = mesh.nodes.map((node, i) => {
    node.events.on('error', (e) => penalties.push({ peerId: e.peerId, code: e.code }));
    const randomHex = (bytes: number) => bytesToHex(Uint8Array.from({ length: bytes }, () => Math.floor(random() * 256)));
    return new DhtLinks(
      { publicKey: wallets[i]!.publicKey, privateKey: wallets[i]!.privateKey, k },
      { node, dialer: dialers[i]!, now: () => Date.now(), setTimer, random, randomHex },
    );
  });
  return { mesh, overlays, dialers, server, penalties };
}

/** Tabs arrive one by one; each is told, like the server's join ack, the ids of those already there. */
export async function joinOneByOne(room: Room, advance: (ms: number) => Promise<unknown>): Promise<void> {
  for (let i = 0; i < room.overlays.length; i++) {
    room.overlays[i]!.start();
    room.overlays[i]!.seed(room.mesh.nodes.slice(0, i).map((node) => node.id));
    await advance(1_500);
  }
  await advance(60_000);
}

export const linksOf = (room: Room, i: number) => room.mesh.network.peersOf(room.mesh.nodes[i]!.id);
