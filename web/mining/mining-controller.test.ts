import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Node } from '../../shared/node/node';
import { MiningController, type MiningStatus } from './mining-controller';

/** Stands in for the miner worker: records what the controller tells it. */
class RecordingWorker {
  static all: RecordingWorker[] = [];
  posted: Array<{ type: string }> = [];
  terminated = false;
  onmessage: unknown = null;
  onerror: unknown = null;
  constructor() {
    RecordingWorker.all.push(this);
  }
  postMessage(message: { type: string }) {
    this.posted.push(message);
  }
  terminate() {
    this.terminated = true;
  }
}

const node = {
  events: { on: () => () => {} },
  blockTemplate: () => ({ header: { version: 1, prevHash: '00', merkleRoot: '00', time: 0, bits: 0, nonce: 0 }, txs: [] }),
} as unknown as Node;

describe("the room's pause and worker cap in a tab's miner", () => {
  let status: MiningStatus;
  let controller: MiningController;
  beforeEach(() => {
    RecordingWorker.all = [];
    vi.stubGlobal('Worker', RecordingWorker);
    controller = new MiningController(node, (s) => (status = s), () => {}, 6, { workers: 3, maxWorkers: 4 });
  });
  afterEach(() => vi.unstubAllGlobals());

  it('a pause stops a tab mining continuously, refuses to start, and a resume goes on as before', () => {
    controller.start('continuous');
    expect(status).toMatchObject({ running: true, goal: 'continuous' });
    controller.setPaused(true);
    expect(status).toMatchObject({ running: false, paused: true });
    expect(RecordingWorker.all.every((w) => w.posted.at(-1)?.type === 'stop')).toBe(true);
    controller.start('one-block');
    expect(status.running).toBe(false);
    controller.setPaused(false);
    expect(status).toMatchObject({ running: true, goal: 'continuous', paused: false });
  });

  it('a tab that was not mining stays idle after the resume', () => {
    controller.setPaused(true);
    controller.setPaused(false);
    expect(status).toMatchObject({ running: false, paused: false });
  });

  it('a cap lowers the workers at once and the choice offered; lifting it offers the cores again', () => {
    controller.start('continuous');
    expect(RecordingWorker.all).toHaveLength(3);
    controller.setWorkerCap(2);
    expect(status).toMatchObject({ workers: 2, maxWorkers: 2 });
    expect(RecordingWorker.all.filter((w) => w.terminated)).toHaveLength(1);
    controller.setWorkers(4);
    expect(status.workers).toBe(2);
    controller.setWorkerCap(null);
    expect(status).toMatchObject({ workers: 2, maxWorkers: 4 });
  });
});
