import { describe, expect, it } from 'vitest';
import type { BlockArrival, ReportBody } from '../protocol/room-report';
import { blockPath, percentile, roomBlockStats, roomGraph } from './room-view';

const H = 'ab'.repeat(32);
const OTHER = 'cd'.repeat(32);
const got = (at: number, from: string, messages = 3, bytes = 900): BlockArrival => ({ hash: H, at, from, messages, bytes });
const report = (name: string, links: string[], blocks: BlockArrival[] = []): ReportBody => ({ name, links, blocks });

/** A chain of four: alice mined, bob got it from alice, carol from bob, dave from carol. */
const line: ReportBody[] = [
  report('alice', ['bob'], [got(10_000, 'self', 2, 1_000)]),
  report('bob', ['alice', 'carol'], [got(10_040, 'alice', 4, 1_600)]),
  report('carol', ['bob', 'dave'], [got(10_100, 'bob', 4, 1_600)]),
  report('dave', ['carol'], [got(10_300, 'carol', 2, 1_000)]),
];

describe('roomGraph', () => {
  it('joins every tab’s links into one undirected overlay, each link once', () => {
    expect(roomGraph(line)).toEqual({
      nodes: ['alice', 'bob', 'carol', 'dave'].map((name) => ({ name, reported: true })),
      edges: [
        { a: 'alice', b: 'bob', mutual: true },
        { a: 'bob', b: 'carol', mutual: true },
        { a: 'carol', b: 'dave', mutual: true },
      ],
    });
  });

  it('keeps links only one side reports (opening or closing) and tabs that never reported', () => {
    const graph = roomGraph([report('alice', ['bob', 'zed', 'alice']), report('bob', [])]);
    expect(graph.nodes).toEqual([
      { name: 'alice', reported: true },
      { name: 'bob', reported: true },
      { name: 'zed', reported: false },
    ]);
    expect(graph.edges).toEqual([
      { a: 'alice', b: 'bob', mutual: false },
      { a: 'alice', b: 'zed', mutual: false },
    ]);
  });

  it('counts a tab that reports after being named as a link as reported', () => {
    expect(roomGraph([report('alice', ['bob']), report('bob', ['alice'])]).nodes.every((n) => n.reported)).toBe(true);
  });

  it('is empty without reports', () => {
    expect(roomGraph([])).toEqual({ nodes: [], edges: [] });
  });
});

describe('percentile', () => {
  it('is nearest-rank', () => {
    expect(percentile([], 50)).toBeNull();
    expect(percentile([7], 90)).toBe(7);
    expect(percentile([10, 20, 30, 40], 50)).toBe(20);
    expect(percentile([10, 20, 30, 40], 90)).toBe(40);
    expect(percentile([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 90)).toBe(9);
  });
});

describe('roomBlockStats', () => {
  it('counts the tabs reached and measures delays from the miner’s arrival', () => {
    expect(roomBlockStats(line, H)).toEqual({
      reached: 4,
      tabs: 4,
      origin: 'alice',
      p50: 100, // delays 40, 100, 300
      p90: 300,
      messages: 6, // (2 + 4 + 4 + 2) / 2: every message is in its sender's and its receiver's report
      bytes: 2_600,
    });
  });

  it('counts tabs that do not have the block yet in the room, not in the reached', () => {
    const stats = roomBlockStats([...line.slice(0, 2), report('carol', ['bob']), report('erin', [], [{ ...got(5, 'self'), hash: OTHER }])], H)!;
    expect(stats).toMatchObject({ reached: 2, tabs: 4, origin: 'alice', p50: 40, p90: 40 });
  });

  it('is null for a block no report lists', () => {
    expect(roomBlockStats(line, OTHER)).toBeNull();
    expect(roomBlockStats([], H)).toBeNull();
  });

  it('without the miner’s report, measures from the earliest arrival and names no origin', () => {
    expect(roomBlockStats(line.slice(1), H)).toMatchObject({ reached: 3, tabs: 3, origin: null, p50: 60, p90: 260 });
  });

  it('counts a tab whose clock puts it before the miner as 0 ms, never negative', () => {
    const skewed = [report('alice', [], [got(10_000, 'self')]), report('bob', [], [got(9_950, 'alice')])];
    expect(roomBlockStats(skewed, H)).toMatchObject({ p50: 0, p90: 0 });
  });

  it('has no delays when only the miner has it', () => {
    expect(roomBlockStats(line.slice(0, 1), H)).toMatchObject({ reached: 1, tabs: 1, p50: null, p90: null });
  });

  it('keeps the later of two reports under one name (a tab that reconnected)', () => {
    const stale = report('dave', ['carol']);
    expect(roomBlockStats([stale, ...line], H)).toMatchObject({ reached: 4, tabs: 4 });
    expect(roomBlockStats([...line, stale], H)).toMatchObject({ reached: 3, tabs: 4 });
  });
});

describe('blockPath', () => {
  it('follows each tab’s "from" back to the miner and lists the path in travel order', () => {
    expect(blockPath(line, H, 'dave')).toEqual({ names: ['alice', 'bob', 'carol', 'dave'], complete: true });
    expect(blockPath(line, H, 'bob')).toEqual({ names: ['alice', 'bob'], complete: true });
    expect(blockPath(line, H, 'alice')).toEqual({ names: ['alice'], complete: true });
  });

  it('is empty when the tab does not report the block', () => {
    expect(blockPath(line, OTHER, 'dave')).toEqual({ names: [], complete: false });
    expect(blockPath(line, H, 'nobody')).toEqual({ names: [], complete: false });
  });

  it('stops, incomplete, at a tab that sent the block on but has not reported it', () => {
    const noBob = line.filter((r) => r.name !== 'bob');
    expect(blockPath(noBob, H, 'dave')).toEqual({ names: ['bob', 'carol', 'dave'], complete: false });
    // Bob reports, but has already forgotten the block (older than his last 30).
    const forgetful = line.map((r) => (r.name === 'bob' ? report('bob', r.links) : r));
    expect(blockPath(forgetful, H, 'dave')).toEqual({ names: ['bob', 'carol', 'dave'], complete: false });
  });

  it('does not loop when reports point in a circle', () => {
    const circle = [
      report('bob', [], [got(1, 'carol')]),
      report('carol', [], [got(2, 'dave')]),
      report('dave', [], [got(3, 'bob')]),
    ];
    // dave ← bob ← carol ← dave again: the walk stops before dave comes round a second time.
    expect(blockPath(circle, H, 'dave')).toEqual({ names: ['carol', 'bob', 'dave'], complete: false });
    const self = [report('dave', [], [got(3, 'dave')])];
    expect(blockPath(self, H, 'dave')).toEqual({ names: ['dave'], complete: false });
  });
});
