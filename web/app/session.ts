/**
 * Starts this tab's node: join the room on the signalling server, dial the peers already there,
 * and wire the Node, the miner and the store together. Everything the page shows starts here.
 */
import { Node } from '../../shared/node/node';
import { MiningController } from '../mining/mining-controller';
import { connectSignalling, JoinError, joinRoom } from '../net/signalling-client';
import { WebRtcTransport } from '../net/webrtc-transport';
import { loadOrCreateTabIdentity, replaceTabIdentity, takeReplacedIdentity } from '../persistence/tab-identity';
import { attachNode } from '../store/attach-node';
import { leadingName, resolveTab } from '../store/names';
import { loadOrCreateWallet, openTabStorage, persistNewBlocks, restoreChain } from './chain-persistence';
import { keepUnstructuredLinks, type UnstructuredLinks } from '../../shared/overlay/unstructured/link-keeper';
import { keepKademliaLinks, type KademliaOverlay } from './kademlia-links';
import { overlayShapeFor } from '../../shared/overlay/room-scale';
import { startTopics } from './topics';
import { followRaces } from './race';
import { followRoomTopology } from './room-topology';
import { carryLine, takeCarriedLine } from '../persistence/carried-line';
import { reportToRoom } from './room-telemetry';
import { applyRosterEvent, followRoomMembers } from './roster';
import { createNicknameControl, nicknameInPageLanguage, type NicknameControl } from './nickname';
import type { PageParams, Topology } from './page-params';
import { takeTeacherKeyFromPage, wireDesk } from './desk';
import type { TeacherControls } from './teacher';
import type { JoinAck } from '../../shared/protocol/signalling';
import type { Wallet } from '../../shared/ledger/wallet';
import type { BlockWriter } from '../persistence/block-writer';
import type { LogKind, MeshStore } from '../store/mesh-store';

export { readPageParams, DEFAULT_TAB_K, type PageParams, type Topology } from './page-params';

/** How long a peer dropped for misbehaviour stays shut out. */
const BAN_MS = 10 * 60 * 1000;

export interface Session {
  node: Node;
  wallet: Wallet;
  mining: MiningController;
  /** The DHT, in rooms whose topology is kademlia. */
  kademlia: KademliaOverlay | null;
  /** This tab's nickname: whether to offer a change on first open, and changing it (NicknamePrompt). */
  nickname: NicknameControl;
  /** The reset button: forget the saved chain and reload, to resync from peers. */
  resetChain(): Promise<void>;
  /** Asks the server to switch the whole room to another topology; every tab then reloads into it. */
  switchTopology(topology: Topology): void;
  /** The teacher's desk: controls sent with this tab's teacher key (refused without one). */
  teacher: TeacherControls;
}

/**
 * A reload races its old connection, which holds the tab name until the server sees it close (at
 * once: the browser closes an unloading page's WebSocket). After a network blip the old connection
 * may linger until the server's ping timeout, so a rejoin waits longer and never gives the name up.
 */
const NAME_TAKEN_ATTEMPTS = 3;
const NAME_TAKEN_ATTEMPTS_ON_REJOIN = 60;
const NAME_TAKEN_RETRY_MS = 1_000;

type Params = Record<string, string | number>;

