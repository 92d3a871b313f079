import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DEFAULT_ROOM_SETTINGS } from '../shared/protocol/room-controls';
import type { IncomingSignal, JoinAck, SignalData } from '../shared/protocol/signalling';
import { Harness, nextEvent, nextSignalError, raw, record, UNLIMITED_BUDGETS, type TestClient } from './test-harness';

const OFFER: SignalData = { type: 'offer', sdp: 'v=0\r\no=- 1 2 IN IP4 127.0.0.1\r\n' };

let harness: Harness;
beforeEach(async () => {
  harness = await Harness.start();
});
afterEach(async () => {
  await harness.close();
});

/** Sends a signal from `from` to `to` and waits until `to` has it. */
async function roundTrip(from: TestClient, to: TestClient, data: SignalData = OFFER): Promise<IncomingSignal> {
  const arrived = nextEvent<IncomingSignal>(to, 'signal');
  from.emit('signal', { to: to.id!, data });
  return arrived;
}

describe('joining a room', () => {
  it('tells a newcomer who is already there and tells them about the newcomer', async () => {
    const a = await harness.joined('lobby');
    expect(a.peers).toEqual([]);

    const aSawB = nextEvent(a.client, 'peer-joined');
    const b = await harness.joined('lobby');
    expect(b.peers).toEqual([a.client.id]);
    expect(await aSawB).toEqual({ id: b.client.id, nickname: b.client.id });

    const aSawC = nextEvent(a.client, 'peer-joined');
    const bSawC = nextEvent(b.client, 'peer-joined');
    const c = await harness.joined('lobby');
    expect(c.peers).toEqual([a.client.id, b.client.id]);
    expect(await aSawC).toEqual({ id: c.client.id, nickname: c.client.id });
    expect(await bSawC).toEqual({ id: c.client.id, nickname: c.client.id });
  });

  it('passes tab names along (for display and reconnects), never in place of the server-given id', async () => {
    const first = await harness.connect();
    await first.emitWithAck('join', { room: 'named', name: 'tab-one' });
    const second = await harness.connect();
    const firstSaw = nextEvent(first, 'peer-joined');
    const ack = await second.emitWithAck('join', { room: 'named', name: 'tab-two' });
    expect(ack).toMatchObject({ ok: true, peers: [first.id], names: { [first.id!]: 'tab-one' } });
    expect(await firstSaw).toEqual({ id: second.id, name: 'tab-two', nickname: 'tab-two' });
    const bad = await harness.connect();
    expect(await bad.emitWithAck('join', { room: 'named', name: 'no spaces' })).toMatchObject({ ok: false, code: 'bad-name' });
  });

  it('acks with the server-given id, the room, its topology and the server clock', async () => {
    await harness.close();
    harness = await Harness.start({ now: () => 1_234_567 });
    const client = await harness.connect();
    const ack = await client.emitWithAck('join', { room: 'team-a' });
    expect(ack).toEqual({
      ok: true,
      id: client.id,
      room: 'team-a',
      peers: [],
      names: {},
      members: [],
      nickname: client.id,
      nicknameChanged: true,
      topology: 'mesh',
      by: client.id,
      serverTime: 1_234_567,
      settings: DEFAULT_ROOM_SETTINGS,
    });
  });

  it('refuses a second join on the same connection', async () => {
    const { client } = await harness.joined('lobby');
    const again = await client.emitWithAck('join', { room: 'other' });
    expect(again).toMatchObject({ ok: false, code: 'already-joined' });
    expect((again as { message: string }).message).toContain('lobby');
  });

  it('refuses room names outside the names.ts rule as bad-room, other shapes as bad-payload', async () => {
    await harness.close();
    harness = await Harness.start({ budgets: UNLIMITED_BUDGETS }); // many joins from one socket
    const client = await harness.connect();
    for (const room of ['  ', '', 'x'.repeat(33), 'a\u202Eb', '../etc', 'a:b', 'x'.repeat(50_000)]) {
      const ack: JoinAck = await raw(client).emitWithAck('join', { room });
      expect(ack, JSON.stringify(room).slice(0, 40)).toMatchObject({ ok: false, code: 'bad-room' });
    }
    for (const request of [null, 'lobby', 42, [], {}, { room: 7 }, { name: 'lobby' }, { room: 'lobby', nickname: 5 }]) {
      const ack: JoinAck = await raw(client).emitWithAck('join', request);
      expect(ack, JSON.stringify(request)).toMatchObject({ ok: false, code: 'bad-payload' });
    }
    // Still unjoined and usable after all that.
    expect(await client.emitWithAck('join', { room: 'lobby' })).toMatchObject({ ok: true });
  });

  it('answers a join without an ack callback with signal-error and does not join', async () => {
    const client = await harness.connect();
    for (const args of [[{ room: 'lobby' }], [], [{ room: 'lobby' }, 'not-a-function']]) {
      const error = nextSignalError(client);
      raw(client).emit('join', ...args);
      expect(await error).toMatchObject({ code: 'bad-payload', event: 'join' });
    }
    const ack = await client.emitWithAck('join', { room: 'lobby' });
    expect(ack).toMatchObject({ ok: true, peers: [] });
  });
});

