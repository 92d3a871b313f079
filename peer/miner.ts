/**
 * Mining in the headless peer with the page's own MiningController (web/mining), so templates,
 * restarts on a new tip and nonce splitting are the same code. The controller creates its workers
 * with the Web Worker constructor; Node has none, so a stand-in built on worker_threads is
 * installed for this process only. It runs peer/miner-worker.ts through tsx in the thread.
 */
import { Worker as ThreadWorker } from 'node:worker_threads';
import type { Node } from '../shared/node/node';
import { MiningController, type MiningStatus } from '../web/mining/mining-controller';
import type { FromMiner, ToMiner } from '../web/mining/miner-protocol';

const WORKER_FILE = new URL('./miner-worker.ts', import.meta.url).href;

/** The part of the Web Worker API the controller uses. */
class NodeMinerWorker {
  onmessage: ((event: { data: FromMiner }) => void) | null = null;
  onerror: ((event: { message: string }) => void) | null = null;
  private readonly thread: ThreadWorker;

  constructor() {
    // The thread has no TypeScript loader of its own: tsx's API imports the worker file for it.
    const boot = `import('tsx/esm/api').then(({ tsImport }) => tsImport(${JSON.stringify(WORKER_FILE)}, ${JSON.stringify(import.meta.url)}))`;
    this.thread = new ThreadWorker(boot, { eval: true });
    this.thread.on('message', (data: FromMiner) => this.onmessage?.({ data }));
    this.thread.on('error', (error) => this.onerror?.({ message: error.message }));
    this.thread.unref(); // a mining thread alone does not keep the peer running
  }

  postMessage(message: ToMiner): void {
    this.thread.postMessage(message);
  }

  terminate(): void {
    void this.thread.terminate();
  }
}

export interface PeerMiner {
  /** Mines `blocks` blocks (Infinity: until stopped), one after another. */
  mine(blocks: number): void;
  stop(): void;
  readonly status: MiningStatus;
}

export function createPeerMiner(
  node: Node,
  difficulty: number,
  on: { status(status: MiningStatus): void; error(message: string): void; mined(count: number): void },
): PeerMiner {
  (globalThis as { Worker?: unknown }).Worker ??= NodeMinerWorker;
  let status: MiningStatus | undefined;
  let left = 0;
  let mined = 0;
  const controller = new MiningController(
    node,
    (next) => {
      status = next;
      on.status(next);
    },
    on.error,
    difficulty,
    { workers: 1, maxWorkers: 1 },
  );
  node.events.on('block-accepted', (_entry, source) => {
    if (source.kind !== 'local' || left === 0) return;
    mined += 1;
    left -= 1;
    on.mined(mined);
    // Continuous mining restarts by itself on the new tip (tip-changed comes after this event).
    if (left === 0) controller.stop();
  });
  return {
    mine(blocks) {
      left = blocks;
      if (blocks > 0) controller.start('continuous');
    },
    stop() {
      left = 0;
      controller.stop();
      controller.dispose();
    },
    get status() {
      return status!;
    },
  };
}
