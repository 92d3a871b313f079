/**
 * Runs one headless peer: the shared/ Node over real WebRTC (the page's WebRtcTransport with
 * @roamhq/wrtc), joined to a room through the signalling server like a tab (web/app/session.ts
 * is the tab's version of this file), its chain kept in a file. It dials the members already
 * there, answers newcomers, relays signals for neighbours while the server is away, reports to the
 * room, runs whatever overlay the room runs (peer/overlay.ts), and mines when asked, once it has
 * caught up with the room.
 */
import wrtc from '@roamhq/wrtc';
import { randomBytes } from 'node:crypto';
import { blockHash } from '../shared/chain/block';
import { createGenesis } from '../shared/chain/params';
import { Node } from '../shared/node/node';
import type { JoinAck } from '../shared/protocol/signalling';
import { connectSignalling, JoinError, joinRoom } from '../web/net/signalling-client';
import { WebRtcTransport } from '../web/net/webrtc-transport';
import { createBlockWriter } from '../web/persistence/block-writer';
import type { PeerOptions } from './args';
import { headerFor } from './chain-file';
import { openChainFile } from './file-store';
import { loadOrCreateIdentity } from './identity';
import type { Logger } from './logger';
import { createPeerMiner } from './miner';
import { logNodeEvents } from './node-log';
import { restoreChain } from './restore';
import { followRoomOverlay } from './overlay';
import { reportToRoom } from './telemetry';

const BAN_MS = 10 * 60 * 1000;
/** A restart races its old connection, which holds the name until the server notices it is gone. */
const NAME_TAKEN_ATTEMPTS = 30;
const NAME_TAKEN_RETRY_MS = 1_000;
/**
 * A join the server has not answered in 10 s is asked again on a fresh connection, this many times
 * in all: a server busy with a whole class (or many peers started at once) answers late, not never.
 */
const JOIN_TIMEOUT_ATTEMPTS = 3;
/** With peers but no sync begun after this long, the room had nothing we lacked: mining may start. */
const CAUGHT_UP_AFTER_MS = 5_000;
const RATE_LOG_EVERY_MS = 5_000;

/** Why the peer stops (exit code and sentence), for main.ts. */
export class PeerStop extends Error {
  constructor(
    readonly exitCode: number,
    message: string,
  ) {
    super(message);
  }
}

export interface RunningPeer {
  node: Node;
  /** Closes links, flushes the chain file, leaves the room. */
  shutdown(): Promise<void>;
  /** Resolves when the peer must stop on its own (the room runs a mode this peer does not know). */
  stopped: Promise<PeerStop>;
}

