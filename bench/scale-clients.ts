/**
 * One client process of the scale bench (forked by bench/scale-signalling.ts): holds whole rooms of
 * socket.io-client sockets, so a signal's sender and receiver read one clock (performance.now()).
 * Member i of a room connects to server i mod (number of servers). Told by IPC to join, then to
 * signal: each socket sends a candidate to one other member of its room (on another server when
 * there are two) `hz` times a second, stamped with its send time; the receiver notes the delay.
 */
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { io, type Socket } from 'socket.io-client';
import type { ClientToServerEvents, ServerToClientEvents } from '../shared/protocol/signalling';

export type ClientPlan = { rooms: Array<{ room: string; size: number }>; urls: string[]; concurrency: number; joinTimeoutMs: number };
export type SignalPlan = { hz: number; warmupMs: number; measureMs: number; drainMs: number };
export type ToClients = { type: 'join'; plan: ClientPlan } | { type: 'signal'; plan: SignalPlan } | { type: 'close' };
export type FromClients =
  /** `unaware`: (member, other member) pairs where the member was never told of the other (ack or peer-joined). */
  | { type: 'joined'; clients: number; failed: number; firstFailure: string | null; roomsComplete: number; rooms: number; unaware: number }
  | { type: 'signalled'; latenciesMs: number[]; sentOffsetsMs: number[]; unaware: number; sent: number; received: number; errors: Record<string, number>; disconnected: number; loopDelayP99Ms: number }
  | { type: 'error'; message: string };

type Member = { socket: Socket<ServerToClientEvents, ClientToServerEvents>; id: string; server: number; knows: Set<string> };

const STAMP = 'candidate:bench ';
const members: Member[][] = [];
let disconnected = 0;
let measureWindow = { start: Infinity, end: -Infinity };
const latenciesMs: number[] = [];
/** When each measured signal was sent, ms into the window: are slow ones steady or bunched? */
const sentOffsetsMs: number[] = [];
let received = 0;
const errors: Record<string, number> = {};

function send(message: FromClients): void {
  process.send!(message);
}

async function joinOne(url: string, room: string, server: number, timeoutMs: number): Promise<Member> {
  const socket: Member['socket'] = io(url, { transports: ['websocket'], forceNew: true, reconnection: false, timeout: timeoutMs });
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', () => resolve());
    socket.once('connect_error', (error) => reject(new Error(`connect: ${error.message}`)));
  });
  const knows = new Set<string>();
  // Listening before the join: a newcomer right behind us must not be missed.
  socket.on('peer-joined', (peer) => knows.add(peer.id));
  socket.on('signal', ({ data }) => {
    const at = performance.now();
    const sentAt = Number(data.candidate?.candidate.slice(STAMP.length));
    if (sentAt >= measureWindow.start && sentAt < measureWindow.end) {
      received++;
      latenciesMs.push(at - sentAt);
      sentOffsetsMs.push(sentAt - measureWindow.start);
    }
  });
  socket.on('signal-error', (error) => (errors[error.code] = (errors[error.code] ?? 0) + 1));
  socket.on('disconnect', () => disconnected++);
  const ack = await socket.timeout(timeoutMs).emitWithAck('join', { room, topology: 'mesh' });
  if (!ack.ok) {
    socket.disconnect();
    throw new Error(`join refused: ${ack.code}: ${ack.message}`);
  }
  for (const peer of ack.peers) knows.add(peer);
  return { socket, id: ack.id, server, knows };
}

async function joinAll(plan: ClientPlan): Promise<void> {
  const jobs = plan.rooms.flatMap(({ room, size }, r) => Array.from({ length: size }, (_x, i) => ({ room, r, i })));
  plan.rooms.forEach(() => members.push([]));
  let failed = 0;
  let firstFailure: string | null = null;
  let next = 0;
  const worker = async () => {
    while (next < jobs.length) {
      const { room, r, i } = jobs[next++]!;
      const server = i % plan.urls.length;
      try {
        members[r]!.push(await joinOne(plan.urls[server]!, room, server, plan.joinTimeoutMs));
      } catch (error) {
        failed++;
        firstFailure ??= (error as Error).message;
      }
    }
  };
  await Promise.all(Array.from({ length: plan.concurrency }, worker));
  // The last joins' peer-joined events may still be on their way to the earlier members.
  await new Promise((resolve) => setTimeout(resolve, 1_000));
  // A room is one room when every member heard of every other (across servers, through Redis).
  const roomsComplete = members.filter((room) => room.every((m) => room.every((o) => o === m || m.knows.has(o.id)))).length;
  send({ type: 'joined', clients: members.flat().length, failed, firstFailure, roomsComplete, rooms: members.length, unaware: unawarePairs() });
}

/** (member, other member of its room) pairs where the member has not been told of the other. */
function unawarePairs(): number {
  return members.reduce((sum, room) => sum + room.reduce((n, m) => n + room.filter((o) => o !== m && !m.knows.has(o.id)).length, 0), 0);
}

/** Whom member i signals: the next member of its room, skipping its own server's when there are others. */
function targetOf(room: Member[], i: number): Member | undefined {
  const me = room[i]!;
  const crossing = room.some((m) => m.server !== me.server);
  for (let step = 1; step < room.length; step++) {
    const other = room[(i + step) % room.length]!;
    if (!crossing || other.server !== me.server) return other;
  }
  return undefined;
}

async function signalAll(plan: SignalPlan): Promise<void> {
  const periodMs = 1000 / plan.hz;
  let sent = 0;
  const timers: NodeJS.Timeout[] = [];
  const started = performance.now();
  measureWindow = { start: started + plan.warmupMs, end: started + plan.warmupMs + plan.measureMs };
  for (const room of members) {
    room.forEach((member, i) => {
      const target = targetOf(room, i);
      if (!target) return;
      const tick = () => {
        const at = performance.now();
        if (at >= measureWindow.start && at < measureWindow.end) sent++;
        member.socket.emit('signal', { to: target.id, data: { type: 'candidate', candidate: { candidate: `${STAMP}${at}`, sdpMLineIndex: 0, sdpMid: '0' } } });
      };
      // Spread over the period, so the server sees a steady stream rather than one wave per tick.
      timers.push(setTimeout(() => timers.push(setInterval(tick, periodMs)), Math.random() * periodMs));
    });
  }
  // The histogram counts its own 1 ms tick in every sample: subtracted below.
  const loop = monitorEventLoopDelay({ resolution: 1 });
  await new Promise((resolve) => setTimeout(resolve, plan.warmupMs));
  loop.enable();
  await new Promise((resolve) => setTimeout(resolve, plan.measureMs));
  loop.disable();
  timers.forEach((t) => clearTimeout(t));
  await new Promise((resolve) => setTimeout(resolve, plan.drainMs));
  send({ type: 'signalled', latenciesMs, sentOffsetsMs, unaware: unawarePairs(), sent, received, errors, disconnected, loopDelayP99Ms: Math.max(0, loop.percentile(99) / 1e6 - 1) });
}

if (process.send) {
  process.on('message', (message: ToClients) => {
    const run = async () => {
      if (message.type === 'join') await joinAll(message.plan);
      else if (message.type === 'signal') await signalAll(message.plan);
      else {
        for (const m of members.flat()) m.socket.disconnect();
        process.exit(0);
      }
    };
    run().catch((error: unknown) => send({ type: 'error', message: (error as Error).stack ?? String(error) }));
  });
  process.on('disconnect', () => process.exit(0)); // the bench went away: go too
}
