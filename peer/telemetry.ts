/**
 * The headless peer's reports to the room, so it appears in the overlay graph and block figures
 * like any tab, marked `kind: 'headless'`: its links by tab name, its tip, and when and from whom
 * each block arrived. The same pure
 * pieces as the page (shared/telemetry); web/app/room-telemetry.ts does this for a tab, with its
 * store and window timers.
 */
import { MINED_HERE } from '../shared/protocol/room-report';
import type { Node } from '../shared/node/node';
import { ClockOffset, type ClockSample } from '../shared/telemetry/clock-offset';
import { ArrivalLog, buildReport } from '../shared/telemetry/report-builder';
import { sampleServerClock, type SignallingSocket } from '../web/net/signalling-client';

const REPORT_EVERY_MS = 1_000;
const CLOCK_EVERY_MS = 30_000;
const CLOCK_SAMPLES_ON_JOIN = 3;

export interface PeerTelemetry {
  /** After every successful join: a new connection has no report on the server yet. */
  joined(sample: ClockSample): void;
  stop(): void;
}

export function reportToRoom(node: Node, socket: SignallingSocket, name: string, now: () => number): PeerTelemetry {
  const clock = new ClockOffset();
  const arrivals = new ArrivalLog();
  const peerNames = new Map<string, string>();
  let joined = false;
  let lastSent = '';
  const offs = [
    node.events.on('peer-named', (peerId, peerName) => peerNames.set(peerId, peerName)),
    node.events.on('peer-close', (peerId) => peerNames.delete(peerId)),
    node.events.on('block-accepted', (entry, source) => {
      if (source.kind === 'store') return; // read back from disk: not news
      const from = source.kind === 'local' ? MINED_HERE : (peerNames.get(source.peerId) ?? source.peerId);
      arrivals.add({ hash: entry.hash, localAt: now(), from });
    }),
  ];
  const tick = () => {
    if (!joined || !socket.connected) return;
    const built = buildReport({
      name,
      links: node.peerIds().flatMap((id) => peerNames.get(id) ?? []),
      arrivals: arrivals.recent(),
      toServerTime: (ms) => clock.toServerTime(ms),
      traffic: (hash) => {
        const t = node.stats.totals(hash);
        return { messages: t.messagesIn + t.messagesOut, bytes: t.bytesIn + t.bytesOut };
      },
    });
    // Marked headless, so the room's graphs draw it apart from the tabs; its tip colours it on the stage.
    const report = { ...built, tip: { hash: node.tip.hash, height: node.tip.height }, kind: 'headless' as const };
    const text = JSON.stringify(report);
    if (text === lastSent) return;
    lastSent = text;
    socket.emit('report', report);
  };
  const readClock = async (times: number) => {
    for (let i = 0; i < times; i++) {
      const sample = await sampleServerClock(socket, now);
      if (sample) clock.add(sample);
    }
  };
  const onDisconnect = () => {
    joined = false;
  };
  socket.on('disconnect', onDisconnect);
  const timers = [setInterval(tick, REPORT_EVERY_MS), setInterval(() => void readClock(1), CLOCK_EVERY_MS)];
  timers.forEach((t) => t.unref());
  return {
    joined(sample) {
      clock.add(sample);
      joined = true;
      lastSent = '';
      void readClock(CLOCK_SAMPLES_ON_JOIN);
    },
    stop() {
      offs.forEach((off) => off());
      socket.off('disconnect', onDisconnect);
      timers.forEach((t) => clearInterval(t));
    },
  };
}
