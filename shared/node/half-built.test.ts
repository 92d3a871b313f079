/**
 * Chunked messages a hostile peer starts and never finishes: bounded per link (count and
 * characters), dropped after ASSEMBLY_TIMEOUT_MS with an error that says why, and scored, so a peer
 * that keeps doing it is dropped. Over the memory transport, with a raw peer writing the chunks.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ASSEMBLY_TIMEOUT_MS, MAX_OPEN_CHARS } from '../protocol/chunking';
import { CHUNK_CHARS, encodeMessage, MAX_CHUNKS } from '../protocol/messages';
import { createSimulatedMesh } from '../testing/mesh-sim';
import type { NodeErrorEvent } from './node-events';

beforeEach(() => void vi.useFakeTimers());
afterEach(() => void vi.useRealTimers());

async function room() {
  const setTimer = (fn: () => void, ms: number) => {
    const timer = setTimeout(fn, ms);
    return () => clearTimeout(timer);
  };
  const mesh = createSimulatedMesh(['victim', 'honest'], { schedule: (fn, ms) => void setTimeout(fn, ms), now: () => Date.now(), latency: () => 2, setTimer });
  const victim = mesh.node('victim');
  const errors: NodeErrorEvent[] = [];
  const dropped: string[] = [];
  victim.events.on('error', (e) => errors.push(e));
  victim.events.on('peer-dropped', (peer) => dropped.push(peer));
  const attacker = mesh.network.createTransport('attacker');
  mesh.network.connect('attacker', 'victim');
  await vi.advanceTimersByTimeAsync(10);
  /** Chunks 0…upTo-1 of a `count`-chunk message `id`, each `size` characters. */
  const startMessage = (id: number, upTo: number, count = MAX_CHUNKS, size = CHUNK_CHARS) => {
    for (let index = 0; index < upTo; index++) attacker.send('victim', encodeMessage('chunk', { id, index, count, data: 'x'.repeat(size) }));
  };
  return { mesh, victim, errors, dropped, startMessage };
}

describe('half-built chunked messages', () => {
  it('4 messages of 63 of 64 chunks: the link never holds more than one message’s worth, the excess is refused with a reason, and the sender is dropped', async () => {
    const r = await room();
    let most = 0;
    r.victim.events.on('message', () => (most = Math.max(most, r.victim.openAssemblies('attacker')?.chars ?? 0)));
    for (let id = 0; id < 4; id++) {
      r.startMessage(id, MAX_CHUNKS - 1);
      await vi.advanceTimersByTimeAsync(5);
      most = Math.max(most, r.victim.openAssemblies('attacker')?.chars ?? 0);
    }

    expect(most).toBeLessThanOrEqual(MAX_OPEN_CHARS); // unbounded, 4 × 63 × 16 384 ≈ 4.1 M characters were kept
    const refusals = r.errors.filter((e) => e.peerId === 'attacker' && e.code === 'bad-chunk');
    expect(refusals[0]!.detail).toMatch(/open chunked messages on this link would pass 1048576 characters \(message 1 dropped\)/);
    expect(r.dropped).toEqual(['attacker']);
    expect(r.victim.openAssemblies('attacker')).toBeNull(); // gone with the link
  });

  it('messages left unfinished expire after 30 s with a reason, are scored, and a peer that keeps leaving them is dropped', async () => {
    const r = await room();
    for (let id = 0; id < 4; id++) r.startMessage(id, 2, 8, 1_000);
    await vi.advanceTimersByTimeAsync(10);
    expect(r.victim.openAssemblies('attacker')).toEqual({ assemblies: 4, chars: 8_000 });

    await vi.advanceTimersByTimeAsync(ASSEMBLY_TIMEOUT_MS); // the peer sends nothing more: a timer finds them
    const expired = r.errors.filter((e) => e.code === 'chunk-expired');
    expect(expired).toHaveLength(4);
    expect(expired[0]).toMatchObject({ peerId: 'attacker' });
    expect(expired[0]!.detail).toMatch(/chunked message 0 dropped unfinished after 30 s: 2 of 8 chunks, 2000 characters/);
    expect(r.victim.openAssemblies('attacker')).toEqual({ assemblies: 0, chars: 0 });
    expect(r.dropped).toEqual([]); // 40 points

    for (let round = 1; round <= 2; round++) {
      for (let id = 0; id < 4; id++) r.startMessage(10 * round + id, 1, 8, 1_000);
      await vi.advanceTimersByTimeAsync(ASSEMBLY_TIMEOUT_MS + 10);
    }
    expect(r.errors.filter((e) => e.code === 'chunk-expired')).toHaveLength(10); // the 10th reached 100 points
    expect(r.dropped).toEqual(['attacker']);
  });

  it('an honest message in chunks, spread over a few seconds, is rebuilt and never expires', async () => {
    const r = await room();
    const got: string[] = [];
    r.victim.events.on('message', (peer, direction, type) => peer === 'honest-raw' && direction === 'in' && got.push(type));
    const text = encodeMessage('addr', { addrs: Array.from({ length: 250 }, (_, i) => `peer${String(i).padStart(60, '0')}`) });
    const count = Math.ceil(text.length / 4_000);
    const honest = r.mesh.network.createTransport('honest-raw'); // a second raw link, writing chunks slowly
    r.mesh.network.connect('honest-raw', 'victim');
    await vi.advanceTimersByTimeAsync(10);
    for (let index = 0; index < count; index++) {
      honest.send('victim', encodeMessage('chunk', { id: 7, index, count, data: text.slice(index * 4_000, (index + 1) * 4_000) }));
      await vi.advanceTimersByTimeAsync(1_000);
    }
    await vi.advanceTimersByTimeAsync(ASSEMBLY_TIMEOUT_MS);
    expect(count).toBeGreaterThan(3);
    expect(got).toEqual(['addr']);
    expect(r.errors.filter((e) => e.peerId === 'honest-raw')).toEqual([]);
    expect(r.victim.openAssemblies('honest-raw')).toEqual({ assemblies: 0, chars: 0 });
  });
});
