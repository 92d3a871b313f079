import { afterEach, describe, expect, it } from 'vitest';
import { DEFAULT_ROOM_SETTINGS, type ControlAck, type RoomSettings } from '../shared/protocol/room-controls';
import { NO_CONDITIONS } from '../shared/transport/conditioner';
import { Harness, nextEvent, raw, record, UNLIMITED_BUDGETS, type TestClient } from './test-harness';

const KEY = 'k3y-Of-This-Server_0123456789abcdefghijklmno';
let harness: Harness;
let handlerErrors: unknown[] = [];
const start = async (options: Parameters<typeof Harness.start>[0] = {}) => {
  handlerErrors = [];
  harness = await Harness.start({ teacherKey: KEY, budgets: UNLIMITED_BUDGETS, onHandlerError: (error) => handlerErrors.push(error), ...options });
};
afterEach(async () => {
  await harness.close();
  expect(handlerErrors).toEqual([]);
});

const claim = (client: TestClient, key: unknown): Promise<ControlAck> => raw(client).emitWithAck('claim-teacher', { key });
const control = (client: TestClient, request: unknown): Promise<ControlAck> => raw(client).emitWithAck('room-control', request);

describe('claim-teacher', () => {
  it('is refused without a key and with a wrong one, accepted with the right one', async () => {
    await start();
    const { client } = await harness.named('class', 'desk');
    for (const request of [{}, { key: '' }, { key: 42 }, null, 'text']) {
      expect(await raw(client).emitWithAck('claim-teacher', request), JSON.stringify(request)).toMatchObject({ ok: false, code: 'no-teacher-key' });
    }
    const wrong = await claim(client, `${KEY}x`);
    expect(wrong).toMatchObject({ ok: false, code: 'wrong-key' });
    expect((wrong as { message: string }).message).toMatch(/teacher key/);
    const right = await claim(client, KEY);
    expect(right).toEqual({ ok: true, settings: { ...DEFAULT_ROOM_SETTINGS, teacher: true } });
  });

  it('is refused from a socket that has not joined a room (after the key is checked)', async () => {
    await start();
    const client = await harness.connect();
    expect(await claim(client, 'guess')).toMatchObject({ ok: false, code: 'wrong-key' });
    expect(await claim(client, KEY)).toMatchObject({ ok: false, code: 'not-joined' });
  });

  it('tells every member of the room that a teacher now steers it, and no other room', async () => {
    await start();
    const { client: desk } = await harness.named('class', 'desk');
    const { client: student } = await harness.named('class', 'amy');
    const { client: elsewhere } = await harness.named('other', 'zed');
    const seenElsewhere = record<RoomSettings>(elsewhere, 'room-settings');
    const told = nextEvent<RoomSettings>(student, 'room-settings');
    await claim(desk, KEY);
    expect((await told).teacher).toBe(true);
    // A round trip on the other room's socket: had a broadcast gone there, it would have arrived first.
    await elsewhere.emitWithAck('clock');
    expect(seenElsewhere).toEqual([]);
  });
});

