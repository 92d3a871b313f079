/**
 * The block tree as the stage draws it, folded from events: blocks this tab knows (connected to
 * its tree, or orphans waiting for a parent), this tab's tip changes, and the tips other tabs of
 * the room hold. From these it finds the branches, the cumulative work of each, the main branch
 * (most work: Nakamoto's rule), the branches a reorg or a lost race left behind, and where each
 * tab's tip sits. Pure: fold with applyTreeEvent, draw with blockTreeView.
 */

export interface KnownBlock {
  hash: string;
  prevHash: string;
  /** Null for an orphan from the pool: its height is only known once its parent is. */
  height: number | null;
  /** This block's own work (from its target), not its chain's; the view sums it along branches. */
  work: bigint;
  miner: string;
}

export type TreeEvent =
  | ({ kind: 'block' } & KnownBlock)
  /** This tab's node moved its tip (an extension or a reorg). */
  | { kind: 'tip'; hash: string }
  /** Another tab's tip as the room's reports tell it; hash null when that tab left or is unknown. */
  | { kind: 'room-tip'; tab: string; hash: string | null };

export interface TreeModel {
  /** In the order first seen (the tie-break between equal work, as Bitcoin's first-seen rule). */
  blocks: ReadonlyMap<string, KnownBlock & { seen: number }>;
  seen: number;
  tip: string | null;
  /** Every block that was ever on this tab's main chain: a side branch holding one was reorged away. */
  wasMain: ReadonlySet<string>;
  roomTips: ReadonlyMap<string, string>;
}

/** Blocks kept in the model; the oldest heights go first. A sync of thousands is not drawn block by block. */
export const TREE_MAX_BLOCKS = 400;

export const emptyTree = (): TreeModel => ({ blocks: new Map(), seen: 0, tip: null, wasMain: new Set(), roomTips: new Map() });

export function applyTreeEvent(model: TreeModel, event: TreeEvent): TreeModel {
  switch (event.kind) {
    case 'block': {
      const old = model.blocks.get(event.hash);
      // Known already: an orphan's height may now be known; otherwise nothing changes.
      if (old && (old.height !== null || event.height === null)) return model;
      const { kind: _kind, ...block } = event;
      const blocks = new Map(model.blocks);
      blocks.set(event.hash, { ...block, seen: old?.seen ?? model.seen });
      return { ...model, blocks: prune(blocks), seen: model.seen + 1 };
    }
    case 'tip': {
      const wasMain = new Set(model.wasMain);
      // The tip and its known ancestors are this tab's main chain now.
      for (let h: string | undefined = event.hash; h && !wasMain.has(h); h = model.blocks.get(h)?.prevHash) wasMain.add(h);
      return { ...model, tip: event.hash, wasMain };
    }
    case 'room-tip': {
      const roomTips = new Map(model.roomTips);
      if (event.hash === null) roomTips.delete(event.tab);
      else roomTips.set(event.tab, event.hash);
      return { ...model, roomTips };
    }
  }
}

function prune(blocks: Map<string, KnownBlock & { seen: number }>): Map<string, KnownBlock & { seen: number }> {
  if (blocks.size <= TREE_MAX_BLOCKS) return blocks;
  // Lowest heights first, orphans (height unknown) by age; the newest blocks are what is drawn.
  const order = [...blocks.values()].sort((a, b) => (a.height ?? Infinity) - (b.height ?? Infinity) || a.seen - b.seen);
  for (const b of order.slice(0, blocks.size - TREE_MAX_BLOCKS)) blocks.delete(b.hash);
  return blocks;
}

export type BranchStatus = 'main' | 'side' | 'abandoned' | 'orphan';

export interface BranchView {
  /** The hash of the branch's last block names it. */
  id: string;
  status: BranchStatus;
  /** Lowest first. */
  blocks: string[];
  /** The block it forks from (on a heavier branch), or null for the main branch and orphans. */
  forkOf: string | null;
  /** Work from the oldest block drawn to the branch's tip; null for an orphan (its past is unknown). */
  work: bigint | null;
  /** True when this tab once had these blocks on its main chain (a reorg left them). */
  reorged: boolean;
  /** Row to draw it on: 0 for the main branch, then one per other branch. */
  lane: number;
}

export interface BlockNodeView extends KnownBlock {
  branch: string;
  status: BranchStatus;
  lane: number;
  /** Tabs (names) whose tip is this block; this tab is listed as `self`. */
  tips: string[];
}

export interface BlockTreeView {
  blocks: BlockNodeView[];
  branches: BranchView[];
  mainTip: string | null;
  /** Height range drawn. */
  minHeight: number;
  maxHeight: number;
}

export const SELF_TIP = 'self';

