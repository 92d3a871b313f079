import { afterEach, describe, expect, it, vi } from 'vitest';
import type { JoinAck, JoinRequest, TopologyChanged } from '../shared/protocol/signalling';
import { Harness, nextEvent, nextSignalError, raw, record, UNLIMITED_BUDGETS, type TestClient } from './test-harness';

let harness: Harness;
let clock = 1_000_000;
let handlerErrors: unknown[] = [];
const start = async () => {
  clock = 1_000_000;
  handlerErrors = [];
  // Its clock stands still between steps, so budgets would never refill: they are not what these tests are about.
  harness = await Harness.start({ now: () => clock, budgets: UNLIMITED_BUDGETS, onHandlerError: (error) => handlerErrors.push(error) });
};
afterEach(async () => {
  await harness.close();
  expect(handlerErrors).toEqual([]);
});

async function join(request: JoinRequest): Promise<{ client: TestClient; ack: Extract<JoinAck, { ok: true }> }> {
  const client = await harness.connect();
  const ack = await client.emitWithAck('join', request);
  if (!ack.ok) throw new Error(`join refused: ${ack.code}`);
  return { client, ack };
}

describe("a room's topology", () => {
  it('is set by the first tab to join and given to every later one, whatever it asked for', async () => {
    await start();
    const first = await join({ room: 'class', name: 'alice', topology: 'unstructured' });
    expect(first.ack).toMatchObject({ topology: 'unstructured', by: 'alice' });
    const later = await join({ room: 'class', name: 'bob', topology: 'mesh' });
    expect(later.ack).toMatchObject({ topology: 'unstructured', by: 'alice' });
    const silent = await join({ room: 'class' });
    expect(silent.ack).toMatchObject({ topology: 'unstructured', by: 'alice' });

    // Another room has its own; a tab that names no mode starts a mesh, credited to its id.
    const elsewhere = await join({ room: 'other' });
    expect(elsewhere.ack).toMatchObject({ topology: 'mesh', by: elsewhere.client.id });
  });

  it('refuses a join with an unknown topology as bad-payload', async () => {
    await start();
    const client = await harness.connect();
    const ack = await raw(client).emitWithAck('join', { room: 'class', topology: 'star' });
    expect(ack).toMatchObject({ ok: false, code: 'bad-payload' });
    expect((ack as { message: string }).message).toContain('kademlia');
  });

  it('is forgotten when the last member leaves, and kept while anyone stays', async () => {
    await start();
    const a = await join({ room: 'class', name: 'alice', topology: 'kademlia' });
    const b = await join({ room: 'class', name: 'bob', topology: 'mesh' });
    const bSawLeave = nextEvent(b.client, 'peer-left');
    a.client.disconnect();
    await bSawLeave;
    const c = await join({ room: 'class', name: 'carol', topology: 'mesh' });
    expect(c.ack).toMatchObject({ topology: 'kademlia', by: 'alice' });

    b.client.disconnect();
    c.client.disconnect();
    await vi.waitFor(async () => expect(await (await fetch(`${harness.url}/healthz`)).json()).toMatchObject({ rooms: 0 }));
    const d = await join({ room: 'class', name: 'dave', topology: 'mesh' });
    expect(d.ack).toMatchObject({ topology: 'mesh', by: 'dave' });
  });
});

describe('set-topology', () => {
  it('switches the room and tells every member, the sender included, who did it', async () => {
    await start();
    const a = await join({ room: 'class', name: 'alice' });
    const b = await join({ room: 'class', name: 'bob' });
    const outsider = await join({ room: 'other', name: 'eve' });
    const outsiderSaw = record(outsider.client, 'topology-changed');
    const aSaw = nextEvent<TopologyChanged>(a.client, 'topology-changed');
    const bSaw = nextEvent<TopologyChanged>(b.client, 'topology-changed');

    b.client.emit('set-topology', { topology: 'kademlia' });
    expect(await aSaw).toEqual({ topology: 'kademlia', by: 'bob' });
    expect(await bSaw).toEqual({ topology: 'kademlia', by: 'bob' });

    const late = await join({ room: 'class', name: 'carol', topology: 'mesh' });
    expect(late.ack).toMatchObject({ topology: 'kademlia', by: 'bob' });
    // An ack round trip on the outsider's socket: a stray broadcast would have arrived first.
    await outsider.client.emitWithAck('clock');
    expect(outsiderSaw).toEqual([]);
  });

  it('credits a tab that gave no name by its id', async () => {
    await start();
    const a = await join({ room: 'class' });
    const saw = nextEvent<TopologyChanged>(a.client, 'topology-changed');
    a.client.emit('set-topology', { topology: 'unstructured' });
    expect(await saw).toEqual({ topology: 'unstructured', by: a.client.id });
  });

  it('refuses bad values as bad-payload and a socket outside any room as not-joined', async () => {
    await start();
    const a = await join({ room: 'class', name: 'alice' });
    const aSaw = record(a.client, 'topology-changed');
    for (const args of [[], [null], ['kademlia'], [{}], [{ topology: 'star' }], [{ topology: 'Mesh' }], [{ topology: 7 }], [new Uint8Array([1])]]) {
      const error = nextSignalError(a.client);
      raw(a.client).emit('set-topology', ...args);
      const received = await error;
      expect(received, JSON.stringify(args)).toMatchObject({ code: 'bad-payload', event: 'set-topology' });
      expect(received.message).toContain('unstructured');
    }
    const loner = await harness.connect();
    const error = nextSignalError(loner);
    loner.emit('set-topology', { topology: 'kademlia' });
    expect(await error).toMatchObject({ code: 'not-joined', event: 'set-topology' });

    expect((await join({ room: 'class' })).ack).toMatchObject({ topology: 'mesh', by: 'alice' });
    expect(aSaw).toEqual([]);
  });

  it('switches a room at most once per 3 s: too-soon before, allowed after', async () => {
    await start();
    const a = await join({ room: 'class', name: 'alice' });
    const changes = record<TopologyChanged>(a.client, 'topology-changed');
    // The first member's choice is not a switch: the room may switch straight away.
    let changed = nextEvent(a.client, 'topology-changed');
    a.client.emit('set-topology', { topology: 'unstructured' });
    await changed;

    clock += 2_999;
    const refused = nextSignalError(a.client);
    a.client.emit('set-topology', { topology: 'kademlia' });
    const error = await refused;
    expect(error).toMatchObject({ code: 'too-soon', event: 'set-topology' });
    expect(error.message).toContain('0.0 s');

    clock += 1;
    changed = nextEvent(a.client, 'topology-changed');
    a.client.emit('set-topology', { topology: 'kademlia' });
    await changed;
    expect(changes).toEqual([
      { topology: 'unstructured', by: 'alice' },
      { topology: 'kademlia', by: 'alice' },
    ]);
  });

  it("asking for the room's current mode changes nothing and reloads nobody", async () => {
    await start();
    const a = await join({ room: 'class', name: 'alice', topology: 'unstructured' });
    const b = await join({ room: 'class', name: 'bob' });
    const bSaw = record(b.client, 'topology-changed');
    b.client.emit('set-topology', { topology: 'unstructured' });
    // Events from one socket are handled in order: once this ack is back, the request was handled.
    await b.client.emitWithAck('clock');
    const changed = nextEvent<TopologyChanged>(b.client, 'topology-changed');
    a.client.emit('set-topology', { topology: 'mesh' });
    expect(await changed).toEqual({ topology: 'mesh', by: 'alice' });
    expect(bSaw).toEqual([{ topology: 'mesh', by: 'alice' }]);
  });
});
