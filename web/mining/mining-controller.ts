/**
 * Drives the mining workers from the page: hands each a share of the nonce space of a template on
 * the current tip, turns the first found nonce into a block for the Node, and restarts on a new
 * tip (ours or a peer's), so work is never spent on a stale parent for longer than one slice.
 */
import type { Block } from '../../shared/chain/block';
import type { Node } from '../../shared/node/node';
import { splitNonceSpace, type FromMiner, type MinerEngine, type ToMiner } from './miner-protocol';

export type MiningGoal = 'one-block' | 'continuous';

export interface MiningStatus {
  running: boolean;
  goal: MiningGoal;
  difficulty: number;
  /** Sum over the workers of their latest reports. */
  hashesPerSecond: number;
  /** Workers sharing the nonce space, and the most the controls offer (the core count). */
  workers?: number;
  maxWorkers?: number;
  /** What the workers grind with; undefined until the first worker has loaded. */
  engine?: MinerEngine;
  /** The teacher paused every miner in the room: start() does nothing until resumed. */
  paused?: boolean;
  /** Nonces tried since this search began (start, or the last block found): the counter students watch. */
  tried?: number;
  /** The lowest hash tried in this search (most leading zero bits), to hold against the target. */
  bestHash?: string;
  /** The last hashes/s measured, kept after mining stops: a block found in a blink still shows its rate. */
  lastRate?: number;
  /** The header's compact target ("bits") of the block being mined: the line the hash must be under. */
  bits?: number;
}

export interface MiningOptions {
  /** Defaults to 1. */
  workers?: number;
  /** Defaults to `navigator.hardwareConcurrency`. */
  maxWorkers?: number;
}

export class MiningController {
  private workers: Worker[] = [];
  /** Latest hashes/s of each worker, by its index. */
  private rates: number[] = [];
  private job = 0;
  private template: Block | null = null;
  private extraNonce = 0;
  private status: MiningStatus;
  /** The core count (or the option), before any cap the room sets. */
  private readonly ownMaxWorkers: number;
  /** What was mining when the teacher paused, to go on with on resume. */
  private goalBeforePause: MiningGoal | null = null;

  constructor(
    private readonly node: Node,
    private readonly onStatus: (status: MiningStatus) => void,
    private readonly onError: (message: string) => void,
    difficulty: number,
    options: MiningOptions = {},
  ) {
    const maxWorkers = Math.max(1, options.maxWorkers ?? globalThis.navigator?.hardwareConcurrency ?? 1);
    this.ownMaxWorkers = maxWorkers;
    const workers = Math.min(maxWorkers, Math.max(1, options.workers ?? 1));
    this.status = { running: false, goal: 'one-block', difficulty, hashesPerSecond: 0, workers, maxWorkers };
    onStatus(this.status); // so the page can offer the worker count before anything is mined
    // A new tip, or new transfers to collect fees from, make a new template.
    const restart = () => {
      if (this.status.running) this.postJob();
    };
    node.events.on('tip-changed', restart);
    node.events.on('mempool-changed', restart);
  }

  start(goal: MiningGoal): void {
    if (this.status.paused) return;
    this.update({ running: true, goal, tried: 0, bestHash: undefined });
    this.postJob();
  }

  stop(): void {
    this.template = null; // answers still in flight are for a job nobody wants
    for (const worker of this.workers) worker.postMessage({ type: 'stop' } satisfies ToMiner);
    this.rates = [];
    this.update({ running: false, hashesPerSecond: 0 });
  }

  /** The room's pause (the teacher's desk): stops now, and a resume goes on mining as before. */
  setPaused(paused: boolean): void {
    if (paused === Boolean(this.status.paused)) return;
    if (paused) {
      this.goalBeforePause = this.status.running ? this.status.goal : null;
      if (this.status.running) this.stop();
      this.update({ paused: true });
      return;
    }
    this.update({ paused: false });
    const goal = this.goalBeforePause;
    this.goalBeforePause = null;
    if (goal) this.start(goal);
  }

