import { describe, expect, it } from 'vitest';
import { freshMessages } from './room-messages';

const batch = (seq: number, events: { at: number; from: string; to: string; kind: string }[], sampledOut = 0) => ({ seq, events, sampledOut });

describe('freshMessages', () => {
  it("replays a tab's batch once, in order, and skips this tab's own", () => {
    const reports = [
      { name: 'amy', links: ['bo'], messages: batch(4, [{ at: 1000, from: 'amy', to: 'bo', kind: 'inv' }, { at: 1500, from: 'amy', to: 'bo', kind: 'block' }]) },
      { name: 'me', links: ['amy'], messages: batch(9, [{ at: 1000, from: 'me', to: 'amy', kind: 'inv' }]) },
    ];
    const first = freshMessages(reports, 'me', new Map());
    expect(first.launches).toEqual([
      { from: 'amy', to: 'bo', kind: 'inv', delayMs: 0 },
      { from: 'amy', to: 'bo', kind: 'block', delayMs: 500 },
    ]);
    expect(first.reporting).toEqual(new Set(['amy', 'me']));
    expect(freshMessages(reports, 'me', first.lastSeq).launches).toEqual([]);
  });
  it('refuses what a tab claims about links it does not have or messages of others, and counts it', () => {
    const reports = [{ name: 'amy', links: ['bo'], messages: batch(0, [{ at: 1, from: 'cy', to: 'bo', kind: 'inv' }, { at: 2, from: 'amy', to: 'dee', kind: 'inv' }], 7) }];
    const got = freshMessages(reports, null, new Map());
    expect(got.launches).toEqual([]);
    expect(got.sampledOut).toBe(9);
  });
  it('ignores a batch that does not match the schema (too many events, markup, unknown kinds)', () => {
    const many = Array.from({ length: 41 }, (_, i) => ({ at: i, from: 'amy', to: 'bo', kind: 'inv' }));
    const reports = [
      { name: 'amy', links: ['bo'], messages: batch(0, many) },
      { name: 'bo', links: ['amy'], messages: batch(0, [{ at: 1, from: 'bo', to: 'amy', kind: '<script>' }]) },
      { name: 'cy', links: ['amy'], messages: 'lots' },
    ];
    const got = freshMessages(reports, null, new Map());
    expect(got.launches).toEqual([]);
    expect(got.reporting.size).toBe(0);
  });
});
