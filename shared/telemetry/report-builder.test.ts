import { describe, expect, it } from 'vitest';
import { MINED_HERE, reportBodySchema, REPORT_MAX_BLOCKS, REPORT_MAX_LINKS } from '../protocol/room-report';
import { ArrivalLog, buildReport } from './report-builder';

const hash = (n: number) => n.toString(16).padStart(64, '0');
const noTraffic = () => ({ messages: 0, bytes: 0 });

describe('ArrivalLog', () => {
  it('keeps the first arrival of each block and only the newest `limit`', () => {
    const log = new ArrivalLog(2);
    log.add({ hash: hash(1), localAt: 10, from: 'alice' });
    log.add({ hash: hash(1), localAt: 99, from: 'bob' }); // the same block again (a reorg back, say)
    log.add({ hash: hash(2), localAt: 20, from: MINED_HERE });
    log.add({ hash: hash(3), localAt: 30, from: 'carol' });
    expect(log.recent()).toEqual([
      { hash: hash(2), localAt: 20, from: 'self' },
      { hash: hash(3), localAt: 30, from: 'carol' },
    ]);
  });
});

describe('buildReport', () => {
  it('puts arrival times on the server clock and adds what each block cost this tab', () => {
    const report = buildReport({
      name: 'dave',
      links: ['carol', 'alice', 'alice'],
      arrivals: [
        { hash: hash(1), localAt: 1_000.4, from: 'alice' },
        { hash: hash(2), localAt: 2_000, from: MINED_HERE },
      ],
      toServerTime: (ms) => ms + 500,
      traffic: (h) => (h === hash(1) ? { messages: 3, bytes: 812.6 } : { messages: 6, bytes: 1_400 }),
    });
    expect(report).toEqual({
      name: 'dave',
      links: ['alice', 'carol'],
      blocks: [
        { hash: hash(1), at: 1_500, from: 'alice', messages: 3, bytes: 813 },
        { hash: hash(2), at: 2_500, from: 'self', messages: 6, bytes: 1_400 },
      ],
    });
    expect(reportBodySchema.parse(report)).toEqual(report);
  });

  it('stays within the bounds the server enforces, however much it is given', () => {
    const report = buildReport({
      name: 'busy',
      links: [...Array.from({ length: 100 }, (_, i) => `peer${i}`), 'busy'],
      arrivals: Array.from({ length: 50 }, (_, i) => ({ hash: hash(i), localAt: i, from: 'x' })),
      toServerTime: (ms) => ms - 1_000_000, // a clock far ahead of the server's
      traffic: noTraffic,
    });
    expect(report.links).toHaveLength(REPORT_MAX_LINKS);
    expect(report.links).not.toContain('busy');
    expect(report.blocks).toHaveLength(REPORT_MAX_BLOCKS);
    expect(report.blocks[0]!.hash).toBe(hash(20)); // the newest 30 of 50
    expect(report.blocks.every((b) => b.at === 0)).toBe(true);
    expect(reportBodySchema.safeParse(report).success).toBe(true);
  });
});