  /** The room's cap on workers per tab (null: none); fewer workers at once if over it. */
  setWorkerCap(cap: number | null): void {
    const maxWorkers = Math.max(1, Math.min(this.ownMaxWorkers, cap ?? Infinity));
    this.update({ maxWorkers });
    if ((this.status.workers ?? 1) > maxWorkers) this.setWorkers(maxWorkers);
  }

  setDifficulty(difficulty: number): void {
    this.update({ difficulty });
    if (this.status.running) this.postJob();
  }

  /** More workers split the same template's nonces more ways; takes effect at once if running. */
  setWorkers(count: number): void {
    const workers = Math.min(this.status.maxWorkers ?? 1, Math.max(1, Math.floor(count)));
    for (const worker of this.workers.splice(workers)) worker.terminate();
    this.rates = this.rates.slice(0, workers);
    this.update({ workers, hashesPerSecond: sum(this.rates) });
    if (this.status.running) this.postJob();
  }

  dispose(): void {
    for (const worker of this.workers) worker.terminate();
    this.workers = [];
  }

  private postJob(): void {
    this.template = this.node.blockTemplate(this.status.difficulty, this.extraNonce);
    const { header } = this.template;
    if (header.bits !== this.status.bits) this.update({ bits: header.bits });
    const job = ++this.job;
    splitNonceSpace(this.status.workers ?? 1).forEach((range, index) => {
      this.worker(index).postMessage({ type: 'mine', job, header, ...range } satisfies ToMiner);
    });
  }

  private onWorkerMessage(index: number, message: FromMiner): void {
    if (message.type === 'ready') {
      // One worker on the JS fallback is what the user should hear about, once.
      if (this.status.engine === 'js') return;
      if (message.detail) this.onError(message.detail);
      this.update({ engine: message.engine });
      return;
    }
    if (message.type === 'progress') {
      // Any job's progress measures the worker's speed; only a running miner shows it.
      if (!this.status.running || index >= (this.status.workers ?? 1)) return;
      this.rates[index] = (message.hashes * 1000) / message.ms;
      const rate = Math.round(sum(this.rates));
      const best = this.status.bestHash;
      const bestHash = message.best !== undefined && (best === undefined || message.best < best) ? message.best : best;
      this.update({ hashesPerSecond: rate, lastRate: rate, tried: (this.status.tried ?? 0) + message.hashes, bestHash });
      return;
    }
    if (message.job !== this.job || !this.template) return; // an answer to a job we replaced
    if (message.type === 'exhausted') {
      // Others may still be in their ranges, but a fresh template is as likely to succeed.
      this.extraNonce += 1; // a new coinbase gives a new merkle root and a fresh nonce space
      this.postJob();
      return;
    }
    const block = { ...this.template, header: { ...this.template.header, nonce: message.nonce } };
    this.template = null; // another worker's find for this same job must not become a sibling block
    this.extraNonce = 0;
    if (this.status.goal === 'one-block') this.stop();
    else this.update({ tried: 0, bestHash: undefined }); // the next block's search starts from nothing
    const result = this.node.submitMinedBlock(block);
    if (!result.ok) this.onError(`our own block was refused (${result.reason}): ${result.detail}`);
    // A refused block leaves the tip where it was, so no tip-changed event will restart us.
    if (!result.ok && this.status.running) this.postJob();
  }

  /**
   * Starts the workers now, so their script and WebAssembly are fetched while the server that
   * serves them is up: a tab can still mine after the server stops.
   */
  prepare(): void {
    for (let i = 0; i < (this.status.workers ?? 1); i++) this.worker(i);
  }

  private worker(index: number): Worker {
    let worker = this.workers[index];
    if (!worker) {
      worker = new Worker(new URL('./miner.worker.ts', import.meta.url), { type: 'module' });
      worker.onmessage = (event: MessageEvent<FromMiner>) => this.onWorkerMessage(index, event.data);
      worker.onerror = (event) => this.onError(`mining worker failed: ${event.message}`);
      this.workers[index] = worker;
    }
    return worker;
  }

  private update(patch: Partial<MiningStatus>): void {
    this.status = { ...this.status, ...patch };
    this.onStatus(this.status);
  }
}

const sum = (values: number[]) => values.reduce((total, value) => total + (value ?? 0), 0);
