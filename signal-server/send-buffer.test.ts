/**
 * A client that stops reading its connection but keeps the heartbeat going (it sends Engine.IO
 * pongs blindly, which the server accepts) must not make the server queue signals for it without
 * end: the issue saw +200 MiB a minute and an out-of-memory crash. The server drops such a socket
 * once SEND_BUFFER_MAX_BYTES wait unsent, and its heap stays bounded while another client floods.
 */
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { afterEach, expect, it } from 'vitest';
import WebSocket from 'ws';
import { Harness, nextEvent, record, UNLIMITED_BUDGETS } from './test-harness';

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;
const memory = () => {
  const { heapUsed, external } = process.memoryUsage();
  return heapUsed + external;
};
const MiB = 1024 * 1024;

let harness: Harness;
afterEach(async () => {
  await harness.close();
});

/** Joins `room` over a raw WebSocket, then stops reading it; pongs keep going out every 100 ms. */
async function slowReader(url: string, room: string): Promise<{ id: string; stop: () => void }> {
  const ws = new WebSocket(`${url.replace('http', 'ws')}/socket.io/?EIO=4&transport=websocket`);
  const frames: string[] = [];
  let wake: (() => void) | null = null;
  ws.on('message', (data) => {
    frames.push(String(data));
    wake?.();
  });
  const next = async (prefix: string): Promise<string> => {
    for (;;) {
      const index = frames.findIndex((frame) => frame.startsWith(prefix));
      if (index >= 0) return frames.splice(index, 1)[0]!;
      await new Promise<void>((resolve) => (wake = resolve));
    }
  };
  await next('0{'); // Engine.IO open
  ws.send('40'); // Socket.IO connect to "/"
  await next('40');
  ws.send('420["join",{"room":"' + room + '","name":"slow-reader"}]');
  const ack = JSON.parse((await next('430')).slice(3)) as [{ ok: boolean; id: string }];
  expect(ack[0].ok).toBe(true);
  // Stop reading; writing still works, so the heartbeat goes on.
  (ws as unknown as { _socket: { pause(): void } })._socket.pause();
  const heartbeat = setInterval(() => ws.send('3'), 100);
  return { id: ack[0].id, stop: () => (clearInterval(heartbeat), ws.terminate()) };
}

it('drops a socket that stops reading while another floods it, and the heap stays bounded', async () => {
  const noCap = process.env.SEND_BUFFER_NO_CAP === '1'; // for measuring the failure this guards against
  harness = await Harness.start({
    budgets: UNLIMITED_BUDGETS, // the flood is the point here; budgets are tested elsewhere
    pingIntervalMs: 300,
    pingTimeoutMs: 1_000,
    ...(noCap ? { maxSendBufferBytes: Number.POSITIVE_INFINITY } : {}),
  });
  const watcher = await harness.named('victims', 'watcher');
  const flooder = await harness.named('victims', 'flooder');
  const slow = await slowReader(harness.url, 'victims');
  try {
    const left = record<{ id: string }>(watcher.client, 'peer-left');
    gc();
    const before = memory();
    let peak = before;
    const sdp = 'a'.repeat(15 * 1024);
    const floodLimit = 128 * MiB;
    let sent = 0;
    while (sent < floodLimit && !left.some((p) => p.id === slow.id)) {
      for (let i = 0; i < 64; i++) flooder.client.emit('signal', { to: slow.id, data: { type: 'offer', sdp } });
      sent += 64 * sdp.length;
      await flooder.client.emitWithAck('clock'); // the server has handled the batch
      peak = Math.max(peak, memory());
    }
    gc();
    const after = memory();
    console.log(
      `send-buffer ${noCap ? 'without' : 'with'} the cap: flooded ${(sent / MiB).toFixed(0)} MiB; ` +
        `heap+external before ${(before / MiB).toFixed(1)} MiB, peak ${(peak / MiB).toFixed(1)} MiB, after gc ${(after / MiB).toFixed(1)} MiB`,
    );
    expect(left.map((p) => p.id)).toContain(slow.id);
    // Without the cap the flood piles up in the server (≈ the whole 128 MiB); with it, the
    // slow socket goes after its 2 MiB queue plus what the kernel's buffers took.
    expect(peak - before).toBeLessThan(48 * MiB);
    expect(after - before).toBeLessThan(16 * MiB);
    // The flooder and the watcher are unharmed.
    const arrived = nextEvent(watcher.client, 'signal');
    flooder.client.emit('signal', { to: watcher.client.id!, data: { type: 'offer', sdp: 'v=0' } });
    expect(await arrived).toMatchObject({ from: flooder.client.id });
  } finally {
    slow.stop();
  }
}, 120_000);
