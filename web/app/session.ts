/**
 * Starts this tab's node: join the room on the signalling server, dial the peers already there,
 * and wire the Node, the miner and the store together. Everything the page shows starts here.
 */
import { DEFAULT_ROOM, ROOM_NAME_PATTERN } from '../../shared/protocol/signalling';
import { MAX_DIFFICULTY_BITS } from '../../shared/chain/target';
import { Node } from '../../shared/node/node';
import { MiningController } from '../mining/mining-controller';
import { connectSignalling, joinRoom } from '../net/signalling-client';
import { WebRtcTransport } from '../net/webrtc-transport';
import { attachNode, shortId } from '../store/attach-node';
import { DEFAULT_DIFFICULTY, type MeshStore } from '../store/mesh-store';

export interface PageParams {
  room: string;
  difficulty: number;
  /** Why the URL could not be used as given, shown on the page. */
  problem: string | null;
}

/** `?room=NAME&difficulty=BITS`; a bad value falls back to the default and says why. */
export function readPageParams(search: string): PageParams {
  const query = new URLSearchParams(search);
  const problems: string[] = [];
  let room = query.get('room') ?? DEFAULT_ROOM;
  if (!ROOM_NAME_PATTERN.test(room)) {
    problems.push(`"${room}" is not a room name (use 1–32 letters, digits, - or _); joined "${DEFAULT_ROOM}" instead`);
    room = DEFAULT_ROOM;
  }
  const rawDifficulty = query.get('difficulty');
  let difficulty = rawDifficulty === null ? DEFAULT_DIFFICULTY : Number(rawDifficulty);
  if (!Number.isInteger(difficulty) || difficulty < 0 || difficulty > MAX_DIFFICULTY_BITS) {
    problems.push(`difficulty must be a whole number of bits from 0 to ${MAX_DIFFICULTY_BITS}`);
    difficulty = DEFAULT_DIFFICULTY;
  }
  return { room, difficulty, problem: problems.join('; ') || null };
}

export interface Session {
  mining: MiningController;
}

export async function startSession(store: MeshStore, params: PageParams): Promise<Session | null> {
  const now = () => Date.now();
  const log = store.getState().addLog;
  const socket = connectSignalling();
  let ack;
  try {
    ack = await joinRoom(socket, params.room);
  } catch (error) {
    store.getState().setSelf({ signalling: 'failed', problem: (error as Error).message });
    return null;
  }
  if (!ack.ok) {
    store.getState().setSelf({ signalling: 'failed', problem: `${ack.code}: ${ack.message}` });
    return null;
  }
  store.getState().setSelf({ id: ack.id, signalling: 'connected' });

  const transport = new WebRtcTransport(ack.id, socket);
  const node = new Node({ minerName: ack.id }, { transport, now });
  attachNode(store, node, now);
  node.start();
  const mining = new MiningController(
    node,
    (status) => store.getState().setMining(status),
    (message) => log({ at: now(), kind: 'error', peerId: null, text: message }),
    params.difficulty,
  );
  store.getState().setMining({ running: false, goal: 'one-block', difficulty: params.difficulty, hashesPerSecond: 0 });

  socket.on('peer-joined', ({ id }) =>
    log({ at: now(), kind: 'message', peerId: id, text: `joined the room; it will dial us (signalling)` }),
  );
  socket.on('signal-error', (error) =>
    log({ at: now(), kind: 'error', peerId: null, text: `signalling ${error.code}: ${error.message}` }),
  );
  socket.on('disconnect', () =>
    store.getState().setSelf({
      signalling: 'lost',
      problem: 'lost the signalling server: open channels keep working, new tabs cannot reach this one until you reload',
    }),
  );
  window.addEventListener('pagehide', () => transport.closeAll());

  for (const peerId of ack.peers) {
    log({ at: now(), kind: 'message', peerId, text: `dialling ${shortId(peerId)} (listed by the server)` });
    transport.dial(peerId);
  }
  return { mining };
}
