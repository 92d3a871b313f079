/**
 * Room telemetry in a tab: note when and from whom each block arrives, tell the server about it
 * (and about our links) about once a second when something changed, and put the room's reports
 * in the store. The sums are pure (shared/telemetry); this file only collects and carries.
 */
import { applyRoomReports, MINED_HERE, roomReportsSchema } from '../../shared/protocol/room-report';
import type { Node } from '../../shared/node/node';
import { ClockOffset, type ClockSample } from '../../shared/telemetry/clock-offset';
import { ArrivalLog, buildReport } from '../../shared/telemetry/report-builder';
import { sampleServerClock, type SignallingSocket } from '../net/signalling-client';
import { collectMessageEvents } from '../stage/message-collector';
import type { MeshStore } from '../store/mesh-store';

/** How often the report is rebuilt (and sent if it changed), and the clock re-read. */
const REPORT_EVERY_MS = 1_000;
const CLOCK_EVERY_MS = 30_000;
/** Clock readings right after a join: the best of a few beats one unlucky round trip. */
const CLOCK_SAMPLES_ON_JOIN = 3;

export interface RoomTelemetry {
  /** Call after every successful join: the server forgot our report if this is a new connection. */
  joined(sample: ClockSample): void;
  stop(): void;
}

export function reportToRoom(
  node: Node,
  socket: SignallingSocket,
  store: MeshStore,
  name: string,
  now: () => number,
  /** `key` is under 'app.' in the 'log' catalogue. */
  log: (key: string) => void,
): RoomTelemetry {
  const clock = new ClockOffset();
  const arrivals = new ArrivalLog();
  const peerNames = new Map<string, string>();
  let joined = false;
  let lastSent = '';
  // This tab's sent messages, a batch per report, for the stages of the room (web/stage).
  const collector = collectMessageEvents(node, name, (id) => peerNames.get(id), now, (ms) => clock.toServerTime(ms));

  const offs = [
    node.events.on('peer-named', (peerId, peerName) => peerNames.set(peerId, peerName)),
    node.events.on('peer-close', (peerId) => peerNames.delete(peerId)),
    node.events.on('block-accepted', (entry, source) => {
      // Blocks restored from this tab's own storage did not arrive now; they are not news.
      if (source.kind === 'store') return;
      const from = source.kind === 'local' ? MINED_HERE : (peerNames.get(source.peerId) ?? source.peerId);
      arrivals.add({ hash: entry.hash, localAt: now(), from });
    }),
  ];

  const tick = () => {
    if (!joined || !socket.connected) return;
    const report = buildReport({
      name,
      links: node.peerIds().flatMap((id) => peerNames.get(id) ?? []),
      arrivals: arrivals.recent(),
      toServerTime: (ms) => clock.toServerTime(ms),
      traffic: (hash) => {
        const t = node.stats.totals(hash);
        return { messages: t.messagesIn + t.messagesOut, bytes: t.bytesIn + t.bytesOut };
      },
    });
    const tip = node.tip;
    const withTip = { ...report, tip: { hash: tip.hash, height: tip.height } };
    const batch = collector.flush();
    const text = JSON.stringify(withTip);
    // Only when something changed, or there are messages to tell (compared without them: a batch is always new).
    if (text === lastSent && batch === null) return;
    lastSent = text;
    socket.emit('report', batch === null ? withTip : { ...withTip, messages: batch });
  };
  const readClock = async (times: number) => {
    for (let i = 0; i < times; i++) {
      const sample = await sampleServerClock(socket, now);
      if (sample) clock.add(sample);
    }
  };

  const onReports = (message: unknown) => {
    const parsed = roomReportsSchema.safeParse(message);
    if (!parsed.success) return log('reportsMalformed');
    // A full message replaces the room's reports; a delta changes the ones it names (and drops `removed`).
    store.getState().setRoomReports(applyRoomReports(store.getState().roomReports, parsed.data));
  };
  socket.on('room-reports', onReports);
  // Reports go only "while joined and connected": after a reconnect the server has not seen us
  // join again until the rejoin ack (joined() is called then), and it would answer not-joined.
  const onDisconnect = () => {
    joined = false;
  };
  socket.on('disconnect', onDisconnect);
  const timers = [window.setInterval(tick, REPORT_EVERY_MS), window.setInterval(() => void readClock(1), CLOCK_EVERY_MS)];

  return {
    joined(sample) {
      clock.add(sample);
      joined = true;
      lastSent = ''; // a new connection: the server has no report of ours yet
      void readClock(CLOCK_SAMPLES_ON_JOIN);
    },
    stop() {
      offs.forEach((off) => off());
      collector.stop();
      socket.off('room-reports', onReports);
      socket.off('disconnect', onDisconnect);
      timers.forEach((t) => window.clearInterval(t));
    },
  };
}
