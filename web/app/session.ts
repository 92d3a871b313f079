/**
 * Starts this tab's node: join the room on the signalling server, dial the peers already there,
 * and wire the Node, the miner and the store together. Everything the page shows starts here.
 */
import { DEFAULT_ROOM, ROOM_NAME_PATTERN } from '../../shared/protocol/signalling';
import { checkChainParams, DEFAULT_CHAIN_PARAMS, type ChainParams } from '../../shared/chain/params';
import { Node } from '../../shared/node/node';
import { MiningController } from '../mining/mining-controller';
import { connectSignalling, joinRoom } from '../net/signalling-client';
import { WebRtcTransport } from '../net/webrtc-transport';
import { loadOrCreateTabIdentity } from '../persistence/tab-identity';
import { attachNode, shortId } from '../store/attach-node';
import { loadOrCreateWallet, openTabStorage, persistNewBlocks, restoreChain } from './chain-persistence';
import { keepUnstructuredLinks, type UnstructuredLinks } from './unstructured-links';
import { keepKademliaLinks, type KademliaOverlay } from './kademlia-links';
import { startTopics } from './topics';
import { followRoomTopology } from './room-topology';
import { reportToRoom } from './room-telemetry';
import { DEFAULT_TARGET_OUTBOUND } from '../../shared/overlay/unstructured/connection-policy';
import type { Wallet } from '../../shared/ledger/wallet';
import type { BlockWriter } from '../persistence/block-writer';
import type { MeshStore } from '../store/mesh-store';

export interface PageParams {
  room: string;
  /** The room's chain rules, from `?difficulty=BITS&interval=SECONDS`. */
  chain: ChainParams;
  /** How this tab picks its links: every tab of the room, or a few at random (`?topology=`). */
  topology: Topology;
  /** Outbound links in the unstructured overlay (`?outbound=`, Bitcoin's 8 by default). */
  outbound: number;
  /** Kademlia's bucket size (`?k=`) and lookup parallelism (`?alpha=`, the paper's α). */
  k: number;
  alpha: number;
  /** Why the URL could not be used as given, shown on the page. */
  problem: string | null;
}

export type Topology = 'mesh' | 'unstructured' | 'kademlia';
const TOPOLOGY_NAMES: readonly Topology[] = ['mesh', 'unstructured', 'kademlia'];
/** Kademlia's bucket size in tabs (`?k=`): the paper's 20 links everyone in a classroom room; 3 shows buckets at work. */
export const DEFAULT_TAB_K = 4;
const MAX_K = 20;
const DEFAULT_ALPHA = 3;
const MAX_ALPHA = 8;
const MAX_OUTBOUND = 16;

/** `?room=NAME&difficulty=BITS&interval=SECONDS`; a bad value falls back to the default and says why. */
export function readPageParams(search: string): PageParams {
  const query = new URLSearchParams(search);
  const problems: string[] = [];
  let room = query.get('room') ?? DEFAULT_ROOM;
  if (!ROOM_NAME_PATTERN.test(room)) {
    problems.push(`"${room}" is not a room name (use 1–32 letters, digits, - or _); joined "${DEFAULT_ROOM}" instead`);
    room = DEFAULT_ROOM;
  }
  const number = (name: string, fallback: number) => (query.has(name) ? Number(query.get(name)) : fallback);
  let chain: ChainParams = {
    ...DEFAULT_CHAIN_PARAMS,
    difficulty: number('difficulty', DEFAULT_CHAIN_PARAMS.difficulty),
    spacing: number('interval', DEFAULT_CHAIN_PARAMS.spacing),
  };
  const problem = checkChainParams(chain);
  if (problem) {
    problems.push(`${problem}; using the defaults`);
    chain = DEFAULT_CHAIN_PARAMS;
  }
  let topology = (query.get('topology') ?? 'mesh') as Topology;
  if (!TOPOLOGY_NAMES.includes(topology)) {
    problems.push(`topology "${query.get('topology')}" is not one of ${TOPOLOGY_NAMES.join(', ')}; using mesh`);
    topology = 'mesh';
  }
  let k = number('k', DEFAULT_TAB_K);
  if (!Number.isInteger(k) || k < 1 || k > MAX_K) {
    problems.push(`k must be a whole number from 1 to ${MAX_K}; using ${DEFAULT_TAB_K}`);
    k = DEFAULT_TAB_K;
  }
  let alpha = number('alpha', DEFAULT_ALPHA);
  if (!Number.isInteger(alpha) || alpha < 1 || alpha > MAX_ALPHA) {
    problems.push(`alpha must be a whole number from 1 to ${MAX_ALPHA}; using ${DEFAULT_ALPHA}`);
    alpha = DEFAULT_ALPHA;
  }
  let outbound = number('outbound', DEFAULT_TARGET_OUTBOUND);
  if (!Number.isInteger(outbound) || outbound < 1 || outbound > MAX_OUTBOUND) {
    problems.push(`outbound must be a whole number of links from 1 to ${MAX_OUTBOUND}; using ${DEFAULT_TARGET_OUTBOUND}`);
    outbound = DEFAULT_TARGET_OUTBOUND;
  }
  return { room, chain, topology, outbound, k, alpha, problem: problems.join('; ') || null };
}

