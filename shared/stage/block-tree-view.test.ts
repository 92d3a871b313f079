import { describe, expect, it } from 'vitest';
import { applyTreeEvent, blockTreeView, emptyTree, SELF_TIP, TREE_MAX_BLOCKS, type TreeEvent, type TreeModel } from './block-tree-view';

const h = (label: string) => label.padEnd(64, '0');
const block = (label: string, parent: string, height: number | null, miner = 'amy'): TreeEvent => ({
  kind: 'block', hash: h(label), prevHash: h(parent), height, work: 10n, miner,
});
const fold = (events: TreeEvent[], start: TreeModel = emptyTree()) => events.reduce(applyTreeEvent, start);
const statusOf = (model: TreeModel) => Object.fromEntries(blockTreeView(model).blocks.map((b) => [b.hash.slice(0, 2), b.status]));

// g0 ← a1 ← a2 is the chain everyone starts from.
const base: TreeEvent[] = [block('g0', 'ff', 0), block('a1', 'g0', 1), { kind: 'tip', hash: h('a1') }];

describe('blockTreeView', () => {
  it('draws one main branch for a chain, with its cumulative work and this tab at its tip', () => {
    const view = blockTreeView(fold(base));
    expect(view.branches).toHaveLength(1);
    expect(view.branches[0]).toMatchObject({ status: 'main', work: 20n, blocks: [h('g0'), h('a1')], lane: 0 });
    expect(view.blocks.find((b) => b.hash === h('a1'))!.tips).toEqual([SELF_TIP]);
    expect([view.minHeight, view.maxHeight]).toEqual([0, 1]);
  });

  it('shows a fork as two branches of equal work, the one holding our tip as main', () => {
    // Two tabs mined on a1 at once; b2 arrived first elsewhere but our tip is a2.
    const model = fold([...base, block('b2', 'a1', 2, 'bo'), block('a2', 'a1', 2), { kind: 'tip', hash: h('a2') }]);
    const view = blockTreeView(model);
    expect(view.branches.map((b) => [b.status, b.work])).toEqual([['main', 30n], ['side', 30n]]);
    expect(view.branches[1]).toMatchObject({ blocks: [h('b2')], forkOf: h('a1'), lane: 1, reorged: false });
    expect(view.mainTip).toBe(h('a2'));
  });

  it('marks the losing branch abandoned when the next block extends the other, and says a reorg left it', () => {
    const fork = fold([...base, block('a2', 'a1', 2), { kind: 'tip', hash: h('a2') }, block('b2', 'a1', 2, 'bo')]);
    const after = fold([block('b3', 'b2', 3, 'bo'), { kind: 'tip', hash: h('b3') }], fork);
    const view = blockTreeView(after);
    expect(view.mainTip).toBe(h('b3'));
    const main = view.branches.find((b) => b.status === 'main')!;
    expect(main.blocks).toEqual([h('g0'), h('a1'), h('b2'), h('b3')]);
    expect(main.work).toBe(40n);
    const old = view.branches.find((b) => b.status === 'abandoned')!;
    expect(old).toMatchObject({ blocks: [h('a2')], work: 30n, reorged: true, forkOf: h('a1') });
  });

  it('picks the branch with more work even when it has fewer blocks', () => {
    const heavy: TreeEvent = { kind: 'block', hash: h('c2'), prevHash: h('a1'), height: 2, work: 100n, miner: 'cy' };
    const view = blockTreeView(fold([...base, block('a2', 'a1', 2), block('a3', 'a2', 3), heavy]));
    expect(view.mainTip).toBe(h('c2'));
    expect(view.branches.find((b) => b.id === h('a3'))!.status).toBe('abandoned');
  });

  it('holds an orphan apart until its parent arrives, then joins it to the tree', () => {
    const waiting = fold([...base, block('o3', 'p2', null, 'dee')]);
    expect(statusOf(waiting).o3).toBe('orphan');
    expect(blockTreeView(waiting).branches.find((b) => b.status === 'orphan')).toMatchObject({ work: null, blocks: [h('o3')] });
    const joined = fold([block('p2', 'a1', 2, 'dee')], waiting);
    const view = blockTreeView(joined);
    expect(view.branches.map((b) => b.status)).toEqual(['main']);
    expect(view.blocks.find((b) => b.hash === h('o3'))).toMatchObject({ height: 3, status: 'main' });
    expect(view.mainTip).toBe(h('o3'));
  });

  it('keeps a chain of orphans together as one waiting branch', () => {
    const view = blockTreeView(fold([...base, block('o4', 'o3', null), block('o3', 'p2', null)]));
    const orphan = view.branches.filter((b) => b.status === 'orphan');
    expect(orphan).toHaveLength(1);
    expect(orphan[0]!.blocks).toEqual([h('o3'), h('o4')]);
  });

  it("marks each room tab's tip by name, and forgets a tab that left", () => {
    const model = fold([...base, block('a2', 'a1', 2), { kind: 'room-tip', tab: 'bo', hash: h('a2') }, { kind: 'room-tip', tab: 'amy', hash: h('a2') }, { kind: 'room-tip', tab: 'cy', hash: h('a1') }]);
    const at = (label: string) => blockTreeView(model).blocks.find((b) => b.hash === h(label))!.tips;
    expect(at('a2')).toEqual(['amy', 'bo']);
    expect(at('a1')).toEqual([SELF_TIP, 'cy']);
    expect(blockTreeView(fold([{ kind: 'room-tip', tab: 'cy', hash: null }], model)).blocks.find((b) => b.hash === h('a1'))!.tips).toEqual([SELF_TIP]);
  });

  it('ignores a block it already knows, and keeps only the newest blocks', () => {
    const model = fold(base);
    expect(applyTreeEvent(model, block('a1', 'g0', 1))).toBe(model);
    const events: TreeEvent[] = [block('g0', 'ff', 0)];
    for (let i = 1; i <= TREE_MAX_BLOCKS + 10; i++) events.push({ kind: 'block', hash: i.toString(16).padStart(64, '0'), prevHash: (i - 1 || 'g0').toString(16).padStart(64, '0'), height: i, work: 1n, miner: 'amy' });
    const big = fold(events);
    expect(big.blocks.size).toBe(TREE_MAX_BLOCKS);
    expect(blockTreeView(big).minHeight).toBe(11);
  });
});
