import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { encodeMessage } from '../protocol/messages';
import { createSimulatedMesh } from '../testing/mesh-sim';
import type { NodeErrorEvent } from './node-events';
import { MAX_PENDING_PINGS, PendingPings, pingNonce } from './pings';

beforeEach(() => void vi.useFakeTimers());
afterEach(() => void vi.useRealTimers());

const ONE_WAY_MS = 25;

/** Two nodes and a raw transport ('raw') linked to 'a', all with the same one-way latency. */
async function pair() {
  const mesh = createSimulatedMesh(['a', 'b'], {
    schedule: (fn, ms) => void setTimeout(fn, ms),
    now: () => Date.now(),
    latency: () => ONE_WAY_MS,
  });
  const raw = mesh.network.createTransport('raw');
  mesh.network.connect('a', 'b');
  mesh.network.connect('a', 'raw');
  await vi.runAllTimersAsync();
  const a = mesh.node('a');
  const pongs: Array<{ peerId: string; nonce: string; rttMs: number }> = [];
  a.events.on('pong', (peerId, nonce, rttMs) => pongs.push({ peerId, nonce, rttMs }));
  const errors: NodeErrorEvent[] = [];
  a.events.on('error', (e) => errors.push(e));
  return { mesh, a, raw, pongs, errors };
}

describe('ping / pong over the memory transport', () => {
  it('measures about twice the one-way latency, and each ping is answered once', async () => {
    const { a, pongs } = await pair();
    const nonce = a.ping('b');
    expect(nonce).toMatch(/^[0-9a-f]{16}$/);
    await vi.runAllTimersAsync();
    expect(pongs).toHaveLength(1);
    expect(pongs[0]!.peerId).toBe('b');
    expect(pongs[0]!.nonce).toBe(nonce);
    expect(pongs[0]!.rttMs).toBeGreaterThanOrEqual(2 * ONE_WAY_MS);
    expect(pongs[0]!.rttMs).toBeLessThanOrEqual(2 * ONE_WAY_MS + 5);

    const second = a.ping('b');
    expect(second).not.toBe(nonce);
    await vi.runAllTimersAsync();
    expect(pongs.map((p) => p.nonce)).toEqual([nonce, second]);
  });

  it('ignores a pong it did not ask for, or one answering another peer’s ping, without penalty', async () => {
    const { a, raw, pongs, errors } = await pair();
    raw.send('a', encodeMessage('pong', { nonce: pingNonce(0) }));
    await vi.runAllTimersAsync();
    expect(pongs).toEqual([]);

    // A ping to b is not answered by raw echoing its nonce, nor twice by b.
    const nonce = a.ping('b')!;
    raw.send('a', encodeMessage('pong', { nonce }));
    await vi.runAllTimersAsync();
    expect(pongs.map((p) => p.peerId)).toEqual(['b']);
    expect(errors).toEqual([]);
  });

  it('answers a ping from any peer at once, with its nonce', async () => {
    const { raw } = await pair();
    const replies: string[] = [];
    raw.on('message', (_from, data) => replies.push(String(data)));
    raw.send('a', encodeMessage('ping', { nonce: 'abcdef0123456789' }));
    await vi.runAllTimersAsync();
    expect(replies.map((r) => JSON.parse(r) as { type: string; nonce?: string }).filter((m) => m.type === 'pong'))
      .toEqual([{ v: 2, type: 'pong', nonce: 'abcdef0123456789' }]);
  });

  it('cannot ping a peer it has no link to', async () => {
    const { a } = await pair();
    expect(a.ping('nobody')).toBeNull();
  });
});

describe('PendingPings', () => {
  it('remembers at most MAX_PENDING_PINGS per peer, forgetting the oldest', () => {
    const pending = new PendingPings();
    for (let i = 0; i <= MAX_PENDING_PINGS; i++) pending.add(pingNonce(i), i);
    expect(pending.size).toBe(MAX_PENDING_PINGS);
    expect(pending.answer(pingNonce(0), 100)).toBeNull();
    expect(pending.answer(pingNonce(MAX_PENDING_PINGS), 100)).toBe(100 - MAX_PENDING_PINGS);
    expect(pending.answer(pingNonce(MAX_PENDING_PINGS), 100)).toBeNull();
  });
});
