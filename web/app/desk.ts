/**
 * Wires the teacher's desk into a tab's session: the room's settings from the server (join ack,
 * `room-settings`) applied here (room-settings.ts), the teacher's key and controls (teacher.ts),
 * a kick, the drops the link conditions make (logged in summary, apart from errors) and the round
 * trip of every link. session.ts calls this once and hands it the join ack.
 */
import type { Node } from '../../shared/node/node';
import type { RoomSettings } from '../../shared/protocol/room-controls';
import type { MiningController } from '../mining/mining-controller';
import type { SignallingSocket } from '../net/signalling-client';
import type { WebRtcTransport } from '../net/webrtc-transport';
import type { MeshStore, Notice } from '../store/mesh-store';
import { DroppedTally } from './dropped-tally';
import { measureRoundTrips } from './link-round-trips';
import { epochOf, followRoomSettings, type RunningParams } from './room-settings';
import { teacherControls, takeTeacherKey, type TeacherControls } from './teacher';

/** How long after new link conditions the round trips are measured again. */
const CONDITIONS_SETTLE_MS = 1_500;

export interface Desk {
  teacher: TeacherControls;
  /** After every join: apply the room's settings, then claim the room if this tab holds the key. */
  joined(settings: RoomSettings): void;
  /** The server removed this tab: it must not rejoin by itself. */
  readonly kicked: boolean;
}

/** Reads (and hides) the teacher key: call before anything else, so the address bar never keeps it. */
export function takeTeacherKeyFromPage(): string | null {
  return takeTeacherKey(window.location, window.sessionStorage, (url) => window.history.replaceState(window.history.state, '', url));
}

export function wireDesk(parts: {
  socket: SignallingSocket;
  store: MeshStore;
  node: Node;
  transport: WebRtcTransport;
  mining: MiningController;
  teacherKey: string | null;
  running: Omit<RunningParams, 'epoch'>;
  forgetChain(): Promise<void>;
  now(): number;
}): Desk {
  const { socket, store, node, transport, mining, now } = parts;
  const s = () => store.getState();
  const log = (line: Notice, kind: 'conditions' | 'error' = 'conditions', peerId: string | null = null) =>
    s().addLog({ at: now(), kind, peerId, key: line.key, params: line.params });
  let applied: RoomSettings | null = null;
  const apply = followRoomSettings({
    setConditions: (conditions) => {
      const result = transport.setConditions(conditions);
      // Measured again once every tab has had a moment to apply them too (a latency adds on both ends).
      window.setTimeout(() => roundTrips.pingAll(), CONDITIONS_SETTLE_MS);
      return result;
    },
    mining,
    forgetChain: parts.forgetChain,
    location: window.location,
    rewriteUrl: (url) => window.history.replaceState(window.history.state, '', url),
    running: { ...parts.running, epoch: epochOf(window.location.search) },
    current: () => applied,
    store: (settings) => {
      applied = settings;
      s().setDesk({ settings });
    },
    log: (line, isError) => log(line, isError ? 'error' : 'conditions'),
  });
  const teacher = teacherControls(socket, parts.teacherKey, {
    settings: apply,
    claimed: (isTeacher) => {
      s().setDesk({ isTeacher });
      if (isTeacher) log({ key: 'desk:log.youAreTeacher' });
    },
    refusal: (refusal) => s().setDesk({ refusal }),
  });
  socket.on('room-settings', apply);
  // `meshchain.teacher.send({ kind: 'overlay', locked: false })` in DevTools: what a student who edits their page can try (and is refused).
  Object.assign((window as unknown as { meshchain?: object }).meshchain ?? {}, { teacher });
  // A student's own mode switch in a claimed room: the server's reason goes where the buttons are.
  socket.on('signal-error', (error) => {
    if (error.code === 'not-teacher') s().setDesk({ refusal: { key: 'desk:refusal.text', params: { reason: 'desk:refusal.code.not-teacher', code: error.code, message: error.message } } });
  });
  let kicked = false;
  socket.on('kicked', ({ reason }) => {
    kicked = true;
    mining.stop();
    transport.closeAll();
    s().addProblem({ key: 'desk:kicked', params: { reason } });
    log({ key: 'desk:log.kicked', params: { reason } }, 'error');
  });

  const tally = new DroppedTally();
  const logDrops = (line: { peerId: string; reason: string; count: number; first: boolean }) => {
    s().setDesk({ dropped: Object.fromEntries(tally.totals) });
    log({ key: line.first ? `desk:log.droppedFirst.${line.reason}` : `desk:log.dropped.${line.reason}`, params: { count: line.count, peerId: line.peerId } }, 'conditions', line.peerId);
  };
  let unshownDrops = false;
  transport.on('dropped', (peerId, reason) => {
    const line = tally.count(peerId, reason, now());
    if (line) logDrops(line);
    else unshownDrops = true;
  });
  // The counts reach the store at most once a second: a partitioned link drops many messages a second.
  window.setInterval(() => {
    for (const line of tally.flush(now())) logDrops(line);
    if (unshownDrops) s().setDesk({ dropped: Object.fromEntries(tally.totals) });
    unshownDrops = false;
  }, 1_000);

  const roundTrips = measureRoundTrips(
    node,
    (peerId, rtt) => s().setDesk({ rttMs: { ...s().desk.rttMs, [peerId]: rtt } }),
    (peerId) => {
      const { [peerId]: _gone, ...rest } = s().desk.rttMs;
      s().setDesk({ rttMs: rest });
    },
    (fn, ms) => {
      const timer = window.setInterval(fn, ms);
      return () => window.clearInterval(timer);
    },
  );

  return {
    teacher,
    joined: (settings) => {
      apply(settings);
      if (teacher.hasKey) void teacher.claim();
    },
    get kicked() {
      return kicked;
    },
  };
}