describe('relaying signals', () => {
  it('delivers to the target only, with from set by the server', async () => {
    const a = await harness.joined('lobby');
    const b = await harness.joined('lobby');
    const c = await harness.joined('lobby');
    const cGot = record(c.client, 'signal');

    expect(await roundTrip(a.client, b.client)).toEqual({ from: a.client.id, data: OFFER });
    await roundTrip(b.client, a.client); // everything sent before this has been routed
    await roundTrip(a.client, c.client);
    expect(cGot).toEqual([{ from: a.client.id, data: OFFER }]);
  });

  it('cannot be spoofed: a client-supplied from and unknown fields are dropped', async () => {
    const a = await harness.joined('lobby');
    const b = await harness.joined('lobby');
    const arrived = nextEvent<IncomingSignal>(b.client, 'signal');
    raw(a.client).emit('signal', { to: b.client.id, from: 'evil', data: { ...OFFER, from: 'evil', x: 1 } });
    expect(await arrived).toEqual({ from: a.client.id, data: OFFER });
  });

  it('keeps rooms apart: a signal to another room is unknown-peer and never arrives', async () => {
    const red = await harness.joined('red');
    const blue = await harness.joined('blue');
    const blueMate = await harness.joined('blue');
    const blueGot = record(blue.client, 'signal');

    const error = nextSignalError(red.client);
    red.client.emit('signal', { to: blue.client.id!, data: OFFER });
    expect(await error).toMatchObject({ code: 'unknown-peer', event: 'signal' });

    // The server routes in order: had the red signal reached blue, it would arrive before this.
    await roundTrip(blueMate.client, blue.client);
    expect(blueGot).toEqual([{ from: blueMate.client.id, data: OFFER }]);
  });

  it('refuses a signal to an unknown id or to oneself', async () => {
    const a = await harness.joined('lobby');
    for (const to of ['nobody-has-this-id', a.client.id!]) {
      const error = nextSignalError(a.client);
      a.client.emit('signal', { to, data: OFFER });
      expect(await error).toMatchObject({ code: 'unknown-peer', event: 'signal' });
    }
  });

  it('refuses signals before joining', async () => {
    const loner = await harness.connect();
    const b = await harness.joined('lobby');
    const error = nextSignalError(loner);
    loner.emit('signal', { to: b.client.id!, data: OFFER });
    expect(await error).toMatchObject({ code: 'not-joined', event: 'signal' });
  });

  it('answers malformed signals with bad-payload and keeps relaying', async () => {
    const a = await harness.joined('lobby');
    const b = await harness.joined('lobby');
    const to = b.client.id;
    const bad: unknown[][] = [
      [],
      [null],
      ['offer'],
      [42],
      [[to, OFFER]],
      [{}],
      [{ to }],
      [{ data: OFFER }],
      [{ to, data: 'offer' }],
      [{ to, data: { type: 'bogus' } }],
      [{ to, data: { type: 'offer', sdp: 5 } }],
      [{ to: 42, data: OFFER }],
      [{ to: 'spaces are not ids', data: OFFER }],
      [{ to, data: { type: 'candidate', candidate: { candidate: 'x', sdpMLineIndex: -1 } } }],
    ];
    for (const args of bad) {
      const error = nextSignalError(a.client);
      raw(a.client).emit('signal', ...args);
      const received = await error;
      expect(received, JSON.stringify(args)).toMatchObject({ code: 'bad-payload', event: 'signal' });
      expect(received.message.length).toBeGreaterThan(10);
    }
    expect(await roundTrip(a.client, b.client)).toEqual({ from: a.client.id, data: OFFER });
  });

  it('refuses a signal over 16 KiB as too-large without relaying it', async () => {
    const a = await harness.joined('lobby');
    const b = await harness.joined('lobby');
    const bGot = record(b.client, 'signal');
    const error = nextSignalError(a.client);
    a.client.emit('signal', { to: b.client.id!, data: { type: 'offer', sdp: 'x'.repeat(20 * 1024) } });
    expect(await error).toMatchObject({ code: 'too-large', event: 'signal' });
    await roundTrip(a.client, b.client);
    expect(bGot).toHaveLength(1);
  });

  it('honours a custom maxSignalBytes', async () => {
    await harness.close();
    harness = await Harness.start({ maxSignalBytes: 100 });
    const a = await harness.joined('lobby');
    const b = await harness.joined('lobby');
    const error = nextSignalError(a.client);
    a.client.emit('signal', { to: b.client.id!, data: { type: 'offer', sdp: 'x'.repeat(200) } });
    expect(await error).toMatchObject({ code: 'too-large' });
  });
});

describe('leaving', () => {
  it('tells the room when a peer disconnects, after which it is unknown', async () => {
    const a = await harness.joined('lobby');
    const b = await harness.joined('lobby');
    const other = await harness.joined('elsewhere');
    const otherSaw = record(other.client, 'peer-left');
    const left = nextEvent(a.client, 'peer-left');
    const goneId = b.client.id!;
    b.client.disconnect();
    expect(await left).toEqual({ id: goneId });

    const error = nextSignalError(a.client);
    a.client.emit('signal', { to: goneId, data: OFFER });
    expect(await error).toMatchObject({ code: 'unknown-peer' });
    // An ack round trip on the other room's socket: a stray peer-left would have come first.
    await other.client.emitWithAck('join', { room: 'elsewhere' });
    expect(otherSaw).toEqual([]);
  });
});

describe('/healthz', () => {
  it('reports rooms, peers and uptime', async () => {
    await harness.close();
    let clock = 1_000_000;
    harness = await Harness.start({ now: () => clock });
    await harness.joined('red');
    await harness.joined('red');
    await harness.joined('blue');
    await harness.connect(); // connected but not joined: not a peer
    clock += 61_500;

    const response = await fetch(`${harness.url}/healthz`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^application\/json/);
    expect(await response.json()).toEqual({ ok: true, rooms: 2, peers: 3, uptimeSeconds: 61 });
  });
});