/** How long a peer dropped for misbehaviour stays shut out. */
const BAN_MS = 10 * 60 * 1000;

export interface Session {
  node: Node;
  wallet: Wallet;
  mining: MiningController;
  /** The DHT, in rooms whose topology is kademlia. */
  kademlia: KademliaOverlay | null;
  /** The reset button: forget the saved chain and reload, to resync from peers. */
  resetChain(): Promise<void>;
  /** Asks the server to switch the whole room to another topology; every tab then reloads into it. */
  switchTopology(topology: Topology): void;
}

export async function startSession(store: MeshStore, params: PageParams): Promise<Session | null> {
  const now = () => Date.now();
  const log = store.getState().addLog;
  const problem = (message: string) => store.getState().setSelf({ problem: message });

  // Everything saved comes back before the tab meets anyone, so its first status is its real tip.
  const identity = loadOrCreateTabIdentity(window.sessionStorage, (n) => crypto.getRandomValues(new Uint8Array(n)));
  const storage = await openTabStorage(identity, problem);
  const wallet = await loadOrCreateWallet(storage, problem);
  store.getState().setSelf({ name: identity, address: wallet.address, rules: params.chain, topology: params.topology });

  const socket = connectSignalling();
  const transport = new WebRtcTransport(socket);
  // Partitions go by tab name (web/net/link-conditioner.ts): ours, and each peer's as the room knows it.
  transport.tabName = identity;
  transport.tabNameOf = (peerId) => store.getState().roster[peerId]?.name || store.getState().peers[peerId]?.name;
  const setTimer = (fn: () => void, ms: number) => {
    const timer = window.setTimeout(fn, ms);
    return () => window.clearTimeout(timer);
  };
  const node = new Node({ minerName: identity, payTo: wallet.address, params: params.chain }, { transport, now, setTimer });
  let writer: BlockWriter | undefined;
  if (storage) {
    const report = await restoreChain(storage, node, problem);
    if (report.restored + report.refused + report.skipped > 0) {
      log({ at: now(), kind: 'chain', peerId: null, text: `restored ${report.restored} saved blocks (${report.refused + report.skipped} refused)` });
    }
    writer = persistNewBlocks(storage, node, problem);
    window.addEventListener('pagehide', () => void writer?.flush());
  }
  // For the curious (and for benchmarks): `meshchain.node` in the DevTools console is this tab's node;
  // `meshchain.transport.setConditions({ latencyMs, jitterMs, loss, partition })` slows or splits it.
  Object.assign(window, { meshchain: { node, store, wallet, writer, transport } });
  attachNode(store, node, now, (redraw) => setTimeout(redraw, 100));
  const mining = new MiningController(
    node,
    (status) => store.getState().setMining(status),
    (message) => log({ at: now(), kind: 'error', peerId: null, text: message }),
    params.chain.difficulty,
  );
  mining.prepare();

  // Names of the tabs we hold a channel to: after a reconnect, the server lists everyone under new
  // ids, and only the tabs we are not already linked to need dialling.
  const linkedNames = new Map<string, string>();
  node.events.on('peer-named', (peerId, name) => linkedNames.set(peerId, name));
  node.events.on('peer-close', (peerId) => linkedNames.delete(peerId));

  let links: UnstructuredLinks | undefined;
  // Kademlia: this tab's links are its routing-table contacts (web/app/kademlia-links.ts).
  const kademlia =
    params.topology === 'kademlia'
      ? keepKademliaLinks(
          node,
          transport,
          wallet,
          { k: params.k, alpha: params.alpha },
          (peerId, text) => log({ at: now(), kind: 'message', peerId, text }),
          () => socket.connected,
          (peerId) => store.getState().peers[peerId]?.name,
        )
      : null;
  // `meshchain.kademlia` in DevTools (and for the room bench): this tab's DHT and its links.
  if (kademlia) Object.assign((window as unknown as { meshchain: object }).meshchain, { kademlia: kademlia.links });
  // The room's topology lives on the server: follow it (a reload) when it is not ours.
  const roomTopology = followRoomTopology(
    socket,
    params.topology,
    (text, isError) => log({ at: now(), kind: isError ? 'error' : 'message', peerId: null, text }),
    window.location,
  );
  // Our links and block arrivals, for the room's overlay graph and block figures.
  const telemetry = reportToRoom(node, socket, store, identity, now, (text) => log({ at: now(), kind: 'error', peerId: null, text }));
  const join = async (): Promise<boolean> => {
    let ack;
    const sentAt = now();
    try {
      ack = await joinRoom(socket, { room: params.room, name: identity, topology: params.topology });
    } catch (error) {
      store.getState().setSelf({ signalling: 'failed', problem: (error as Error).message });
      return false;
    }
    if (!ack.ok) {
      store.getState().setSelf({ signalling: 'failed', problem: `${ack.code}: ${ack.message}` });
      return false;
    }
    // The room's mode wins: a tab opened (or left) in another one reloads into it, dialling no one.
    if (roomTopology.joined(ack.topology, ack.by)) return true;
    telemetry.joined({ sentAt, serverTime: ack.serverTime, receivedAt: now() });
    transport.localId = ack.id;
    store.getState().setSelf({ id: ack.id, signalling: 'connected' });
    const linked = new Set(linkedNames.values());
    // Already linked over WebRTC, or our own previous connection the server has not dropped yet.
    const fresh = ack.peers.filter((id) => !(ack.names[id] !== undefined && (linked.has(ack.names[id]!) || ack.names[id] === identity)));
    if (params.topology === 'unstructured') {
      links ??= keepUnstructuredLinks(
        node,
        transport,
        { targetOutbound: params.outbound, maxInbound: 2 * params.outbound },
        (peerId, text) => log({ at: now(), kind: 'message', peerId, text }),
        () => socket.connected,
      );
      links.heardFromServer(fresh);
      return true;
    }
    if (kademlia) {
      kademlia.seed(fresh);
      return true;
    }
    for (const peerId of fresh) {
      log({ at: now(), kind: 'message', peerId, text: `dialling ${ack.names[peerId] ?? shortId(peerId)} (listed by the server)` });
      transport.dial(peerId);
    }
    return true;
  };
  if (!(await join())) {
    socket.close(); // or it would reconnect and join as a member that answers nobody
    return null;
  }
  // While the server is away, signals for new links travel through neighbours (shared/node relays
  // only to its own links, so never into another room).
  transport.relay = (via, to, data) => {
    if (!node.peerIds().includes(via)) return false;
    node.relaySignal(via, to, data);
    return true;
  };
  node.events.on('relayed-signal', (from, via, data) => transport.onRelayedSignal(from, via, data));
  // A peer dropped for misbehaving is not let back in (nor dialled) for a while.
  node.events.on('peer-dropped', (peerId) => transport.ban(peerId, now() + BAN_MS));
  node.start();
  startTopics(node, store, now); // pub/sub: blocks, transactions and the room's notes (TopicsPanel)

  socket.on('peer-joined', ({ id, name }) => {
    const how = links ? 'a candidate for our links' : 'it will dial us';
    log({ at: now(), kind: 'message', peerId: id, text: `${name ?? 'a tab'} joined the room; ${how} (signalling)` });
    links?.heardOfNewcomer(id);
  });
  socket.on('peer-left', ({ id }) => {
    links?.forget(id);
    kademlia?.forget(id);
  });
  socket.on('signal-error', (error) =>
    log({ at: now(), kind: 'error', peerId: null, text: `signalling ${error.code}: ${error.message}` }),
  );
  socket.on('disconnect', (reason) => {
    // A server shutting down cleanly says goodbye ('io server disconnect'), and socket.io then
    // waits to be told to reconnect; a crash or a lost network reconnects by itself.
    if (reason === 'io server disconnect') socket.connect();
    store.getState().setSelf({ signalling: 'lost' });
    log({ at: now(), kind: 'error', peerId: null, text: 'signalling server lost; channels to peers stay open' });
  });
  // socket.io reconnects by itself; a new connection has a new id and must join the room again.
  socket.io.on('reconnect', () => {
    log({ at: now(), kind: 'message', peerId: null, text: 'signalling server back: rejoining the room' });
    void join();
  });
  window.addEventListener('pagehide', () => transport.closeAll());

  const resetChain = async () => {
    mining.stop();
    writer?.discard(); // or its next batch would write the forgotten blocks straight back
    await storage?.clearChain();
    storage?.close();
    window.location.reload();
  };
  return { node, wallet, mining, kademlia, resetChain, switchTopology: (topology) => roomTopology.request(topology) };
}
