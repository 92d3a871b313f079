import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { seededRandom } from '../testing/seeded-random';
import { NO_CONDITIONS } from './conditioner';
import { MemoryNetwork } from './memory';

beforeEach(() => void vi.useFakeTimers());
afterEach(() => void vi.useRealTimers());

/** Three transports, a and b and c, all linked; every message received is recorded with its time. */
async function room(random = seededRandom(11)) {
  const network = new MemoryNetwork({ schedule: (fn, ms) => void setTimeout(fn, ms), now: () => Date.now(), latency: () => 10, random });
  const received: Array<{ to: string; from: string; data: unknown; at: number }> = [];
  const dropped: Array<{ to: string; from: string; reason: string; data: unknown }> = [];
  const ids = ['a', 'b', 'c'];
  const transports = Object.fromEntries(ids.map((id) => [id, network.createTransport(id)]));
  for (const id of ids) {
    transports[id]!.on('message', (from, data) => received.push({ to: id, from, data, at: Date.now() }));
    transports[id]!.on('dropped', (from, reason, data) => dropped.push({ to: id, from, reason, data }));
  }
  network.connect('a', 'b');
  network.connect('b', 'c');
  network.connect('a', 'c');
  await vi.runAllTimersAsync();
  return { network, transports, received, dropped };
}

describe('the memory network under the room’s conditions', () => {
  it('adds the conditions’ latency to the link’s own, and keeps each link in order under jitter', async () => {
    const { network, transports, received } = await room();
    network.setConditions({ ...NO_CONDITIONS, latencyMs: 200, jitterMs: 150 });
    const start = Date.now();
    for (let i = 0; i < 50; i++) transports.a!.send('b', String(i));
    await vi.runAllTimersAsync();
    expect(received.map((r) => r.data)).toEqual(Array.from({ length: 50 }, (_, i) => String(i)));
    for (const r of received) expect(r.at - start).toBeGreaterThanOrEqual(10 + 50);
    expect(Math.max(...received.map((r) => r.at - start))).toBeLessThanOrEqual(10 + 350);
  });

  it('a partition drops both directions between groups, says so on the receiving side, and heals', async () => {
    const { network, transports, received, dropped } = await room();
    network.setConditions({ ...NO_CONDITIONS, partition: { groups: [['a'], ['b', 'c']] } });
    transports.a!.send('b', 'across');
    transports.b!.send('a', 'back');
    transports.b!.send('c', 'inside');
    await vi.runAllTimersAsync();
    expect(received.map((r) => r.data)).toEqual(['inside']);
    expect(dropped).toEqual([
      { to: 'b', from: 'a', reason: 'partition', data: 'across' },
      { to: 'a', from: 'b', reason: 'partition', data: 'back' },
    ]);
    expect(network.dropped).toEqual({ partition: 2, loss: 0 });
    // The links themselves stay open: the channel is up, only data is dropped.
    expect(transports.a!.connectedPeers().sort()).toEqual(['b', 'c']);

    network.setConditions(NO_CONDITIONS);
    transports.a!.send('b', 'healed');
    await vi.runAllTimersAsync();
    expect(received.map((r) => r.data)).toEqual(['inside', 'healed']);
  });

  it('no new link opens across a partition', async () => {
    const network = new MemoryNetwork({ schedule: (fn, ms) => void setTimeout(fn, ms), now: () => Date.now() });
    const a = network.createTransport('a');
    network.createTransport('b');
    network.setConditions({ ...NO_CONDITIONS, partition: { groups: [['a']] } });
    expect(network.connect('a', 'b')).toBe(false);
    await vi.runAllTimersAsync();
    expect(a.connectedPeers()).toEqual([]);
    network.setConditions(NO_CONDITIONS);
    expect(network.connect('a', 'b')).toBe(true);
    await vi.runAllTimersAsync();
    expect(a.connectedPeers()).toEqual(['b']);
  });

  it('loss drops about the set share, counted apart from errors', async () => {
    const { network, transports, received } = await room(seededRandom(12));
    const errors: unknown[] = [];
    transports.a!.on('error', (...e) => errors.push(e));
    network.setConditions({ ...NO_CONDITIONS, loss: 0.5 });
    for (let i = 0; i < 1000; i++) transports.a!.send('b', 'x');
    await vi.runAllTimersAsync();
    expect(network.dropped.loss + received.length).toBe(1000);
    expect(network.dropped.loss).toBeGreaterThan(500 - 64); // sd ≈ 16: four of them
    expect(network.dropped.loss).toBeLessThan(500 + 64);
    expect(errors).toEqual([]);
  });

  it('refuses bad conditions with the reason and keeps the ones it had', async () => {
    const { network } = await room();
    network.setConditions({ ...NO_CONDITIONS, latencyMs: 100 });
    expect(() => network.setConditions({ ...NO_CONDITIONS, latencyMs: 10, jitterMs: 20 })).toThrow(/jitterMs cannot exceed latencyMs/);
    expect(network.currentConditions.latencyMs).toBe(100);
  });
});
