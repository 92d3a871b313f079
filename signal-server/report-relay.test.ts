import { afterEach, describe, expect, it } from 'vitest';
import type { ReportBody, RoomReport } from '../shared/protocol/room-report';
import type { SignalServerOptions } from './server';
import { Harness, nextEvent, nextSignalError, raw, record, UNLIMITED_BUDGETS, type TestClient } from './test-harness';

type RoomReports = { reports: RoomReport[]; full?: boolean; removed?: string[] };

let harness: Harness;
let handlerErrors: unknown[] = [];
const start = async (options: Partial<SignalServerOptions> = {}) => {
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
  it("gives each member the room's reports, with the server-given id: everything once, then only what changed", async () => {
    await start();
    const a = await harness.named('class', 'alice');
    const b = await harness.named('class', 'bob');
    const outsider = await harness.named('other', 'olga');
    const outsiderGot = record(outsider.client, 'room-reports');

    const bGot = nextEvent<RoomReports>(b.client, 'room-reports');
    const aGot = nextEvent<RoomReports>(a.client, 'room-reports');
    a.client.emit('report', body('alice', ['bob']));
    const first = { full: true, reports: [{ ...body('alice', ['bob']), id: a.client.id }] };
    expect(await bGot).toEqual(first);
    expect(await aGot).toEqual(first);

    // Both have everything now: bob's report travels alone, alice's is not sent again.
    const delta = nextEvent<RoomReports>(a.client, 'room-reports');
    b.client.emit('report', body('bob', ['alice']));
    expect(await delta).toEqual({ full: false, reports: [{ ...body('bob', ['alice']), id: b.client.id }], removed: [] });

    // A newcomer gets the whole room once, while the others get only its news.
    const cWhole = nextEvent<RoomReports>((await harness.named('class', 'cleo')).client, 'room-reports');
    const c = harness.clients.at(-1)!;
    const aNews = nextEvent<RoomReports>(a.client, 'room-reports');
    c.emit('report', body('cleo'));
    expect((await cWhole).full).toBe(true);
    expect((await cWhole).reports.map((r) => r.name)).toEqual(['alice', 'bob', 'cleo']);
    expect(await aNews).toEqual({ full: false, reports: [{ ...body('cleo'), id: c.id }], removed: [] });

    await outsider.client.emitWithAck('clock'); // a stray broadcast would have arrived before this ack
    expect(outsiderGot).toEqual([]);
  });

  it('strips keys it does not know', async () => {
    await start();
    const a = await harness.named('class', 'alice');
    const got = nextEvent<RoomReports>(a.client, 'room-reports');
    raw(a.client).emit('report', { ...body('alice'), id: 'forged', secret: 1, blocks: [{ ...body('alice').blocks[0], extra: 'x' }] });
    expect(await got).toEqual({ full: true, reports: [{ ...body('alice'), id: a.client.id }] });
  });

  it('refuses bad reports with a specific code and keeps serving the room', async () => {
    await start({ budgets: UNLIMITED_BUDGETS }); // more reports than a second's budget
    const a = await harness.named('class', 'alice');
    const good = body('alice');
    const bad: unknown[] = [
      undefined,
      null,
      'report',
      new Uint8Array([1, 2, 3]),
      {},
      { ...good, name: 'has space' },
      { ...good, name: 'self' },
      { ...good, links: 'bob' },
      { ...good, links: ['self'] },
      { ...good, links: Array.from({ length: 65 }, (_, i) => `t${i}`) },
      { ...good, blocks: Array.from({ length: 31 }, () => good.blocks[0]) },
      { ...good, blocks: [{ ...good.blocks[0], hash: 'xyz' }] },
      { ...good, blocks: [{ ...good.blocks[0], at: -1 }] },
      { ...good, blocks: [{ ...good.blocks[0], messages: 1.5 }] },
      { ...good, blocks: [{ ...good.blocks[0], from: '' }] },
      { ...good, tip: { hash: 'xyz', height: 1 } },
      { ...good, messages: { seq: 0, sampledOut: 0, events: Array.from({ length: 41 }, () => ({ at: 1, from: 'alice', to: 'bob', kind: 'inv' })) } },
      { ...good, messages: { seq: 0, sampledOut: 0, events: [{ at: 1, from: 'alice', to: 'bob', kind: 'shout' }] } },
      { ...good, messages: { seq: -1, sampledOut: 0, events: [] } },
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
    expect(await got).toEqual({ full: true, reports: [{ ...good, id: a.client.id }] });
  });

  it("keeps only message events over the reporting tab's own links, and one new batch a second", async () => {
    let clock = 1_000_000;
    await start({ now: () => clock, budgets: UNLIMITED_BUDGETS });
    const a = await harness.named('class', 'alice');
    const b = await harness.named('class', 'bob');
    const event = (from: string, to: string) => ({ at: 5, from, to, kind: 'inv' as const });
    const batch = (seq: number) => ({ seq, sampledOut: 0, events: [event('alice', 'bob'), event('bob', 'alice'), event('carol', 'dave'), event('alice', 'eve')] });
    const first = reportsWhere(b.client, (m) => m.reports[0]?.messages?.seq === 0);
    a.client.emit('report', { ...body('alice', ['bob']), messages: batch(0) });
    // carol → dave is not alice's to tell, and alice reports no link to eve.
    expect((await first).reports[0]!.messages).toEqual({ seq: 0, sampledOut: 0, events: [event('alice', 'bob'), event('bob', 'alice')] });

    // The same batch again (a report that changed elsewhere) is not a new one; two new ones fit the burst.
    const again = reportsWhere(b.client, (m) => m.reports[0]?.blocks[0]?.at === 2);
    a.client.emit('report', { ...body('alice', ['bob'], 2), messages: batch(0) });
    expect((await again).reports[0]!.messages?.seq).toBe(0);
    a.client.emit('report', { ...body('alice', ['bob'], 3), messages: batch(1) });
    const refused = nextSignalError(a.client);
    const stripped = reportsWhere(b.client, (m) => m.reports[0]?.blocks[0]?.at === 4);
    a.client.emit('report', { ...body('alice', ['bob'], 4), messages: batch(2) });
    expect(await refused).toMatchObject({ code: 'rate-limited', event: 'report' });
    // Its links and blocks still count; its messages do not.
    expect((await stripped).reports[0]!.messages).toBeUndefined();

    clock += 1_000; // a second later the next batch is welcome
    const later = reportsWhere(b.client, (m) => m.reports[0]?.messages?.seq === 3);
    a.client.emit('report', { ...body('alice', ['bob'], 5), messages: batch(3) });
    expect((await later).reports[0]!.messages!.events).toHaveLength(2);
  });

  it("refuses a report under another tab's name and keeps that tab's own", async () => {
    await start();
    const a = await harness.named('class', 'alice');
    const mallory = await harness.named('class', 'mallory');
    const aHas = nextEvent<RoomReports>(a.client, 'room-reports');
    a.client.emit('report', body('alice', ['mallory']));
    await aHas;
    const aGot = record<RoomReports>(a.client, 'room-reports');

    const error = nextSignalError(mallory.client);
    mallory.client.emit('report', body('alice', []));
    expect(await error).toMatchObject({ code: 'bad-name', event: 'report' });
    const own = nextEvent<RoomReports>(a.client, 'room-reports');
    mallory.client.emit('report', body('mallory', ['alice']));
    await own;
    // alice heard only mallory's own report: nothing ever replaced hers.
    expect(aGot.flatMap((m) => m.reports.map((r) => [r.id, r.name]))).toEqual([[mallory.client.id, 'mallory']]);
  });

  it('sends a room at most one room-reports per interval, carrying the latest of each member', async () => {
    await start({ reportsIntervalMs: 400 });
    const a = await harness.named('class', 'alice');
    const b = await harness.named('class', 'bob');
    const seen = record<RoomReports>(b.client, 'room-reports');
    const last = reportsWhere(b.client, (m) => m.reports[0]?.blocks[0]?.at === 4);
    for (let at = 1; at <= 4; at++) a.client.emit('report', body('alice', [], at));
    await last;
    // The first report went out at once; the next three were folded into one, a moment later.
    expect(seen.map((m) => m.reports.map((r) => r.blocks[0]!.at))).toEqual([[1], [4]]);
  });

  it("drops a member's report when it leaves, and tells the room", async () => {
    await start();
    const a = await harness.named('class', 'alice');
    const b = await harness.named('class', 'bob');
    const both = reportsWhere(b.client, (m) => m.reports.some((r) => r.name === 'bob'));
    a.client.emit('report', body('alice'));
    b.client.emit('report', body('bob'));
    await both;
    const after = reportsWhere(b.client, (m) => (m.removed?.length ?? 0) > 0);
    const aId = a.client.id;
    a.client.disconnect();
    expect(await after).toEqual({ full: false, reports: [], removed: [aId] });
  });

  it("holds a room's updates back once its fan-out budget is spent, and sends them when it refills", async () => {
    let clock = 1_000_000;
    // 1,000 bytes a second: the first two messages fit, the third must wait for the clock.
    await start({ now: () => clock, fanoutBytesPerSecond: 1_000, fanoutBurstBytes: 1_000, budgets: UNLIMITED_BUDGETS });
    const a = await harness.named('class', 'alice');
    const b = await harness.named('class', 'bob');
    const bGot = record<RoomReports>(b.client, 'room-reports');
    const first = nextEvent(b.client, 'room-reports');
    a.client.emit('report', body('alice', [], 1)); // full to 2 newcomers: ≈ 2 × 200 bytes
    await first;
    const second = nextEvent(b.client, 'room-reports');
    a.client.emit('report', body('alice', [], 2)); // delta to 2 members: ≈ 2 × 220 bytes
    await second;
    a.client.emit('report', body('alice', [], 3)); // over budget: held
    // The flush is decided while the report is handled, so a held-back one would be here by now.
    await a.client.emitWithAck('clock');
    await b.client.emitWithAck('clock');
    expect(bGot.map((m) => m.reports[0]!.blocks[0]!.at)).toEqual([1, 2]);

    clock += 1_000; // the budget refills; the held update goes at the next retry
    const third = reportsWhere(b.client, (m) => m.reports[0]?.blocks[0]?.at === 3);
    expect((await third).full).toBe(false);
  });
});
