/**
 * Serving is budgeted per peer: a raw hostile peer asking for the same big reply over and over
 * gets about one reply plus the budget, waits for the rest, and is scored and dropped if it keeps
 * asking; an honest late joiner still syncs a long chain from the same tab.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { ChainParams } from '../chain/params';
import { decodeMessage, encodeMessage, MAX_BLOCKS_PER_BATCH } from '../protocol/messages';
import { createSimulatedMesh, mineBlock } from '../testing/mesh-sim';
import type { NodeErrorEvent } from './node-events';
import { MAX_QUEUED_REQUESTS, SERVE_BURST_CHARS, SERVE_CHARS_PER_SECOND } from './serve-budget';

beforeEach(() => void vi.useFakeTimers());
afterEach(() => void vi.useRealTimers());

const PARAMS: ChainParams = { difficulty: 3, spacing: 10, window: 50 };
const CHAIN_LENGTH = 500;

function room() {
  const setTimer = (fn: () => void, ms: number) => {
    const timer = setTimeout(fn, ms);
    return () => clearTimeout(timer);
  };
  const mesh = createSimulatedMesh(['victim', 'joiner'], {
    schedule: (fn, ms) => void setTimeout(fn, ms),
    now: () => Date.now(),
    latency: () => 2,
    setTimer,
    params: PARAMS,
  });
  const victim = mesh.node('victim');
  const hashes: string[] = [];
  for (let i = 0; i < CHAIN_LENGTH; i++) {
    const mined = mineBlock(victim, PARAMS.difficulty);
    if (!mined.ok) throw new Error(mined.detail);
    hashes.push(mined.value.hash);
    vi.setSystemTime(Date.now() + PARAMS.spacing * 1_000); // on schedule: the difficulty stays put
  }
  const errors: NodeErrorEvent[] = [];
  const dropped: string[] = [];
  victim.events.on('error', (e) => errors.push(e));
  victim.events.on('peer-dropped', (peer) => dropped.push(peer));
  return { mesh, victim, hashes, errors, dropped };
}

/** A raw peer linked to the victim that counts the characters of every `blocks` reply (or its chunks) it gets. */
async function asker(r: ReturnType<typeof room>) {
  const attacker = r.mesh.network.createTransport('attacker');
  let received = 0;
  let replies = 0;
  attacker.on('message', (_from, data) => {
    const decoded = decodeMessage(data);
    if (!decoded.ok) return;
    if (decoded.value.type === 'blocks' || decoded.value.type === 'chunk') received += (data as string).length;
    if (decoded.value.type === 'blocks') replies++;
  });
  r.mesh.network.connect('attacker', 'victim');
  await vi.advanceTimersByTimeAsync(10);
  return {
    getBlocks: (hashes: string[]) => attacker.send('victim', encodeMessage('get-blocks', { hashes })),
    received: () => received,
    replies: () => replies,
  };
}

describe('serving budget per peer', () => {
  it('10 get-blocks of the newest 100 blocks in a burst: about one reply plus the budget goes at once, the rest waits its turn', async () => {
    const r = room();
    const a = await asker(r);
    const newest = r.hashes.slice(-MAX_BLOCKS_PER_BATCH);
    for (let i = 0; i < 10; i++) a.getBlocks(newest);
    await vi.advanceTimersByTimeAsync(20);

    const replyChars = encodeMessage('blocks', { blocks: newest.map((h) => r.victim.tree.get(h)!.block) }).length;
    expect(replyChars).toBeGreaterThan(30_000);
    // Unbudgeted, all 10 replies (~10 × replyChars) left at once. Now: the first (new to this peer, free),
    // repeats up to the budget, and the one that takes it into debt.
    expect(a.received()).toBeLessThanOrEqual(replyChars + SERVE_BURST_CHARS + replyChars);
    expect(a.replies()).toBeLessThan(10);
    const refused = r.errors.filter((e) => e.peerId === 'attacker' && e.code === 'serve-flood');
    expect(refused).toHaveLength(Math.max(0, 10 - a.replies() - MAX_QUEUED_REQUESTS));

    // The waiting ones are answered as the budget refills, never faster than it.
    await vi.advanceTimersByTimeAsync(1_000);
    expect(a.received()).toBeLessThanOrEqual(replyChars + SERVE_BURST_CHARS + SERVE_CHARS_PER_SECOND * 1.02 + replyChars);
    await vi.advanceTimersByTimeAsync(10_000);
    expect(a.replies()).toBe(10 - refused.length);
    expect(r.dropped).toEqual([]); // a burst is not dropped
  });

  it('the same 400 headers asked for 20 times: the first reply is free, the repeats are budgeted', async () => {
    const r = room();
    const attacker = r.mesh.network.createTransport('attacker');
    let received = 0;
    attacker.on('message', (_from, data) => {
      const decoded = decodeMessage(data);
      if (decoded.ok && decoded.value.type === 'headers') received += (data as string).length;
    });
    r.mesh.network.connect('attacker', 'victim');
    await vi.advanceTimersByTimeAsync(10);
    const ask = encodeMessage('get-headers', { locator: [r.victim.tree.genesisHash], max: 400 });
    for (let i = 0; i < 20; i++) attacker.send('victim', ask);
    await vi.advanceTimersByTimeAsync(20);

    expect(received).toBeGreaterThan(65_000); // the first answer went at once
    expect(received).toBeLessThanOrEqual(65_236 + SERVE_BURST_CHARS + 65_236); // unbudgeted: 20 × 65 236
    expect(r.errors.filter((e) => e.code === 'serve-flood')).toHaveLength(20 - Math.round(received / 65_236) - MAX_QUEUED_REQUESTS);
  });

  it('a peer that keeps asking faster than the budget is dropped', async () => {
    const r = room();
    const a = await asker(r);
    const newest = r.hashes.slice(-MAX_BLOCKS_PER_BATCH);
    for (let round = 0; round < 50 && r.dropped.length === 0; round++) {
      for (let i = 0; i < 10; i++) a.getBlocks(newest);
      await vi.advanceTimersByTimeAsync(200);
    }
    expect(r.dropped).toEqual(['attacker']);
    expect(r.errors.filter((e) => e.code === 'serve-flood')).toHaveLength(20); // 5 points each, 100 to drop
    expect(r.mesh.network.isLinked('attacker', 'victim')).toBe(false);
  });

  it(`an honest late joiner syncs all ${CHAIN_LENGTH} blocks from the same tab, never scored`, async () => {
    const r = room();
    r.mesh.network.connect('victim', 'joiner');
    const joiner = r.mesh.node('joiner');
    for (let waited = 0; waited < 60_000 && joiner.tip.hash !== r.victim.tip.hash; waited += 100) await vi.advanceTimersByTimeAsync(100);

    expect(joiner.tip.height).toBe(CHAIN_LENGTH);
    expect(joiner.tip.hash).toBe(r.victim.tip.hash);
    expect(r.errors).toEqual([]);
  });
});
