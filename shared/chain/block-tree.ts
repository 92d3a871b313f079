/**
 * Every valid block this node has seen, as a tree rooted at genesis, plus the main chain: the path
 * from genesis to the tip with the most cumulative work. Side branches are kept so a heavier branch
 * can take over later (a reorg) without downloading it again.
 */
import { blockHash, type Block } from './block';
import type { BlockHeader } from './header';
import { createGenesis, FREE_CHAIN_PARAMS, type ChainParams } from './params';
import { nextTargetRule } from './retarget';
import { chooseChain, type ChainChoice, type ChainTip } from './choose-chain';
import { targetFromBits, workOfTarget } from './target';
import { MEDIAN_TIME_SPAN, type ParentInfo } from './validate';

export interface TreeEntry extends ChainTip {
  block: Block;
}

export interface TipChange {
  choice: ChainChoice;
  /** Main-chain blocks left behind by a reorg, highest first. */
  disconnected: string[];
  /** Blocks that joined the main chain, lowest first. */
  connected: string[];
}

/** How many blocks a `get-blocks` locator lists one by one before it starts doubling its steps. */
const LOCATOR_DENSE = 10;

export class BlockTree {
  private readonly entries = new Map<string, TreeEntry>();
  /** mainChain[h] is the hash of the main-chain block at height h. */
  private readonly mainChain: string[] = [];

  constructor(readonly params: ChainParams = FREE_CHAIN_PARAMS) {
    const genesis = createGenesis(params);
    const hash = blockHash(genesis);
    const target = targetFromBits(genesis.header.bits) ?? 0n;
    this.entries.set(hash, {
      hash,
      height: 0,
      work: workOfTarget(target),
      prevHash: genesis.header.prevHash,
      block: genesis,
    });
    this.mainChain.push(hash);
  }

  get size(): number {
    return this.entries.size;
  }
  has(hash: string): boolean {
    return this.entries.has(hash);
  }
  get(hash: string): TreeEntry | undefined {
    return this.entries.get(hash);
  }
  get tip(): TreeEntry {
    return this.entries.get(this.mainChain[this.mainChain.length - 1]!)!;
  }
  get genesisHash(): string {
    return this.mainChain[0]!;
  }
  isOnMainChain(hash: string): boolean {
    const entry = this.entries.get(hash);
    return entry !== undefined && this.mainChain[entry.height] === hash;
  }

  /** What validation needs to know of a block's parent: height, median time, target rule. */
  parentInfo(hash: string): ParentInfo | undefined {
    const entry = this.entries.get(hash);
    if (!entry) return undefined;
    const { bits, time } = entry.block.header;
    const targetRule = nextTargetRule(this.params, { height: entry.height, bits, time }, (height) =>
      this.ancestorAt(entry, height).block.header.time,
    );
    return { height: entry.height, medianTimePast: this.medianTimePast(hash), targetRule };
  }

  /** The ancestor of `entry` at `height` (on entry's own branch, which may be a side branch). */
  ancestorAt(entry: TreeEntry, height: number): TreeEntry {
    if (this.isOnMainChain(entry.hash)) return this.entries.get(this.mainChain[height]!)!;
    let cursor = entry;
    while (cursor.height > height) cursor = this.entries.get(cursor.prevHash)!;
    return cursor;
  }

  /** Median time of the block and up to 10 ancestors (Bitcoin's GetMedianTimePast). */
  medianTimePast(hash: string): number {
    const times: number[] = [];
    let entry = this.entries.get(hash);
    while (entry && times.length < MEDIAN_TIME_SPAN) {
      times.push(entry.block.header.time);
      entry = this.entries.get(entry.prevHash);
    }
    times.sort((a, b) => a - b);
    return times[Math.floor(times.length / 2)] ?? 0;
  }

