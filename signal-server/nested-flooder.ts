/**
 * A hostile client for socket-guard.test.ts, run as its own process (as an attacker would be):
 * joins `room`, sends 5,000-deep signals (a frame a millisecond per connection), and reconnects each
 * time the server drops it, until killed. Prints "ready" once its first connection is up.
 * Usage: tsx signal-server/nested-flooder.ts URL ROOM CONNECTIONS
 */
import { io } from 'socket.io-client';

const [url, room, connections] = process.argv.slice(2);
const depth = Number(process.env.FLOOD_DEPTH ?? 5_000);
// An EVENT packet; Engine.IO adds its own "4" message prefix.
const frame = `2["signal",${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}]`;
let announced = false;

async function flood(): Promise<void> {
  for (;;) {
    const socket = io(url!, { transports: ['websocket'], reconnection: false, forceNew: true });
    await new Promise<void>((resolve) => socket.once('connect', () => resolve()));
    await socket.emitWithAck('join', { room });
    if (!announced) {
      announced = true;
      console.log('ready');
    }
    while (socket.connected) {
      socket.io.engine.send(frame);
      // One frame a millisecond per connection: a flood for the server, without this process
      // spinning a core of its own (on a 2-core machine that alone would slow the honest pair).
      await new Promise<void>((resolve) => setTimeout(resolve, 1));
    }
  }
}

for (let i = 0; i < Number(connections ?? 2); i++) void flood();