export async function startPeer(options: PeerOptions, log: Logger): Promise<RunningPeer> {
  const now = () => Date.now();
  const genesis = blockHash(createGenesis(options.chain));
  const opened = openChainFile(options.dataDir, headerFor(genesis, options.chain));
  if (!opened.ok) throw new PeerStop(2, opened.detail);
  const file = opened.value;
  const identity = loadOrCreateIdentity(options.dataDir, (n) => new Uint8Array(randomBytes(n)));
  if (!identity.ok) {
    file.close();
    throw new PeerStop(2, identity.detail);
  }
  const { name, wallet } = identity.value;
  const storeLog = log.scope('store');
  if (file.droppedTornBytes > 0) {
    storeLog.warn(`the last line of ${file.path} was cut short by a crash (${file.droppedTornBytes} bytes): dropped; the room has that block`);
  }

  const socket = connectSignalling(options.url);
  const transport = new WebRtcTransport(socket, { wrtc });
  const setTimer = (fn: () => void, ms: number) => {
    const timer = setTimeout(fn, ms);
    return () => clearTimeout(timer);
  };
  const node = new Node({ minerName: name, payTo: wallet.address, params: options.chain }, { transport, now, setTimer });
  const restored = restoreChain(node, file.blocks);
  if (!restored.ok) {
    socket.close();
    file.close();
    throw new PeerStop(2, `${file.path} refused: ${restored.detail}. Move it aside (mv "${file.path}" "${file.path}.bad") to sync afresh.`);
  }
  storeLog.info(`${file.path}: ${restored.value.restored} blocks restored and validated, tip height ${node.tip.height} ${node.tip.hash.slice(0, 16)}`);
  const writer = createBlockWriter(file, (task) => void setImmediate(task), {
    onError: (error) => storeLog.error(`blocks are no longer saved (${error.code}: ${error.message}); the peer runs on in memory`),
  });
  node.events.on('block-accepted', (entry, source) => {
    if (source.kind !== 'store') writer.add({ hash: entry.hash, height: entry.height, block: entry.block });
  });

  const peerNames = new Map<string, string>(); // signalling id → tab name, from the roster and statuses
  node.events.on('peer-named', (peerId, peerName) => peerNames.set(peerId, peerName));
  transport.tabName = name;
  transport.tabNameOf = (peerId) => peerNames.get(peerId);
  const nicknames = new Map<string, string>();
  logNodeEvents(node, log.scope('net'), (peerId) => nicknames.get(peerId) ?? peerId.slice(0, 8));

  const minerLog = log.scope('miner');
  const miner = createPeerMiner(node, options.chain.difficulty, {
    status: () => undefined,
    error: (message) => minerLog.error(message),
    mined: (count) => minerLog.info(`mined ${count} of ${options.mineBlocks === Infinity ? '∞' : options.mineBlocks}`),
  });
  // The worker reports its rate every 250 ms; once every few seconds is enough for a terminal.
  setInterval(() => {
    const { running, hashesPerSecond, engine } = miner.status;
    if (running && hashesPerSecond > 0) minerLog.info(`hashing at ${hashesPerSecond.toLocaleString('en')} H/s (${engine ?? 'engine loading'})`);
  }, RATE_LOG_EVERY_MS).unref();
  let miningStarted = false;
  const startMining = (why: string) => {
    if (miningStarted || options.mineBlocks === 0) return;
    miningStarted = true;
    minerLog.info(`mining starts (${why}) at difficulty ${options.chain.difficulty}`);
    miner.mine(options.mineBlocks);
  };
  node.events.on('sync', (progress) => {
    if (progress.phase === 'done') startMining('caught up with the room');
  });

  const telemetry = reportToRoom(node, socket, name, now);
  let stop: (reason: PeerStop) => void = () => undefined;
  const stopped = new Promise<PeerStop>((resolve) => (stop = resolve));
  const netLog = log.scope('signalling');
  const overlay = followRoomOverlay({ node, links: transport, socket, keys: wallet, log: log.scope('overlay'), now, nameOf: (peerId) => nicknames.get(peerId) ?? peerId.slice(0, 8) });
  // Only a mode this build does not know (a newer server's) cannot be run: the peer says so and leaves.
  const unknownTopology = (topology: string, by: string) =>
    stop(new PeerStop(3, `room "${options.room}" runs the "${topology}" topology (set by ${by}), which this headless peer does not know (it runs mesh, unstructured and kademlia); update meshchain and start it again.`));
  socket.on('topology-changed', ({ topology, by }) => {
    netLog.info(`${by} switched the room to ${topology}`);
    if (overlay.changed(topology) === null) unknownTopology(topology, by);
  });

  let retryingJoin = false;
  const reconnect = () =>
    new Promise<void>((resolve) => {
      retryingJoin = true;
      socket.once('connect', () => {
        retryingJoin = false;
        resolve();
      });
      socket.disconnect();
      socket.connect();
    });
  const join = async (rejoin: boolean): Promise<JoinAck & { ok: true }> => {
    let timeouts = 0;
    for (let attempt = 1; ; attempt++) {
      const sentAt = now();
      let ack: JoinAck;
      try {
        // No mode asked for unless --topology gave one: a room we open gets the server's default
        // (a mesh that still moves to the unstructured overlay when the class outgrows it).
        ack = await joinRoom(socket, { room: options.room, name, nickname: options.nickname, ...(options.topology ? { topology: options.topology } : {}) }, options.joinTimeoutMs);
      } catch (error) {
        const failure = error instanceof JoinError ? error : new JoinError('unreachable', String(error));
        if (failure.code === 'timeout' && timeouts++ < JOIN_TIMEOUT_ATTEMPTS - 1) {
          netLog.warn(`the signalling server has not answered our join in ${failure.seconds} s (busy?); asking again on a new connection`);
          // A new connection: the old one's join, if the server ever gets to it, leaves with it.
          await reconnect();
          continue;
        }
        throw new PeerStop(1, failure.code === 'timeout'
          ? `the signalling server at ${options.url} did not answer the join within ${failure.seconds} s`
          : `cannot reach the signalling server at ${options.url} (${failure.message}); is it running (npm start) and is the address right?`);
      }
      if (ack.ok) {
        telemetry.joined({ sentAt, serverTime: ack.serverTime, receivedAt: now() });
        return ack;
      }
      if (ack.code !== 'name-taken' || attempt >= NAME_TAKEN_ATTEMPTS) {
        throw new PeerStop(1, `the server refused to let this peer join room "${options.room}" (${ack.code}: ${ack.message})${ack.code === 'name-taken' ? '; is another peer with the same --data folder running elsewhere?' : ''}`);
      }
      if (attempt === 1) netLog.info(`our name ${name} is still held by ${rejoin ? 'our previous connection' : 'a previous run'}; retrying every second`);
      await new Promise((resolve) => setTimeout(resolve, NAME_TAKEN_RETRY_MS));
    }
  };
  const enter = async (rejoin: boolean) => {
    const ack = await join(rejoin);
    transport.localId = ack.id;
    for (const member of ack.members) {
      nicknames.set(member.id, member.nickname);
      peerNames.set(member.id, member.name);
    }
    netLog.info(`joined room "${ack.room}" at ${options.url} as "${ack.nickname}" (tab name ${name}, id ${ack.id}); ${ack.peers.length} member(s) there; topology ${ack.topology} (set by ${ack.by})`);
    if (options.topology && options.topology !== ack.topology) netLog.info(`asked for ${options.topology}, but the room already runs ${ack.topology}: following the room`);
    const linked = new Set(node.peerIds().flatMap((id) => peerNames.get(id) ?? []));
    // Already linked, or our own previous connection the server has not dropped yet.
    const fresh = ack.peers.filter((peerId) => {
      const peerName = ack.names[peerId];
      return !(peerName !== undefined && (linked.has(peerName) || peerName === name));
    });
    if (overlay.joined(ack, fresh) === null) return unknownTopology(ack.topology, ack.by);
    if (!rejoin) {
      if (ack.peers.length === 0) startMining('alone in the room');
      else setTimeout(() => node.syncProgress === undefined && startMining('the room had nothing newer'), CAUGHT_UP_AFTER_MS).unref();
    }
  };
  try {
    await enter(false);
  } catch (error) {
    socket.close();
    file.close();
    throw error;
  }

  transport.relay = (via, to, data) => {
    if (!node.peerIds().includes(via)) return false;
    node.relaySignal(via, to, data);
    return true;
  };
  node.events.on('relayed-signal', (from, via, data) => transport.onRelayedSignal(from, via, data));
  node.events.on('peer-dropped', (peerId) => transport.ban(peerId, now() + BAN_MS));
  node.start();

  socket.on('peer-joined', ({ id, name: peerName, nickname }) => {
    nicknames.set(id, nickname);
    if (peerName !== undefined) peerNames.set(id, peerName);
    netLog.info(`${nickname} joined the room${overlay.topology === 'mesh' ? '; it will dial us' : ''}`);
  });
  socket.on('peer-renamed', ({ id, nickname }) => nicknames.set(id, nickname));
  socket.on('peer-left', ({ id }) => netLog.info(`${nicknames.get(id) ?? id} left the room`));
  socket.on('signal-error', (error) => netLog.warn(`server refused our ${error.event}: ${error.code}: ${error.message}`));
  let leaving = false;
  socket.on('disconnect', (reason) => {
    if (leaving || retryingJoin) return;
    if (reason === 'io server disconnect') socket.connect();
    netLog.warn(`lost the signalling server (${reason}); links stay open, rejoining when it is back`);
  });
  socket.io.on('reconnect', () => {
    netLog.info('signalling server is back; rejoining');
    enter(true).catch((error: unknown) => stop(error instanceof PeerStop ? error : new PeerStop(1, String(error))));
  });

  return {
    node,
    stopped,
    async shutdown() {
      leaving = true;
      miner.stop();
      overlay.stop();
      telemetry.stop();
      transport.closeAll();
      socket.close();
      await writer.flush().catch(() => undefined); // a failure was already logged
      file.close();
    },
  };
}
