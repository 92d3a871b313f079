import { describe, expect, it } from 'vitest';
import { MINED_HERE, type ReportBody } from '../protocol/room-report';
import { newArrivals, reportedTips } from './room-waves';

const h = (c: string) => c.repeat(64);
const arrival = (hash: string, from: string, at: number) => ({ hash, from, at, messages: 3, bytes: 900 });
const report = (name: string, blocks: ReportBody['blocks'], links: string[] = []): ReportBody => ({ name, links, blocks });

describe('newArrivals', () => {
  it('turns each new report entry into one hop of the wave, the miner with no sender', () => {
    const first = [report('amy', [arrival(h('a'), MINED_HERE, 10)])];
    const one = newArrivals(first, new Set());
    expect(one.arrivals).toEqual([{ tab: 'amy', hash: h('a'), from: null }]);
    const second = [report('amy', [arrival(h('a'), MINED_HERE, 10)]), report('bo', [arrival(h('a'), 'amy', 40)])];
    const two = newArrivals(second, one.seen);
    expect(two.arrivals).toEqual([{ tab: 'bo', hash: h('a'), from: 'amy' }]);
    expect(newArrivals(second, two.seen).arrivals).toEqual([]);
  });
  it('forgets entries the reports no longer list', () => {
    const { seen } = newArrivals([report('amy', [arrival(h('a'), MINED_HERE, 10)])], new Set());
    expect(newArrivals([report('amy', [arrival(h('b'), MINED_HERE, 20)])], seen).seen).toEqual(new Set([`amy\n${h('b')}`]));
  });
});

describe('reportedTips', () => {
  const heights: Record<string, number> = { [h('a')]: 1, [h('b')]: 2, [h('c')]: 2 };
  const heightOf = (hash: string) => heights[hash] ?? null;
  it('takes the highest block a tab lists that this tab knows, the later one on a tie', () => {
    const tips = reportedTips(
      [
        report('amy', [arrival(h('b'), MINED_HERE, 20), arrival(h('a'), MINED_HERE, 10)]),
        report('bo', [arrival(h('b'), 'amy', 30), arrival(h('c'), 'cy', 35)]),
        report('cy', [arrival(h('f'), 'amy', 30)]), // a block we do not know: no tip claimed
      ],
      heightOf,
    );
    expect(Object.fromEntries(tips)).toEqual({ amy: h('b'), bo: h('c') });
  });
  it('believes the tip a tab reports when this tab knows that block, and guesses from arrivals when not', () => {
    const tips = reportedTips(
      [
        // amy went back to a (a reorg elsewhere): her arrivals alone would say b.
        { ...report('amy', [arrival(h('a'), MINED_HERE, 10), arrival(h('b'), 'bo', 20)]), tip: { hash: h('a'), height: 1 } },
        // bo names a tip this tab has not received yet: the best known arrival stands in.
        { ...report('bo', [arrival(h('c'), 'cy', 35)]), tip: { hash: h('f'), height: 3 } },
      ],
      heightOf,
    );
    expect(Object.fromEntries(tips)).toEqual({ amy: h('a'), bo: h('c') });
  });
});
