import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { coinbaseTx, type Block } from '../chain/block';
import { toHex } from '../chain/bytes';
import { serializeHeader } from '../chain/header';
import { merkleRoot } from '../chain/merkle';
import type { ChainParams } from '../chain/params';
import { searchNonce } from '../chain/pow';
import { bitsForDifficulty } from '../chain/target';
import { decodeMessage, encodeMessage, MAX_HEADERS_PER_BATCH, type Message } from '../protocol/messages';
import { createSimulatedMesh, mineBlock } from '../testing/mesh-sim';
import type { MemoryTransport } from '../transport/memory';
import { MAX_REQUESTS_PER_PEER } from './block-requests';

beforeEach(() => void vi.useFakeTimers());
afterEach(() => void vi.useRealTimers());

const PARAMS: ChainParams = { difficulty: 3, spacing: 10, window: 50 };

function room() {
  const setTimer = (fn: () => void, ms: number) => {
    const timer = setTimeout(fn, ms);
    return () => clearTimeout(timer);
  };
  const mesh = createSimulatedMesh(['honest', 'newcomer'], {
    schedule: (fn, ms) => void setTimeout(fn, ms),
    now: () => Date.now(),
    latency: () => 2,
    setTimer,
    params: PARAMS,
  });
  for (let i = 0; i < 8; i++) mineBlock(mesh.node('honest'), PARAMS.difficulty);
  const attacker = mesh.network.createTransport('attacker');
  return { mesh, attacker, newcomer: mesh.node('newcomer'), honest: mesh.node('honest') };
}

/** Answers the victim's requests with `answer`; records what it was asked. */
function serve(attacker: MemoryTransport, answer: (m: Message) => string | null): Message[] {
  const asked: Message[] = [];
  attacker.on('message', (_from, data) => {
    const decoded = decodeMessage(data);
    if (!decoded.ok) return;
    asked.push(decoded.value);
    const reply = answer(decoded.value);
    if (reply) attacker.send('newcomer', reply);
  });
  return asked;
}

const bigClaim = (genesis: string) =>
  encodeMessage('status', { name: 'liar', address: '00'.repeat(20), genesis, tip: 'ee'.repeat(32), height: 9999, work: 'ffffffffff' });

/** A chain of blocks that each meet their own (trivial) bits but not the room's rules. */
function cheapChain(from: string, count: number): Block[] {
  const blocks: Block[] = [];
  let prev = from;
  for (let i = 0; i < count; i++) {
    const txs = [coinbaseTx(i + 1, 'liar')];
    const header = { version: 1, prevHash: prev, merkleRoot: merkleRoot(txs), time: Math.floor(Date.now() / 1000) - 1000 + i, bits: bitsForDifficulty(0), nonce: 0 };
    const found = searchNonce(header, 0, 1 << 20);
    if (!found.found) throw new Error('no nonce');
    blocks.push({ header: { ...header, nonce: found.nonce }, txs });
    prev = found.hash;
  }
  return blocks;
}

/** The liar connects and claims far more work; only then does the honest peer connect. */
async function liarFirstThenHonest({ mesh, attacker, newcomer }: ReturnType<typeof room>): Promise<void> {
  mesh.network.connect('attacker', 'newcomer');
  await vi.advanceTimersByTimeAsync(5);
  attacker.send('newcomer', bigClaim(newcomer.tree.genesisHash));
  await vi.advanceTimersByTimeAsync(50);
  mesh.network.connect('honest', 'newcomer');
}

describe('a node facing peers that lie', () => {
  it('a peer that claims more work but serves nothing does not keep it from syncing with an honest one', async () => {
    const room_ = room();
    const { attacker, newcomer, honest } = room_;
    const asked = serve(attacker, (m) => (m.type === 'get-headers' ? encodeMessage('headers', { headers: [] }) : null));
    await liarFirstThenHonest(room_);
    await vi.advanceTimersByTimeAsync(1_000);
    expect(newcomer.tip.hash).toBe(honest.tip.hash);
    expect(asked.filter((m) => m.type === 'get-headers').length).toBeLessThanOrEqual(2);
  });

  it('cheap headers are caught at their first body: one batch asked, the liar penalised, the honest chain synced', async () => {
    const room_ = room();
    const { attacker, newcomer, honest } = room_;
    const fake = cheapChain(newcomer.tree.genesisHash, MAX_HEADERS_PER_BATCH);
    const asked = serve(attacker, (m) => {
      if (m.type === 'get-headers') return encodeMessage('headers', { headers: fake.map((b) => toHex(serializeHeader(b.header))) });
      if (m.type === 'get-blocks') return encodeMessage('blocks', { blocks: fake.slice(0, m.hashes.length) });
      return null;
    });
    const errors: string[] = [];
    newcomer.events.on('error', (e) => errors.push(`${e.peerId}:${e.code}`));
    await liarFirstThenHonest(room_);
    await vi.advanceTimersByTimeAsync(1_000);
    expect(errors).toContain('attacker:bad-target');
    expect(asked.filter((m) => m.type === 'get-headers')).toHaveLength(1);
    expect(newcomer.tip.hash).toBe(honest.tip.hash);
  });

  it('announcing heaps of made-up blocks gets at most a bounded number asked for', async () => {
    const { mesh, attacker, newcomer } = room();
    const asked = serve(attacker, () => null);
    mesh.network.connect('attacker', 'newcomer');
    await vi.advanceTimersByTimeAsync(5);
    for (let i = 0; i < 5; i++) {
      const hashes = Array.from({ length: 500 }, (_, j) => (i * 500 + j).toString(16).padStart(64, '0'));
      attacker.send('newcomer', encodeMessage('inv', { hashes }));
    }
    await vi.advanceTimersByTimeAsync(50);
    const requested = asked.flatMap((m) => (m.type === 'get-data' ? m.hashes : []));
    expect(requested).toHaveLength(MAX_REQUESTS_PER_PEER);
    expect(newcomer.tip.height).toBe(0);
  });

  it('unasked side-branch blocks that would not move the tip are not stored', async () => {
    const { mesh, attacker, newcomer, honest } = room();
    mesh.network.connect('honest', 'newcomer');
    mesh.network.connect('attacker', 'newcomer');
    await vi.advanceTimersByTimeAsync(1_000);
    expect(newcomer.tip.hash).toBe(honest.tip.hash);
    const before = newcomer.tree.size;
    // Siblings of block 1, each with a different coinbase and real (room-level) proof of work.
    const genesis = newcomer.tree.genesisHash;
    for (let i = 0; i < 5; i++) {
      const txs = [coinbaseTx(1, `spam${i}`)];
      const header = { version: 1, prevHash: genesis, merkleRoot: merkleRoot(txs), time: Math.floor(Date.now() / 1000), bits: bitsForDifficulty(PARAMS.difficulty), nonce: 0 };
      const found = searchNonce(header, 0, 1 << 22);
      if (!found.found) throw new Error('no nonce');
      attacker.send('newcomer', encodeMessage('block', { block: { header: { ...header, nonce: found.nonce }, txs } }));
    }
    await vi.advanceTimersByTimeAsync(50);
    expect(newcomer.tree.size).toBe(before);
  });
});
