/** What a claimed room does differently: who may switch its mode, kicks, the partition on signals, and the key kept secret. */
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { ControlAck, Kicked, RoomSettings } from '../shared/protocol/room-controls';
import type { IncomingSignal, JoinAck, SignalData, SignalError, TopologyChanged } from '../shared/protocol/signalling';
import { NO_CONDITIONS } from '../shared/transport/conditioner';
import { EMPTY_ROOM_GRACE_MS, KICK_BAN_MS } from './room-settings';
import { Harness, nextEvent, nextSignalError, raw, record, UNLIMITED_BUDGETS, type TestClient } from './test-harness';

const KEY = 'teacher-only_Zx81-0123456789abcdefghijklmnopq';
const OFFER: SignalData = { type: 'offer', sdp: 'v=0\r\no=- 1 2 IN IP4 127.0.0.1\r\n' };
let harness: Harness;
let clock = 1_000_000;
let handlerErrors: unknown[] = [];
const start = async () => {
  clock = 1_000_000;
  handlerErrors = [];
  harness = await Harness.start({ teacherKey: KEY, now: () => clock, budgets: UNLIMITED_BUDGETS, onHandlerError: (error) => handlerErrors.push(error) });
};
afterEach(async () => {
  await harness.close();
  expect(handlerErrors).toEqual([]);
});

const control = (client: TestClient, control: unknown): Promise<ControlAck> => raw(client).emitWithAck('room-control', { key: KEY, control });
const claim = (client: TestClient): Promise<ControlAck> => client.emitWithAck('claim-teacher', { key: KEY });

describe('switching the mode of a claimed room', () => {
  it("a student may switch before a teacher claims the room; after, the student is refused and the teacher's desk switches it", async () => {
    await start();
    const { client: desk } = await harness.named('class', 'desk', 'Ms Lin');
    const { client: amy } = await harness.named('class', 'amy', 'Amy');
    const switched = nextEvent<TopologyChanged>(desk, 'topology-changed');
    amy.emit('set-topology', { topology: 'unstructured' });
    expect(await switched).toEqual({ topology: 'unstructured', by: 'Amy' });

    await claim(desk);
    clock += 10_000;
    const refused = nextSignalError(amy);
    amy.emit('set-topology', { topology: 'kademlia' });
    expect(await refused).toMatchObject({ code: 'not-teacher', event: 'set-topology' });

    const order: string[] = [];
    raw(amy).on('room-settings', () => order.push('room-settings'));
    const told = nextEvent<TopologyChanged>(amy, 'topology-changed').then((change) => (order.push('topology-changed'), change));
    const ack = await control(desk, { kind: 'overlay', topology: 'kademlia', locked: true, k: 3 });
    expect(ack).toMatchObject({ ok: true, settings: { overlay: { locked: true, k: 3 } } });
    expect(await told).toEqual({ topology: 'kademlia', by: 'Ms Lin' });
    // Settings first: tabs reload on topology-changed and must already know k.
    expect(order).toEqual(['room-settings', 'topology-changed']);

    // The 3 s rule holds for the desk too; nothing of the refused control is applied.
    const tooSoon = await control(desk, { kind: 'overlay', topology: 'mesh', k: 5 });
    expect(tooSoon).toMatchObject({ ok: false, code: 'rate-limited' });
    expect((tooSoon as { message: string }).message).toMatch(/try again in 3\.0 s/);
    const { ack: late } = await harness.named('class', 'late');
    expect([late.topology, late.settings.overlay.k]).toEqual(['kademlia', 3]);
  });

  it('stays claimed after the teacher tab leaves, through a reload of the whole room, and is free again once the room has stayed empty', async () => {
    await start();
    const { client: desk } = await harness.named('class', 'desk');
    const { client: amy } = await harness.named('class', 'amy');
    await claim(desk);
    const left = nextEvent(amy, 'peer-left');
    desk.disconnect();
    await left;
    const refused = nextSignalError(amy);
    amy.emit('set-topology', { topology: 'kademlia' });
    expect(await refused).toMatchObject({ code: 'not-teacher' });
    amy.disconnect();
    // A reset reloads every tab at once: a room empty for a moment keeps its claim and settings.
    const { ack: back, client: amyAgain } = await harness.named('class', 'amy-again');
    expect(back.settings.teacher).toBe(true);
    amyAgain.disconnect();
    // The grace counts from when the server saw the room empty: wait for that before the clock moves.
    await vi.waitFor(async () => expect(((await (await fetch(`${harness.url}/healthz`)).json()) as { peers: number }).peers).toBe(0));
    // A room empty past its grace is forgotten: the next class starts without a teacher.
    clock += EMPTY_ROOM_GRACE_MS;
    const { ack, client: bob } = await harness.named('class', 'bob');
    expect(ack.settings.teacher).toBe(false);
    const switched = nextEvent<TopologyChanged>(bob, 'topology-changed');
    bob.emit('set-topology', { topology: 'kademlia' });
    expect((await switched).topology).toBe('kademlia');
  });
});

