import { afterEach, describe, expect, it } from 'vitest';
import type { ReportBody, RoomReport } from '../shared/protocol/room-report';
import { Harness, nextEvent, nextSignalError, raw, record, type TestClient } from './test-harness';

type RoomReports = { reports: RoomReport[] };

let harness: Harness;
let handlerErrors: unknown[] = [];
const start = async (options: { reportsIntervalMs?: number; now?: () => number } = {}) => {
  handlerErrors = [];
  // No throttling unless a test is about it, so tests wait on events, not on the interval.
  harness = await Harness.start({ reportsIntervalMs: 0, ...options, onHandlerError: (error) => handlerErrors.push(error) });
};
afterEach(async () => {
  await harness.close();
  expect(handlerErrors).toEqual([]);
});

const HASH = 'ab'.repeat(32);
const body = (name: string, links: string[] = [], at = 1_000): ReportBody => ({
  name,
  links,
  blocks: [{ hash: HASH, at, from: 'self', messages: 3, bytes: 900 }],
});

/** Resolves with the first `room-reports` on `client` from now on that satisfies `matches`. */
function reportsWhere(client: TestClient, matches: (m: RoomReports) => boolean): Promise<RoomReports> {
  return new Promise((resolve) => {
    const listener = (message: RoomReports) => {
      if (!matches(message)) return;
      raw(client).off('room-reports', listener);
      resolve(message);
    };
    raw(client).on('room-reports', listener);
  });
}

describe('clock', () => {
  it("answers with the server's time, and refuses a clock without an ack", async () => {
    await start({ now: () => 42_000 });
    const client = await harness.connect(); // no room needed: a tab measures before it joins
    expect(await client.emitWithAck('clock')).toEqual({ serverTime: 42_000 });
    const error = nextSignalError(client);
    raw(client).emit('clock', {});
    expect(await error).toMatchObject({ code: 'bad-payload', event: 'clock' });
  });
});

describe('report', () => {
  it("forwards each member's latest report to every member of its room, with the server-given id", async () => {
    await start();
    const a = await harness.joined('class');
    const b = await harness.joined('class');
    const outsider = await harness.joined('other');
    const outsiderGot = record(outsider.client, 'room-reports');

    const bGot = nextEvent<RoomReports>(b.client, 'room-reports');
    const aGot = nextEvent<RoomReports>(a.client, 'room-reports');
    a.client.emit('report', body('alice', ['bob']));
    const expected = { reports: [{ ...body('alice', ['bob']), id: a.client.id }] };
    expect(await bGot).toEqual(expected);
    expect(await aGot).toEqual(expected);

    const both = reportsWhere(a.client, (m) => m.reports.length === 2);
    b.client.emit('report', body('bob', ['alice']));
    expect((await both).reports.map((r) => [r.id, r.name])).toEqual([
      [a.client.id, 'alice'],
      [b.client.id, 'bob'],
    ]);
    await outsider.client.emitWithAck('clock'); // a stray broadcast would have arrived before this ack
    expect(outsiderGot).toEqual([]);
  });

  it('strips keys it does not know', async () => {
    await start();
    const a = await harness.joined('class');
    const got = nextEvent<RoomReports>(a.client, 'room-reports');
    raw(a.client).emit('report', { ...body('alice'), id: 'forged', secret: 1, blocks: [{ ...body('alice').blocks[0], extra: 'x' }] });
    expect(await got).toEqual({ reports: [{ ...body('alice'), id: a.client.id }] });
  });

  it('refuses bad reports with a specific code and keeps serving the room', async () => {
    await start();
    const a = await harness.joined('class');
    const good = body('alice');
    const bad: unknown[] = [
      undefined,
      null,
      'report',
      new Uint8Array([1, 2, 3]),
      {},
      { ...good, name: 'has space' },
      { ...good, links: 'bob' },
      { ...good, links: Array.from({ length: 65 }, (_, i) => `t${i}`) },
      { ...good, blocks: Array.from({ length: 31 }, () => good.blocks[0]) },
      { ...good, blocks: [{ ...good.blocks[0], hash: 'xyz' }] },
      { ...good, blocks: [{ ...good.blocks[0], at: -1 }] },
      { ...good, blocks: [{ ...good.blocks[0], messages: 1.5 }] },
      { ...good, blocks: [{ ...good.blocks[0], from: '' }] },
    ];
    for (const message of bad) {
      const error = nextSignalError(a.client);
      raw(a.client).emit('report', message);
      const received = await error;
      expect(received, JSON.stringify(message)?.slice(0, 80)).toMatchObject({ code: 'bad-payload', event: 'report' });
      expect(received.message).toContain('links');
    }
    const huge = nextSignalError(a.client);
    raw(a.client).emit('report', { ...good, padding: 'x'.repeat(20_000) });
    expect(await huge).toMatchObject({ code: 'too-large', event: 'report' });

    const loner = await harness.connect();
    const notJoined = nextSignalError(loner);
    loner.emit('report', good);
    expect(await notJoined).toMatchObject({ code: 'not-joined', event: 'report' });

    const got = nextEvent<RoomReports>(a.client, 'room-reports');
    a.client.emit('report', good);
    expect(await got).toEqual({ reports: [{ ...good, id: a.client.id }] });
  });

  it('sends a room at most one room-reports per interval, carrying the latest of each member', async () => {
    await start({ reportsIntervalMs: 400 });
    const a = await harness.joined('class');
    const b = await harness.joined('class');
    const seen = record<RoomReports>(b.client, 'room-reports');
    const last = reportsWhere(b.client, (m) => m.reports[0]?.blocks[0]?.at === 4);
    for (let at = 1; at <= 4; at++) a.client.emit('report', body('alice', [], at));
    await last;
    // The first report went out at once; the next three were folded into one, a moment later.
    expect(seen.map((m) => m.reports.map((r) => r.blocks[0]!.at))).toEqual([[1], [4]]);
  });

  it("drops a member's report when it leaves, and tells the room", async () => {
    await start();
    const a = await harness.joined('class');
    const b = await harness.joined('class');
    const both = reportsWhere(b.client, (m) => m.reports.length === 2);
    a.client.emit('report', body('alice'));
    b.client.emit('report', body('bob'));
    await both;
    const after = reportsWhere(b.client, (m) => m.reports.length === 1);
    a.client.disconnect();
    expect((await after).reports.map((r) => r.name)).toEqual(['bob']);
  });
});
