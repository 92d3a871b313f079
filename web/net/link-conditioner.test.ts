import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { seededRandom } from '../../shared/testing/seeded-random';
import { NO_CONDITIONS } from '../../shared/transport/conditioner';
import { LinkConditioner } from './link-conditioner';

beforeEach(() => void vi.useFakeTimers());
afterEach(() => void vi.useRealTimers());

/** This tab is 'me'; peers p-a1, p-b1 are named a1, b1; p-stranger has no known name. */
function tab(random = seededRandom(4)) {
  const names: Record<string, string> = { 'p-a1': 'a1', 'p-b1': 'b1' };
  const conditioner = new LinkConditioner({
    now: () => Date.now(),
    setTimer: (fn, ms) => {
      const t = setTimeout(fn, ms);
      return () => clearTimeout(t);
    },
    random,
    selfName: () => 'me',
    tabNameOf: (peerId) => names[peerId],
  });
  const got: Array<{ from: string; data: string; at: number }> = [];
  const dropped: Array<{ from: string; reason: string }> = [];
  const receive = (from: string, data: string) =>
    conditioner.receive(
      from,
      data,
      () => got.push({ from, data, at: Date.now() }),
      (reason) => dropped.push({ from, reason }),
    );
  return { conditioner, got, dropped, receive };
}

describe('the link conditioner between a data channel and the Node', () => {
  it('without conditions hands every message straight through, in the same tick', () => {
    const { got, receive } = tab();
    receive('p-a1', 'x');
    expect(got.map((g) => g.data)).toEqual(['x']);
  });

  it('delays by latency ± jitter and keeps each link’s order', async () => {
    const { conditioner, got, receive } = tab();
    expect(conditioner.set({ ...NO_CONDITIONS, latencyMs: 200, jitterMs: 100 }).ok).toBe(true);
    const start = Date.now();
    for (let i = 0; i < 40; i++) {
      receive('p-a1', `a${i}`);
      receive('p-b1', `b${i}`);
      await vi.advanceTimersByTimeAsync(3);
    }
    expect(got).toEqual([]); // nothing before latency − jitter = 100 ms
    await vi.runAllTimersAsync();
    const from = (peer: string) => got.filter((g) => g.from === peer).map((g) => g.data);
    expect(from('p-a1')).toEqual(Array.from({ length: 40 }, (_, i) => `a${i}`));
    expect(from('p-b1')).toEqual(Array.from({ length: 40 }, (_, i) => `b${i}`));
    for (const g of got) expect(g.at - start).toBeGreaterThanOrEqual(100);
    expect(Math.max(...got.map((g) => g.at - start))).toBeLessThanOrEqual(40 * 3 + 300);
  });

  it('after the latency is lifted, a new message still waits for those queued ahead of it', async () => {
    const { conditioner, got, receive } = tab();
    conditioner.set({ ...NO_CONDITIONS, latencyMs: 500 });
    receive('p-a1', 'slow');
    conditioner.set(NO_CONDITIONS);
    receive('p-a1', 'fast');
    expect(got).toEqual([]);
    await vi.runAllTimersAsync();
    expect(got.map((g) => g.data)).toEqual(['slow', 'fast']);
  });

  it('drops across a partition with the reason, counts it, and delivers again once healed', () => {
    const { conditioner, got, dropped, receive } = tab();
    conditioner.set({ ...NO_CONDITIONS, partition: { groups: [['me', 'a1'], ['b1']] } });
    receive('p-a1', 'same side');
    receive('p-b1', 'other side');
    receive('p-stranger', 'unnamed');
    expect(got.map((g) => g.data)).toEqual(['same side']);
    expect(dropped).toEqual([
      { from: 'p-b1', reason: 'partition' },
      { from: 'p-stranger', reason: 'partition' },
    ]);
    expect(conditioner.dropped).toEqual({ partition: 2, loss: 0 });
    expect(conditioner.reaches('p-b1')).toBe(false);
    expect(conditioner.reaches('p-a1')).toBe(true);

    conditioner.set(NO_CONDITIONS);
    receive('p-b1', 'healed');
    expect(got.map((g) => g.data)).toEqual(['same side', 'healed']);
    expect(conditioner.reaches('p-b1')).toBe(true);
  });

  it('loss drops about the share set, each drop reported as loss', () => {
    const { conditioner, got, dropped, receive } = tab(seededRandom(8));
    conditioner.set({ ...NO_CONDITIONS, loss: 0.3 });
    for (let i = 0; i < 2000; i++) receive('p-a1', 'x');
    expect(got.length + dropped.length).toBe(2000);
    expect(new Set(dropped.map((d) => d.reason))).toEqual(new Set(['loss']));
    // Binomial(2000, 0.3): sd ≈ 20.5; four of them either side.
    expect(conditioner.dropped.loss).toBeGreaterThan(600 - 82);
    expect(conditioner.dropped.loss).toBeLessThan(600 + 82);
  });

  it('a closed link loses what it still had in flight', async () => {
    const { conditioner, got, receive } = tab();
    conditioner.set({ ...NO_CONDITIONS, latencyMs: 300 });
    receive('p-a1', 'in flight');
    receive('p-b1', 'other link');
    expect(conditioner.inFlight).toBe(2);
    conditioner.forget('p-a1');
    await vi.runAllTimersAsync();
    expect(got.map((g) => g.data)).toEqual(['other link']);
    expect(conditioner.inFlight).toBe(0);
  });

  it('refuses bad conditions with the reason and keeps the ones it had', () => {
    const { conditioner } = tab();
    conditioner.set({ ...NO_CONDITIONS, latencyMs: 100 });
    const result = conditioner.set({ latencyMs: 100, jitterMs: 0, loss: 2 });
    expect(result).toMatchObject({ ok: false, reason: 'bad-conditions' });
    expect(!result.ok && result.detail).toContain('loss');
    expect(conditioner.current.latencyMs).toBe(100);
    expect(conditioner.current.loss).toBe(0);
  });
});
