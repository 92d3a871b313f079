/**
 * Two real signalling processes (`tsx signal-server/main.ts`, as `npm start` runs it) on one real
 * `redis-server`, with socket.io-client clients like tabs: one room across both processes, and a
 * Redis restart under them. Waits are on events, acks and what the processes print or report.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { io as connectClient } from 'socket.io-client';
import type { JoinAck, SignalError } from '../shared/protocol/signalling';
import { startRedis, type RedisProcess } from './redis-process';
import { startServerProcess, type ServerProcess } from './server-process';
import { nextEvent, record, type TestClient } from './test-harness';

const TEACHER_KEY = 'cluster-test-key';
const clients: TestClient[] = [];

async function connect(server: ServerProcess): Promise<TestClient> {
  const client: TestClient = connectClient(server.url, { transports: ['websocket'], reconnection: false, forceNew: true });
  clients.push(client);
  await new Promise<void>((resolve, reject) => {
    client.once('connect', resolve);
    client.once('connect_error', reject);
  });
  return client;
}

async function join(server: ServerProcess, room: string, name: string) {
  const client = await connect(server);
  const ack: JoinAck = await client.emitWithAck('join', { room, name, nickname: name });
  if (!ack.ok) throw new Error(`join refused: ${ack.code} ${ack.message}`);
  return { client, ack };
}

/** Polls /healthz (a condition, not a sleep) until the process says Redis is `state`. */
async function redisIs(server: ServerProcess, state: 'connected' | 'unreachable', timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const health = (await (await fetch(`${server.url}/healthz`)).json()) as { cluster?: { redis: string } };
    if (health.cluster?.redis === state) return;
    if (Date.now() > deadline) throw new Error(`${server.url} still reports Redis ${health.cluster?.redis}, not ${state}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

describe('two signalling processes sharing rooms through Redis', () => {
  let redis: RedisProcess;
  let one: ServerProcess;
  let two: ServerProcess;

  beforeAll(async () => {
    redis = await startRedis();
    const env = { REDIS_URL: redis.url, TEACHER_KEY };
    [one, two] = await Promise.all([startServerProcess({ env }), startServerProcess({ env })]);
  }, 60_000);

  afterAll(async () => {
    for (const client of clients) client.disconnect();
    await Promise.all([one?.stop(), two?.stop()]);
    await redis?.stop();
  });

  it('introduces two tabs of one room on different processes, and relays their signals both ways', async () => {
    const a = await join(one, 'class-a', 'tab-a');
    const aHearsB = nextEvent<{ id: string; nickname: string }>(a.client, 'peer-joined');
    const b = await join(two, 'class-a', 'tab-b');
    expect(b.ack.peers).toEqual([a.ack.id]);
    expect(b.ack.members.map((member) => member.nickname)).toEqual(['tab-a']);
    expect(await aHearsB).toMatchObject({ id: b.ack.id, nickname: 'tab-b' });

    const toB = nextEvent<{ from: string; data: unknown }>(b.client, 'signal');
    a.client.emit('signal', { to: b.ack.id, data: { type: 'offer', sdp: 'v=0 from a' } });
    expect(await toB).toEqual({ from: a.ack.id, data: { type: 'offer', sdp: 'v=0 from a' } });
    const toA = nextEvent<{ from: string; data: unknown }>(a.client, 'signal');
    b.client.emit('signal', { to: a.ack.id, data: { type: 'answer', sdp: 'v=0 from b' } });
    expect(await toA).toEqual({ from: b.ack.id, data: { type: 'answer', sdp: 'v=0 from b' } });

    // A nickname is unique across both processes: the same look on the other process is suffixed.
    const c = await join(one, 'class-a', 'tab-c');
    const clash = await c.client.emitWithAck('set-nickname', { nickname: 'tab-b' });
    expect(clash).toMatchObject({ ok: true, nickname: 'tab-b 2', nicknameChanged: true });
  });

  it('keeps a tab of another room on the other process out of everything', async () => {
    const outsider = await join(two, 'class-b', 'tab-x');
    const heard = [...['peer-joined', 'signal', 'topology-changed', 'room-settings'].map((event) => record(outsider.client, event))];
    const a = await join(one, 'class-c', 'tab-a');
    const bHearsNothingYet = await join(two, 'class-c', 'tab-b');
    const refused = nextEvent<SignalError>(a.client, 'signal-error');
    a.client.emit('signal', { to: outsider.ack.id, data: { type: 'offer', sdp: 'not for you' } });
    expect(await refused).toMatchObject({ code: 'unknown-peer' });
    // A signal inside class-c after it has crossed: by then the outsider would have had the other.
    const inside = nextEvent(bHearsNothingYet.client, 'signal');
    a.client.emit('signal', { to: bHearsNothingYet.ack.id, data: { type: 'offer', sdp: 'inside' } });
    await inside;
    expect(outsider.ack.peers).toEqual([]);
    expect(heard.flat()).toEqual([]);
  });

  it('holds a topology switch and the teacher lock across both processes', async () => {
    const a = await join(one, 'class-d', 'tab-a');
    const b = await join(two, 'class-d', 'tab-b');
    const bHearsSwitch = nextEvent<{ topology: string; by: string }>(b.client, 'topology-changed');
    a.client.emit('set-topology', { topology: 'unstructured' });
    expect(await bHearsSwitch).toEqual({ topology: 'unstructured', by: 'tab-a' });
    // A tab joining on the other process is told the room's topology too.
    const late = await join(two, 'class-d', 'tab-late');
    expect(late.ack.topology).toBe('unstructured');

    const teacher = await join(one, 'class-e', 'desk');
    const student = await join(two, 'class-e', 'tab-s');
    const studentHearsClaim = nextEvent<{ teacher: boolean }>(student.client, 'room-settings');
    expect(await teacher.client.emitWithAck('claim-teacher', { key: TEACHER_KEY })).toMatchObject({ ok: true });
    expect(await studentHearsClaim).toMatchObject({ teacher: true });
    const refused = nextEvent<SignalError>(student.client, 'signal-error');
    student.client.emit('set-topology', { topology: 'kademlia' });
    expect(await refused).toMatchObject({ event: 'set-topology', code: 'not-teacher' });
    const lateStudent = await join(two, 'class-e', 'tab-t');
    expect(lateStudent.ack.settings.teacher).toBe(true);
    expect(lateStudent.ack.topology).toBe('mesh');
  });

  it('keeps each process serving its rooms while Redis is away, and shares them again once it is back', async () => {
    await redis.stop();
    await Promise.all([one.printed(/Redis unreachable/), two.printed(/Redis unreachable/)]);
    await Promise.all([redisIs(one, 'unreachable'), redisIs(two, 'unreachable')]);

    // Alone, a process still introduces its own tabs and relays between them.
    const x = await join(one, 'class-f', 'tab-x');
    const y = await join(one, 'class-f', 'tab-y');
    expect(y.ack.peers).toEqual([x.ack.id]);
    const toX = nextEvent<{ from: string }>(x.client, 'signal');
    y.client.emit('signal', { to: x.ack.id, data: { type: 'offer', sdp: 'during the outage' } });
    expect(await toX).toMatchObject({ from: y.ack.id });

    await redis.start();
    await Promise.all([one.printed(/Redis is back/), two.printed(/Redis is back/)]);
    await Promise.all([redisIs(one, 'connected'), redisIs(two, 'connected')]);

    // The room made during the outage is shared again: a tab on the other process meets it.
    const z = await join(two, 'class-f', 'tab-z');
    expect(new Set(z.ack.peers)).toEqual(new Set([x.ack.id, y.ack.id]));
    const toZ = nextEvent<{ from: string }>(z.client, 'signal');
    x.client.emit('signal', { to: z.ack.id, data: { type: 'offer', sdp: 'after the outage' } });
    expect(await toZ).toMatchObject({ from: x.ack.id });
  }, 60_000);

  it('tells the tabs of a room that members on a process that stopped or died have left', async () => {
    const env = { REDIS_URL: redis.url, TEACHER_KEY };
    const [three, four] = await Promise.all([startServerProcess({ env }), startServerProcess({ env })]);
    try {
      const stays = await join(one, 'class-g', 'tab-stays');
      const stopping = await join(three, 'class-g', 'tab-stopping');
      const dying = await join(four, 'class-g', 'tab-dying');
      const left = record<{ id: string }>(stays.client, 'peer-left');
      // A clean stop: its tabs' leaving reaches the room at once, and the others' tabs stay connected.
      await three.stop();
      await expect.poll(() => left.map((event) => event.id), { timeout: 10_000 }).toEqual([stopping.ack.id]);
      expect(stays.client.connected).toBe(true);
      // A crash: noticed once its liveness key has lapsed (HOME_TTL_MS + 2 heartbeats), then the survivors say it.
      await four.kill();
      await expect.poll(() => left.map((event) => event.id), { timeout: 40_000, interval: 250 }).toEqual([stopping.ack.id, dying.ack.id]);
      const late = await join(two, 'class-g', 'tab-late');
      expect(late.ack.peers).toEqual([stays.ack.id]);
    } finally {
      await Promise.all([three.stop(), four.stop()]);
    }
  }, 60_000);
});