describe('kick', () => {
  it('tells the tab why, disconnects it, and keeps its name out of the room for a while', async () => {
    await start();
    const { client: desk } = await harness.named('class', 'desk');
    const { client: bob } = await harness.named('class', 'bob');
    const bobId = bob.id!;
    const kicked = nextEvent<Kicked>(bob, 'kicked');
    const gone = nextEvent(bob, 'disconnect');
    const left = nextEvent<{ id: string }>(desk, 'peer-left');
    expect(await control(desk, { kind: 'kick', id: bobId })).toMatchObject({ ok: true });
    expect((await kicked).reason).toMatch(/teacher.*removed this tab.*60 s/);
    await gone;
    expect((await left).id).toBe(bobId);

    const again = await harness.connect();
    const refused: JoinAck = await again.emitWithAck('join', { room: 'class', name: 'bob' });
    expect(refused).toMatchObject({ ok: false, code: 'kicked' });
    expect((refused as { message: string }).message).toMatch(/rejoin in 60 s/);
    clock += KICK_BAN_MS;
    expect(await again.emitWithAck('join', { room: 'class', name: 'bob' })).toMatchObject({ ok: true });
  });

  it("refuses to kick the desk's own tab or an id not in the room", async () => {
    await start();
    const { client: desk } = await harness.named('class', 'desk');
    expect(await control(desk, { kind: 'kick', id: desk.id })).toMatchObject({ ok: false, code: 'unknown-peer' });
    expect(await control(desk, { kind: 'kick', id: 'nobody-here' })).toMatchObject({ ok: false, code: 'unknown-peer' });
    expect(desk.connected).toBe(true);
  });
});

describe('signals across a partition', () => {
  it('are refused with partitioned; within a group, and after healing, they are relayed', async () => {
    await start();
    const { client: desk } = await harness.named('class', 'desk');
    const { client: a } = await harness.named('class', 'a');
    const { client: b } = await harness.named('class', 'b');
    const { client: c } = await harness.named('class', 'c');
    const partition = { groups: [['desk', 'a', 'b'], ['c']] };
    await control(desk, { kind: 'conditions', conditions: { ...NO_CONDITIONS, partition } });

    const cGot = record<IncomingSignal>(c, 'signal');
    for (const [from, to] of [[a, c], [c, a]] as const) {
      const refused = nextEvent<SignalError>(from, 'signal-error');
      from.emit('signal', { to: to.id!, data: OFFER });
      expect(await refused).toMatchObject({ code: 'partitioned', event: 'signal' });
    }
    const arrived = nextEvent<IncomingSignal>(b, 'signal');
    a.emit('signal', { to: b.id!, data: OFFER });
    expect(await arrived).toEqual({ from: a.id, data: OFFER });
    expect(cGot).toEqual([]);

    const healed = nextEvent<RoomSettings>(c, 'room-settings');
    await control(desk, { kind: 'conditions', conditions: NO_CONDITIONS });
    expect((await healed).conditions.partition).toBeNull();
    const across = nextEvent<IncomingSignal>(c, 'signal');
    a.emit('signal', { to: c.id!, data: OFFER });
    expect(await across).toEqual({ from: a.id, data: OFFER });
  });
});

describe('the teacher key', () => {
  it('never appears in anything the server sends, to a student or to the teacher, through a whole lesson', async () => {
    await start();
    const frames = new Map<string, string[]>();
    const capture = (who: string, client: TestClient) => {
      const seen: string[] = [];
      frames.set(who, seen);
      client.io.engine.on('packet', (packet: { data?: unknown }) => seen.push(String(packet.data ?? '')));
    };
    const deskSocket = await harness.connect();
    capture('desk', deskSocket);
    const student = await harness.connect();
    capture('student', student);
    await deskSocket.emitWithAck('join', { room: 'class', name: 'desk' });
    await student.emitWithAck('join', { room: 'class', name: 'amy' });

    await claim(deskSocket);
    await raw(student).emitWithAck('claim-teacher', { key: KEY.slice(0, -1) });
    await raw(student).emitWithAck('room-control', { key: `${KEY}!`, control: { kind: 'mining', paused: true } });
    await control(deskSocket, { kind: 'conditions', conditions: { ...NO_CONDITIONS, latencyMs: 100, partition: { groups: [['desk', 'amy']] } } });
    await control(deskSocket, { kind: 'mining', paused: true, maxWorkers: 2 });
    await control(deskSocket, { kind: 'overlay', topology: 'kademlia', locked: true });
    await control(deskSocket, { kind: 'reset', difficulty: 4, interval: 0 });
    await control(deskSocket, { kind: 'mining', maxWorkers: 99 }); // refused: its message must not echo the key either
    const lastSettings = nextEvent<RoomSettings>(student, 'room-settings');
    await control(deskSocket, { kind: 'mining', paused: false });
    await lastSettings;
    student.emit('set-topology', { topology: 'mesh' });
    await nextSignalError(student);

    expect(frames.get('student')!.some((frame) => frame.includes('room-settings'))).toBe(true);
    expect(frames.get('desk')!.some((frame) => frame.includes('"ok":true'))).toBe(true);
    for (const [who, seen] of frames) {
      for (const fragment of [KEY, KEY.slice(0, -1), KEY.slice(8, 30)]) {
        expect(seen.filter((frame) => frame.includes(fragment)), who).toEqual([]);
      }
    }
  });
});