  /** The entry a validated block (whose parent is in the tree) would have, without adding it. */
  entryFor(block: Block, hash: string): TreeEntry {
    const parent = this.entries.get(block.header.prevHash);
    if (!parent) throw new Error(`parent of ${hash} is not in the tree: validate first`);
    const target = targetFromBits(block.header.bits) ?? 0n;
    return { hash, height: parent.height + 1, work: parent.work + workOfTarget(target), prevHash: parent.hash, block };
  }

  /**
   * What making `entry` the tip would change: main-chain entries left behind (highest first) and
   * entries that would join (lowest first, `entry` last). `entry` itself need not be in the tree.
   */
  pathTo(entry: TreeEntry): { disconnected: TreeEntry[]; connected: TreeEntry[] } {
    const connected: TreeEntry[] = [];
    let cursor: TreeEntry | undefined = entry;
    while (cursor && !this.isOnMainChain(cursor.hash)) {
      connected.push(cursor);
      cursor = this.entries.get(cursor.prevHash);
    }
    const forkHeight = cursor ? cursor.height : 0;
    const disconnected = this.mainChain.slice(forkHeight + 1).reverse().map((hash) => this.entries.get(hash)!);
    return { disconnected, connected: connected.reverse() };
  }

  /** Forgets a side-branch block found invalid, and every block built on it. */
  removeBranch(hash: string): void {
    if (this.isOnMainChain(hash)) throw new Error('only side-branch blocks can be removed');
    const doomed = new Set([hash]);
    // Entries are kept in insertion order, and children are always inserted after their parents.
    for (const entry of this.entries.values()) if (doomed.has(entry.prevHash)) doomed.add(entry.hash);
    for (const gone of doomed) this.entries.delete(gone);
  }

  /** Adds a block already validated against its (known) parent, and moves the tip if it won. */
  add(block: Block, hash: string): TipChange {
    const entry = this.entryFor(block, hash);
    this.entries.set(hash, entry);
    const choice = chooseChain(this.tip, entry);
    if (choice.kind === 'keep') return { choice, disconnected: [], connected: [] };
    return { choice, ...this.switchTo(entry) };
  }

  private switchTo(newTip: TreeEntry): Omit<TipChange, 'choice'> {
    const connected: string[] = [];
    let cursor: TreeEntry | undefined = newTip;
    while (cursor && !this.isOnMainChain(cursor.hash)) {
      connected.push(cursor.hash);
      cursor = this.entries.get(cursor.prevHash);
    }
    const forkHeight = cursor ? cursor.height : 0;
    const disconnected = this.mainChain.splice(forkHeight + 1).reverse();
    connected.reverse();
    this.mainChain.push(...connected);
    return { disconnected, connected };
  }

  /** Hashes from the tip back: the last ten one by one, then doubling steps, then genesis. */
  locator(): string[] {
    const hashes: string[] = [];
    let step = 1;
    for (let height = this.mainChain.length - 1; height > 0; height -= step) {
      hashes.push(this.mainChain[height]!);
      if (hashes.length >= LOCATOR_DENSE) step *= 2;
    }
    hashes.push(this.genesisHash);
    return hashes;
  }

  /** Main-chain blocks after the first locator hash we share, at most `max` of them. */
  blocksAfterLocator(locator: readonly string[], max: number): Block[] {
    const fork = locator.find((hash) => this.isOnMainChain(hash));
    if (!fork) return []; // not even genesis in common: nothing we send could connect
    const start = this.entries.get(fork)!.height + 1;
    return this.mainChain.slice(start, start + max).map((hash) => this.entries.get(hash)!.block);
  }

  /** Main-chain headers after the first locator hash we share, at most `max` of them. */
  headersAfterLocator(locator: readonly string[], max: number): BlockHeader[] {
    return this.blocksAfterLocator(locator, max).map((block) => block.header);
  }

  /** The newest `count` main-chain entries, tip first. */
  recentMainChain(count: number): TreeEntry[] {
    return this.mainChain
      .slice(Math.max(0, this.mainChain.length - Math.max(0, count)))
      .reverse()
      .map((hash) => this.entries.get(hash)!);
  }
}