describe('room-control', () => {
  it('is refused without a key, with a wrong key, when not joined, and when malformed', async () => {
    await start();
    const { client: desk } = await harness.named('class', 'desk');
    const paused = { kind: 'mining', paused: true };
    expect(await control(desk, { control: paused })).toMatchObject({ ok: false, code: 'no-teacher-key' });
    expect(await control(desk, { key: 'nope', control: paused })).toMatchObject({ ok: false, code: 'wrong-key' });
    const loose = await harness.connect();
    expect(await control(loose, { key: KEY, control: paused })).toMatchObject({ ok: false, code: 'not-joined' });
    const bad = await control(desk, { key: KEY, control: { kind: 'mining', maxWorkers: 99 } });
    expect(bad).toMatchObject({ ok: false, code: 'bad-control' });
    expect((bad as { message: string }).message).toContain('maxWorkers');
    let deep: unknown = { kind: 'mining' };
    for (let i = 0; i < 20; i++) deep = { nested: deep };
    expect(await control(desk, { key: KEY, control: deep })).toMatchObject({ ok: false, code: 'bad-control' });
    // Nothing of the refused ones was applied.
    const { ack } = await harness.named('class', 'late');
    expect(ack.settings.mining).toEqual({ paused: false, maxWorkers: null });
  });

  it("applies only to the sender's own room: a room field is refused, another room's tab cannot be kicked", async () => {
    await start();
    const { client: desk } = await harness.named('class', 'desk');
    const { client: other } = await harness.named('other', 'zed');
    const seen = record<RoomSettings>(other, 'room-settings');
    const aimed = await control(desk, { key: KEY, room: 'other', control: { kind: 'mining', paused: true } });
    expect(aimed).toMatchObject({ ok: false, code: 'bad-control' });
    expect((aimed as { message: string }).message).toMatch(/your own room/);
    const kick = await control(desk, { key: KEY, control: { kind: 'kick', id: other.id } });
    expect(kick).toMatchObject({ ok: false, code: 'unknown-peer' });
    expect(other.connected).toBe(true);
    // A control that is accepted changes the sender's room, not the other.
    expect(await control(desk, { key: KEY, control: { kind: 'mining', paused: true } })).toMatchObject({ ok: true });
    await other.emitWithAck('clock');
    expect(seen).toEqual([]);
    const { ack } = await harness.named('other', 'late');
    expect(ack.settings).toEqual(DEFAULT_ROOM_SETTINGS);
  });

  it('reaches every member as room-settings, and late joiners get the settings in their join ack', async () => {
    await start();
    const { client: desk } = await harness.named('class', 'desk');
    const { client: amy } = await harness.named('class', 'amy');
    await claim(desk, KEY);
    await nextEvent(amy, 'room-settings'); // the claim's
    const amySaw = record<RoomSettings>(amy, 'room-settings');
    const conditions = { ...NO_CONDITIONS, latencyMs: 200, jitterMs: 10, slowMotion: true };
    const slowed = nextEvent<RoomSettings>(amy, 'room-settings');
    const ack = await control(desk, { key: KEY, control: { kind: 'conditions', conditions } });
    expect(ack).toMatchObject({ ok: true, settings: { conditions } });
    expect((await slowed).conditions).toEqual(conditions);
    const reset = nextEvent<RoomSettings>(amy, 'room-settings');
    await control(desk, { key: KEY, control: { kind: 'reset', difficulty: 6, interval: 5 } });
    expect((await reset).rules).toEqual({ difficulty: 6, interval: 5, epoch: 1 });
    expect(amySaw.map((s) => s.conditions.latencyMs)).toEqual([200, 200]);

    const { ack: late } = await harness.named('class', 'late');
    expect(late.settings).toMatchObject({ teacher: true, conditions, rules: { difficulty: 6, interval: 5, epoch: 1 } });
  });

  it('is rate-limited per socket, and repeated wrong keys get the socket dropped', async () => {
    await start({ budgets: undefined, now: () => 5_000_000 }); // the real budgets, on a clock that stands still
    const { client: desk } = await harness.named('class', 'desk');
    const results: ControlAck[] = [];
    for (let i = 0; i < 11; i++) results.push(await control(desk, { key: KEY, control: { kind: 'mining', maxWorkers: 1 + (i % 8) } }));
    expect(results.slice(0, 10).every((r) => r.ok)).toBe(true);
    expect(results[10]).toMatchObject({ ok: false, code: 'rate-limited' });
    // Claims have a budget of their own (burst 4): a reloading desk claims once per load.
    const claims: ControlAck[] = [];
    for (let i = 0; i < 5; i++) claims.push(await claim(desk, KEY));
    expect(claims.map((c) => (c.ok ? 'ok' : c.code))).toEqual(['ok', 'ok', 'ok', 'ok', 'rate-limited']);

    const { client: guesser } = await harness.named('class', 'guesser');
    const closed = nextEvent(guesser, 'disconnect');
    const answers: ControlAck[] = [];
    for (let i = 0; i < 5; i++) answers.push(await control(guesser, { key: `guess-${i}`, control: { kind: 'mining', paused: true } }));
    expect(answers.map((a) => !a.ok && a.code)).toEqual(Array(5).fill('wrong-key'));
    await closed;
    expect(guesser.connected).toBe(false);
  });
});
