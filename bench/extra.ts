/**
 * Measurements beyond mining for the same `npm run bench` report: how long a new node takes to
 * sync 10,000 blocks — between two real Chromium tabs over WebRTC on loopback (the figure the
 * issue asks for), and between two nodes in one process over the memory transport (the protocol
 * and validation alone, as a reference measured in the same run).
 */
import { join } from 'node:path';
import type { Browser, Page } from 'playwright';
import { createSignalServer } from '../signal-server/server';
import { measureSync } from './sync-10k';

export interface ExtraContext {
  /** The Chromium the mining figures were measured in (same flags as the e2e tests), still open. */
  browser: Browser;
  /** The repository root, for building or serving whatever a measurement needs. */
  repoRoot: string;
}

export interface Measurement {
  label: string;
  value: string;
}

const SYNC_BLOCKS = 10_000;
const ROOM = `?room=bench-sync&difficulty=0&interval=0`;

type MeshchainWindow = {
  meshchain: {
    node: import('../shared/node/node').Node;
    store: import('../web/store/mesh-store').MeshStore;
    writer?: import('../web/persistence/block-writer').BlockWriter;
  };
};

/** Mines `count` blocks inside the tab through its own node (difficulty 0: nearly every nonce wins). */
function mineInTab(page: Page, count: number): Promise<number> {
  return page.evaluate((n) => {
    const { node } = (window as unknown as MeshchainWindow).meshchain;
    for (let i = 0; i < n; i++) {
      const template = node.blockTemplate(0);
      for (let nonce = 0; ; nonce++) {
        const result = node.submitMinedBlock({ ...template, header: { ...template.header, nonce } });
        if (result.ok) break;
        if (result.reason !== 'bad-pow') throw new Error(`${result.reason}: ${result.detail}`);
      }
    }
    return node.tip.height;
  }, count);
}

async function measureTabSync(browser: Browser, repoRoot: string): Promise<{ ms: number; blocks: number }> {
  const server = createSignalServer({ staticDir: join(repoRoot, 'dist') });
  const port = await server.listen(0, '127.0.0.1');
  const context = await browser.newContext();
  try {
    const seed = await context.newPage();
    await seed.goto(`http://localhost:${port}/${ROOM}`);
    await seed.waitForFunction(() => 'meshchain' in window);
    const height = await mineInTab(seed, SYNC_BLOCKS);
    // Let the seed finish saving what it mined, so the figure is the sync, not the seed's disk.
    await seed.evaluate(() => (window as unknown as MeshchainWindow).meshchain.writer?.flush());
    const late = await context.newPage();
    await late.goto(`http://localhost:${port}/${ROOM}`);
    await late.waitForFunction(
      (h) => (window as unknown as MeshchainWindow).meshchain?.node.tip.height === h,
      height,
      { timeout: 120_000, polling: 50 },
    );
    // The late tab's own log stamps when its sync started and when it was done.
    const ms = await late.evaluate(() => {
      const log = (window as unknown as MeshchainWindow).meshchain.store.getState().log;
      const sync = log.filter((e) => e.kind === 'sync');
      const started = sync.find((e) => e.key === 'sync.started' || e.text?.startsWith('sync started'));
      const done = sync.find((e) => e.key === 'sync.done' || e.text?.startsWith('sync done'));
      return started && done ? done.at - started.at : NaN;
    });
    return { ms, blocks: height };
  } finally {
    await context.close();
    await server.close();
  }
}

export async function extraMeasurements({ browser, repoRoot }: ExtraContext): Promise<Measurement[]> {
  const tabs = await measureTabSync(browser, repoRoot);
  const memory = await measureSync(SYNC_BLOCKS);
  return [
    {
      label: `${tabs.blocks}-block sync, Chromium tab to tab over WebRTC (loopback), headers first`,
      value: `${tabs.ms.toFixed(0)} ms`,
    },
    {
      label: `${memory.blocks}-block sync, two nodes in one process (memory transport)`,
      value: `${memory.syncMs.toFixed(0)} ms (validating alone: ${memory.validateOnlyMs.toFixed(0)} ms)`,
    },
    { label: 'sync tab-to-tab / 2 s target', value: (tabs.ms / 2000).toFixed(3) },
  ];
}
