/**
 * The headless peer's chain file on a real disk (a temp folder): what a restart reads back, what a
 * crash mid-write leaves, and what it refuses rather than start on half a chain.
 */
import { mkdtempSync, readFileSync, rmSync, truncateSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { blockHash } from '../shared/chain/block';
import { createGenesis, FREE_CHAIN_PARAMS, GENESIS_HASH } from '../shared/chain/params';
import { createSimulatedMesh } from '../shared/testing/mesh-sim';
import { chainOf } from '../web/persistence/test-chain';
import { headerFor } from './chain-file';
import { CHAIN_FILE, openChainFile, type OpenedChain } from './file-store';
import { restoreChain } from './restore';

const expected = headerFor(GENESIS_HASH, FREE_CHAIN_PARAMS);
const now = () => 1_764_000_000_000 + 3_600_000;
const freshNode = () => createSimulatedMesh(['me'], { schedule: () => undefined, now }).node('me');
let dir: string;
const chainPath = () => join(dir, CHAIN_FILE);

function open(): OpenedChain {
  const opened = openChainFile(dir, expected);
  if (!opened.ok) throw new Error(`expected the file to open: ${opened.detail}`);
  return opened.value;
}

async function writeChain(length: number): Promise<void> {
  const file = open();
  await file.saveBlocks(chainOf(length));
  file.close();
}

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'meshchain-peer-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('the headless peer chain file', () => {
  it('gives back every block after a restart, and a fresh node validates them to the same tip', async () => {
    const first = open();
    expect(first.blocks).toEqual([]);
    await first.saveBlocks(chainOf(3));
    await first.saveBlocks(chainOf(5).slice(3)); // a second batch appends after the first
    first.close();

    const again = open();
    expect(again.droppedTornBytes).toBe(0);
    expect(again.blocks.map((b) => b.hash)).toEqual(chainOf(5).map((b) => b.hash));
    const node = freshNode();
    const restored = restoreChain(node, again.blocks);
    expect(restored).toEqual({ ok: true, value: { restored: 5 } });
    expect(node.tip.hash).toBe(chainOf(5)[4]!.hash);
    again.close();
  });

  it('drops a last line cut short by a crash, says how much, and appends cleanly after it', async () => {
    await writeChain(5);
    const full = readFileSync(chainPath(), 'utf8');
    truncateSync(chainPath(), Buffer.byteLength(full) - 40); // the fifth block's line lost its end

    const reopened = open();
    expect(reopened.droppedTornBytes).toBeGreaterThan(0);
    expect(reopened.blocks.map((b) => b.height)).toEqual([1, 2, 3, 4]);
    // The torn bytes are gone from disk, so the next append starts on a line of its own.
    expect(readFileSync(chainPath(), 'utf8').endsWith('\n')).toBe(true);
    await reopened.saveBlocks(chainOf(5).slice(4));
    reopened.close();

    const healed = open();
    expect(healed.droppedTornBytes).toBe(0);
    expect(healed.blocks.map((b) => b.height)).toEqual([1, 2, 3, 4, 5]);
    healed.close();
  });

  it('refuses a file damaged in the middle, names the line, leaves the file as it was and releases the folder', async () => {
    await writeChain(5);
    const lines = readFileSync(chainPath(), 'utf8').split('\n');
    lines[3] = lines[3]!.slice(0, 50) + lines[3]!.slice(60); // block 3's record, ten characters gone
    const damaged = lines.join('\n');
    writeFileSync(chainPath(), damaged);

    const opened = openChainFile(dir, expected);
    expect(opened.ok).toBe(false);
    if (opened.ok) return;
    expect(opened.reason).toBe('refused');
    expect(opened.detail).toContain('line 4');
    expect(opened.detail).toContain('mv ');
    expect(readFileSync(chainPath(), 'utf8')).toBe(damaged);
    // Refused, not stuck: once moved aside, the same folder opens (and starts a new chain).
    rmSync(chainPath());
    expect(open().blocks).toEqual([]);
  });

  it('refuses a record whose block does not hash to the hash stored with it', async () => {
    await writeChain(3);
    const lines = readFileSync(chainPath(), 'utf8').split('\n');
    lines[2] = lines[2]!.replace('"nonce":0', '"nonce":1');
    writeFileSync(chainPath(), lines.join('\n'));
    const opened = openChainFile(dir, expected);
    expect(opened.ok ? 'opened' : opened.detail).toMatch(/line 3: hash-mismatch/);
  });

  it('refuses a file whose blocks do not chain: the node finds the gap and names the line', async () => {
    const file = open();
    const chain = chainOf(4);
    await file.saveBlocks([chain[0]!, chain[2]!, chain[3]!]); // block 2 never written
    file.close();
    const node = freshNode();
    const restored = restoreChain(node, open().blocks);
    expect(restored.ok).toBe(false);
    if (!restored.ok) expect(restored.detail).toMatch(/^line 3: block [0-9a-f]{12}… \(height 3\) refused by validation/);
  });

  it("refuses another chain's file (other rules, other genesis) and says which rules it holds", async () => {
    await writeChain(2);
    const rules = { ...FREE_CHAIN_PARAMS, difficulty: 6, spacing: 10 };
    const opened = openChainFile(dir, headerFor(blockHash(createGenesis(rules)), rules));
    expect(opened.ok).toBe(false);
    if (opened.ok) return;
    expect(opened.detail).toContain('another chain (difficulty 0, interval 0 s)');
    expect(opened.detail).toContain('this peer runs difficulty 6, interval 10 s');
  });

  it('lets one peer use a folder at a time, and takes over a lock left by a process that died', () => {
    const first = open();
    const second = openChainFile(dir, expected, process.pid + 1);
    expect(second.ok ? 'opened' : second.reason).toBe('locked');
    first.close();
    writeFileSync(join(dir, 'peer.lock'), '2147483646'); // no such process
    const third = openChainFile(dir, expected);
    expect(third.ok).toBe(true);
    if (third.ok) third.value.close();
    expect(existsSync(join(dir, 'peer.lock'))).toBe(false);
  });
});
