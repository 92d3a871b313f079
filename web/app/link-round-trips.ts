/**
 * The round trip of every open link, measured with the Node's ping/pong (shared/node/pings.ts) a
 * few times a minute and shown in the peer list, so a class can see the teacher's latency arrive:
 * a latency L on receive in every tab adds about 2·L to a round trip. Every ping and pong is a
 * line in the event log, so the pace is slow; a change of conditions asks for a round at once.
 */
import type { Node } from '../../shared/node/node';

export const PING_EVERY_MS = 10_000;

export function measureRoundTrips(
  node: Node,
  onRoundTrip: (peerId: string, rttMs: number) => void,
  onClosed: (peerId: string) => void,
  every: (fn: () => void, ms: number) => () => void,
): { pingAll(): void; stop(): void } {
  const pingAll = () => {
    for (const peerId of node.peerIds()) node.ping(peerId);
  };
  const offs = [
    node.events.on('pong', (peerId, _nonce, rttMs) => onRoundTrip(peerId, rttMs)),
    // A new link is measured at once rather than a few seconds later.
    node.events.on('peer-named', (peerId) => void node.ping(peerId)),
    node.events.on('peer-close', onClosed),
    every(pingAll, PING_EVERY_MS),
  ];
  return { pingAll, stop: () => offs.forEach((off) => off()) };
}