export function blockTreeView(model: TreeModel): BlockTreeView {
  const { blocks } = model;
  // A block whose height is known is in the node's tree (its parent may be below the window);
  // a block without one is an orphan, and so is everything built on it.
  const heightOf = new Map<string, number>();
  const resolve = (hash: string, depth = 0): number | null => {
    const b = blocks.get(hash);
    if (!b) return null;
    if (b.height !== null) return b.height;
    if (heightOf.has(hash)) return heightOf.get(hash)!;
    const parent = depth < TREE_MAX_BLOCKS ? resolve(b.prevHash, depth + 1) : null;
    const h = parent === null ? null : parent + 1;
    if (h !== null) heightOf.set(hash, h);
    return h;
  };
  const connected = [...blocks.values()].filter((b) => resolve(b.hash) !== null);
  const children = new Map<string, string[]>();
  for (const b of blocks.values()) children.set(b.prevHash, [...(children.get(b.prevHash) ?? []), b.hash]);
  // Cumulative work, summed from the lowest block drawn (all branches share that base).
  const workMemo = new Map<string, bigint>();
  const chainWork = (hash: string): bigint => {
    const cached = workMemo.get(hash);
    if (cached !== undefined) return cached;
    const path: string[] = [];
    let h: string | undefined = hash;
    while (h && blocks.has(h) && !workMemo.has(h)) {
      path.push(h);
      h = blocks.get(h)!.prevHash;
    }
    let sum = h && workMemo.has(h) ? workMemo.get(h)! : 0n;
    for (const p of path.reverse()) workMemo.set(p, (sum += blocks.get(p)!.work));
    return workMemo.get(hash)!;
  };
  const leaves = connected.filter((b) => !(children.get(b.hash) ?? []).some((c) => resolve(c) !== null));
  const onTipPath = (leaf: string): boolean => {
    for (let h: string | undefined = leaf; h; h = blocks.get(h)?.prevHash) if (h === model.tip) return true;
    return false;
  };
  // Most work first; equal work: the branch holding this tab's tip, then the first seen.
  leaves.sort((a, b) => {
    const dw = chainWork(b.hash) - chainWork(a.hash);
    if (dw !== 0n) return dw > 0n ? 1 : -1;
    return Number(onTipPath(b.hash)) - Number(onTipPath(a.hash)) || a.seen - b.seen;
  });
  const owner = new Map<string, string>();
  const branches: BranchView[] = [];
  const mainWork = leaves[0] ? chainWork(leaves[0].hash) : 0n;
  for (const leaf of leaves) {
    const path: string[] = [];
    let h: string | undefined = leaf.hash;
    while (h && blocks.has(h) && !owner.has(h)) {
      path.push(h);
      h = blocks.get(h)!.prevHash;
    }
    path.reverse();
    const isMain = branches.length === 0;
    const work = chainWork(leaf.hash);
    const reorged = !isMain && path.some((p) => model.wasMain.has(p));
    // A side branch with as much work as the main one is a live race; with less, it has lost.
    const status: BranchStatus = isMain ? 'main' : work < mainWork ? 'abandoned' : 'side';
    for (const p of path) owner.set(p, leaf.hash);
    branches.push({ id: leaf.hash, status, blocks: path, forkOf: isMain || !h || !owner.has(h) ? null : h, work, reorged, lane: branches.length });
  }
  // Orphans: chains of blocks waiting for a parent, each drawn as a branch of its own.
  const orphans = [...blocks.values()].filter((b) => resolve(b.hash) === null).sort((a, b) => a.seen - b.seen);
  for (const o of orphans) {
    if (owner.has(o.hash) || (blocks.has(o.prevHash) && resolve(o.prevHash) === null)) continue; // not the root of its chain
    const path: string[] = [];
    for (let next: string | undefined = o.hash; next; next = (children.get(next) ?? [])[0]) path.push(next);
    for (const p of path) owner.set(p, o.hash);
    branches.push({ id: path[path.length - 1]!, status: 'orphan', blocks: path, forkOf: null, work: null, reorged: false, lane: branches.length });
  }
  const tipsAt = new Map<string, string[]>();
  const addTip = (hash: string, who: string) => tipsAt.set(hash, [...(tipsAt.get(hash) ?? []), who]);
  if (model.tip) addTip(model.tip, SELF_TIP);
  for (const [tab, hash] of [...model.roomTips].sort(([a], [b]) => (a < b ? -1 : 1))) addTip(hash, tab);
  const views: BlockNodeView[] = [];
  for (const br of branches) {
    for (const hash of br.blocks) {
      const b = blocks.get(hash)!;
      views.push({ hash, prevHash: b.prevHash, height: resolve(hash), work: b.work, miner: b.miner, branch: br.id, status: br.status, lane: br.lane, tips: tipsAt.get(hash) ?? [] });
    }
  }
  const heights = views.flatMap((v) => (v.height === null ? [] : [v.height]));
  return {
    blocks: views,
    branches,
    mainTip: leaves[0]?.hash ?? null,
    minHeight: heights.length ? Math.min(...heights) : 0,
    maxHeight: heights.length ? Math.max(...heights) : 0,
  };
}