export async function startSession(store: MeshStore, params: PageParams): Promise<Session | null> {
  const now = () => Date.now();
  const teacherKey = takeTeacherKeyFromPage(); // at once: the address bar must not keep the key
  /** Every line this file logs is a key under 'app.' in the 'log' catalogue; a `…peerId` value is drawn as that tab's name. */
  const log = (kind: LogKind, peerId: string | null, key: string, values?: Params) =>
    store.getState().addLog({ at: now(), kind, peerId, key: `app.${key}`, params: values });
  const problem = store.getState().addProblem;
  const randomBytes = (n: number) => crypto.getRandomValues(new Uint8Array(n));

  // Everything saved comes back before the tab meets anyone, so its first status is its real tip.
  const identity = loadOrCreateTabIdentity(window.sessionStorage, randomBytes);
  const replaced = takeReplacedIdentity(window.sessionStorage);
  if (replaced) log('signalling', null, 'identityReplaced', { oldName: replaced, newName: identity });
  const storage = await openTabStorage(identity, problem);
  const wallet = await loadOrCreateWallet(storage, problem);
  store.getState().setSelf({ name: identity, address: wallet.address, rules: params.chain, topology: params.topology });

  const socket = connectSignalling();
  const nickname = createNicknameControl({
    storage: window.sessionStorage,
    fromUrl: params.nickname,
    generate: () => nicknameInPageLanguage(Math.random),
    socket,
    store,
  });
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
      log('chain', null, 'restored', { restored: report.restored, refused: report.refused + report.skipped });
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
    // The miner's own words (web/mining), shown as they come.
    (message) => store.getState().addLog({ at: now(), kind: 'error', peerId: null, text: message }),
    params.chain.difficulty,
  );
  mining.prepare();
  const desk = wireDesk({ socket, store, node, transport, mining, teacherKey, running: { difficulty: params.chain.difficulty, interval: params.chain.spacing, topology: params.topology, outbound: params.outbound, k: params.k, alpha: params.alpha }, forgetChain: () => forgetChain(), now });

  // Names of the tabs we hold a channel to: after a reconnect, the server lists everyone under new
  // ids, and only the tabs we are not already linked to need dialling.
  const linkedNames = new Map<string, string>();
  node.events.on('peer-named', (peerId, name) => linkedNames.set(peerId, name));
  node.events.on('peer-close', (peerId) => linkedNames.delete(peerId));

  let links: UnstructuredLinks | undefined;
  // Kademlia: this tab's links are its routing-table contacts (web/app/kademlia-links.ts). Started
  // at the first join, when the room's size tells k (room-scale.ts).
  let kademlia: KademliaOverlay | null = null;
  const startKademlia = (k: number) => {
    const overlay = keepKademliaLinks(
      node,
      transport,
      wallet,
      { k, alpha: params.alpha },
      (peerId, entry) => log('message', peerId, entry.key, entry.params),
      () => socket.connected,
      (peerId) => leadingName(resolveTab(store.getState(), { peerId })),
    );
    // `meshchain.kademlia` in DevTools (and for the room bench): this tab's DHT and its links.
    Object.assign((window as unknown as { meshchain: object }).meshchain, { kademlia: overlay.links });
    return overlay;
  };
  // `meshchain.switchTopology('kademlia')`: the room-wide switch without the page's buttons (refused in a teacher's room).
  Object.assign((window as unknown as { meshchain: object }).meshchain, { switchTopology: (topology: Topology) => roomTopology.request(topology) });
  // The room's topology lives on the server: follow it (a reload) when it is not ours.
  const roomTopology = followRoomTopology(
    socket,
    params.topology,
    (key, values, isError) => log(isError ? 'error' : 'signalling', null, key, values),
    window.location,
    { save: (line) => carryLine(window.sessionStorage, line), take: () => takeCarriedLine(window.sessionStorage) },
  );
  // Our links and block arrivals, for the room's overlay graph and block figures.
  const telemetry = reportToRoom(node, socket, store, identity, now, (key) => log('error', null, key));

  /** Joins, waiting out a reload's old connection; a tab name another live tab holds is given up. */
  const askToJoin = async (rejoin: boolean): Promise<JoinAck | 'reloading'> => {
    const attempts = rejoin ? NAME_TAKEN_ATTEMPTS_ON_REJOIN : NAME_TAKEN_ATTEMPTS;
    for (let attempt = 1; ; attempt++) {
      const ack = await joinRoom(socket, { room: params.room, name: identity, nickname: nickname.wanted(), topology: params.asked?.topology === false ? undefined : params.topology });
      if (ack.ok || ack.code !== 'name-taken') return ack;
      if (rejoin && attempt >= attempts) return ack;
      if (attempt >= attempts) {
        // Another live tab holds our name: a duplicated tab. Take a name (and database) of our own.
        if (replaceTabIdentity(window.sessionStorage, identity, randomBytes) === null) return ack;
        window.location.reload();
        return 'reloading';
      }
      log('signalling', null, 'nameTaken', { attempt, attempts });
      await new Promise((resolve) => window.setTimeout(resolve, NAME_TAKEN_RETRY_MS));
    }
  };

  const join = async (rejoin = false): Promise<boolean> => {
    let ack;
    const sentAt = now();
    const asked = nickname.wanted();
    try {
      ack = await askToJoin(rejoin);
    } catch (error) {
      store.getState().setSelf({ signalling: 'failed' });
      const failure = error instanceof JoinError ? error : new JoinError('unreachable', String(error));
      problem(
        failure.code === 'timeout'
          ? { key: 'join:problem.timeout', params: { seconds: failure.seconds } }
          : { key: 'join:problem.unreachable', params: { message: failure.message } },
      );
      return false;
    }
    if (ack === 'reloading') return true;
    if (!ack.ok) {
      store.getState().setSelf({ signalling: 'failed' });
      problem({ key: 'join:problem.refused', params: { code: ack.code, message: ack.message } });
      return false;
    }
    // The room's mode wins: a tab opened (or left) in another one reloads into it, dialling no one.
    if (roomTopology.joined(ack.topology, ack.by)) return true;
    telemetry.joined({ sentAt, serverTime: ack.serverTime, receivedAt: now() });
    transport.localId = ack.id;
    store.getState().setSelf({ id: ack.id, signalling: 'connected' });
    applyRosterEvent(store, { kind: 'joined', selfId: ack.id, nickname: ack.nickname, members: ack.members });
    nickname.granted(asked, ack.nickname, ack.nicknameChanged);
    desk.joined(ack.settings);
    if (nickname.clash) log('signalling', null, 'nicknameTaken', { asked, nickname: ack.nickname });
    const linked = new Set(linkedNames.values());
    // Already linked over WebRTC, or our own previous connection the server has not dropped yet.
    const fresh = ack.peers.filter((id) => !(ack.names[id] !== undefined && (linked.has(ack.names[id]!) || ack.names[id] === identity)));
    // Links per tab scaled to the room, so the modes differ at class sizes (unless the address asks).
    const shape = overlayShapeFor(params, ack.members.length + 1);
    if (params.topology === 'unstructured') {
      links ??= keepUnstructuredLinks(
        { targetOutbound: shape.outbound, maxInbound: 2 * shape.outbound },
        { node, links: transport, log: (peerId, key, values) => log('message', peerId, key, values), serverUp: () => socket.connected, now, random: Math.random, setTimer },
      );
      links.heardFromServer(fresh);
      return true;
    }
    if (params.topology === 'kademlia') {
      kademlia ??= startKademlia(shape.k);
      kademlia.seed(fresh);
      return true;
    }
    for (const peerId of fresh) {
      log('signalling', peerId, 'dialListed', { peerId });
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
  followRaces(node, mining, () => store.getState().mining.running, params.chain.spacing === 0, now); // the stage's Race (race.ts)

  // The roster and its log lines (web/app/roster.ts); the overlays hear of comings and goings too.
  followRoomMembers(socket, store, (peerId, key, values) => log('signalling', peerId, key, values), () => links !== undefined);
  socket.on('peer-joined', ({ id }) => links?.heardOfNewcomer(id));
  socket.on('peer-left', ({ id }) => {
    links?.forget(id);
    kademlia?.forget(id);
  });
  socket.on('signal-error', (error) => log('error', null, 'signalError', { event: error.event, code: error.code, message: error.message }));
  socket.on('disconnect', (reason) => {
    // A server shutting down cleanly says goodbye ('io server disconnect'), and socket.io then
    // waits to be told to reconnect; a crash or a lost network reconnects by itself.
    if (reason === 'io server disconnect' && !desk.kicked) socket.connect();
    store.getState().setSelf({ signalling: 'lost' });
    log('signalling', null, 'serverLost');
  });
  // socket.io reconnects by itself; a new connection has a new id and must join the room again.
  socket.io.on('reconnect', () => {
    log('signalling', null, 'serverBack');
    void join(true);
  });
  window.addEventListener('pagehide', () => transport.closeAll());

  async function forgetChain() {
    mining.stop();
    writer?.discard(); // or its next batch would write the forgotten blocks straight back
    await storage?.clearChain();
    storage?.close();
  }
  const resetChain = async () => {
    await forgetChain();
    window.location.reload();
  };
  return { node, wallet, mining, kademlia, nickname, resetChain, switchTopology: (topology) => roomTopology.request(topology), teacher: desk.teacher };
}
