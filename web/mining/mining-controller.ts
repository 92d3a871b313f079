/**
 * Drives the mining worker from the page: hands it a template on the current tip, turns a found
 * nonce into a block for the Node, and restarts on a new tip (ours or a peer's), so work is never
 * spent on a stale parent for longer than one slice of the worker.
 */
import type { Block } from '../../shared/chain/block';
import type { Node } from '../../shared/node/node';
import type { FromMiner, ToMiner } from './miner-protocol';

export type MiningGoal = 'one-block' | 'continuous';

export interface MiningStatus {
  running: boolean;
  goal: MiningGoal;
  difficulty: number;
  hashesPerSecond: number;
}

export class MiningController {
  private worker: Worker | null = null;
  private job = 0;
  private template: Block | null = null;
  private extraNonce = 0;
  private status: MiningStatus;

  constructor(
    private readonly node: Node,
    private readonly onStatus: (status: MiningStatus) => void,
    private readonly onError: (message: string) => void,
    difficulty: number,
  ) {
    this.status = { running: false, goal: 'one-block', difficulty, hashesPerSecond: 0 };
    node.events.on('tip-changed', () => {
      if (this.status.running) this.postJob();
    });
  }

  start(goal: MiningGoal): void {
    this.update({ running: true, goal });
    this.postJob();
  }

  stop(): void {
    this.post({ type: 'stop' });
    this.update({ running: false, hashesPerSecond: 0 });
  }

  setDifficulty(difficulty: number): void {
    this.update({ difficulty });
    if (this.status.running) this.postJob();
  }

  dispose(): void {
    this.worker?.terminate();
    this.worker = null;
  }

  private postJob(): void {
    this.template = this.node.blockTemplate(this.status.difficulty, this.extraNonce);
    this.post({ type: 'mine', job: ++this.job, header: this.template.header });
  }

  private onWorkerMessage(message: FromMiner): void {
    if (message.job !== this.job || !this.template) return; // an answer to a job we replaced
    if (message.type === 'progress') {
      this.update({ hashesPerSecond: Math.round((message.hashes * 1000) / message.ms) });
    } else if (message.type === 'exhausted') {
      this.extraNonce += 1; // a new coinbase gives a new merkle root and a fresh nonce space
      this.postJob();
    } else {
      const block = { ...this.template, header: { ...this.template.header, nonce: message.nonce } };
      this.extraNonce = 0;
      if (this.status.goal === 'one-block') this.stop();
      const result = this.node.submitMinedBlock(block);
      if (!result.ok) this.onError(`our own block was refused (${result.reason}): ${result.detail}`);
      // A refused block leaves the tip where it was, so no tip-changed event will restart us.
      if (!result.ok && this.status.running) this.postJob();
    }
  }

  private post(message: ToMiner): void {
    if (!this.worker) {
      this.worker = new Worker(new URL('./miner.worker.ts', import.meta.url), { type: 'module' });
      this.worker.onmessage = (event: MessageEvent<FromMiner>) => this.onWorkerMessage(event.data);
      this.worker.onerror = (event) => this.onError(`mining worker failed: ${event.message}`);
    }
    this.worker.postMessage(message);
  }

  private update(patch: Partial<MiningStatus>): void {
    this.status = { ...this.status, ...patch };
    this.onStatus(this.status);
  }
}
