/** Topics in any script, over real nodes on the memory transport: one name rule (names.ts) for the page, the wire and the router. */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { NodeErrorEvent } from '../../node/node-events';
import { encodeMessage } from '../../protocol/messages';
import { createSimulatedMesh } from '../../testing/mesh-sim';
import { NodePubsub } from './node-pubsub';
import type { TopicMessage } from './topic-log';

beforeEach(() => void vi.useFakeTimers());
afterEach(() => void vi.useRealTimers());

/** A line n0 – n1 – n2 of nodes with their pub/sub shells. */
async function line() {
  const now = () => Date.now();
  const ids = ['n0', 'n1', 'n2'];
  const mesh = createSimulatedMesh(ids, { schedule: (fn, ms) => void setTimeout(fn, ms), now, latency: () => 2 });
  const shells = new Map(ids.map((id) => [id, new NodePubsub({}, { node: mesh.node(id), now })]));
  const delivered = new Map(ids.map((id) => [id, [] as TopicMessage[]]));
  const errors: NodeErrorEvent[] = [];
  for (const id of ids) {
    shells.get(id)!.start();
    shells.get(id)!.events.on('delivered', (m) => delivered.get(id)!.push(m));
    mesh.node(id).events.on('error', (e) => errors.push(e));
  }
  mesh.network.connect('n0', 'n1');
  mesh.network.connect('n1', 'n2');
  await vi.runAllTimersAsync();
  return { mesh, ps: (id: string) => shells.get(id)!, delivered, errors };
}

describe('topic names in any script', () => {
  it('a Chinese topic’s messages cross a relay to its follower, once; other scripts too', async () => {
    const r = await line();
    for (const topic of ['數學課', '第3組', 'équipe-a']) expect(r.ps('n2').subscribe(topic)).toEqual({ ok: true, value: undefined });
    await vi.runAllTimersAsync();
    expect(r.ps('n1').summary().length).toBe(2); // the relay follows none of them
    expect(r.ps('n0').publish('數學課', '明天小考第三章')).toMatchObject({ ok: true });
    expect(r.ps('n0').publish('e\u0301quipe-a', 'réunion à midi')).toMatchObject({ ok: true }); // decomposed: the same topic
    await vi.runAllTimersAsync();

    expect(r.delivered.get('n2')!.filter((m) => !['blocks', 'transactions'].includes(m.topic)).map((m) => [m.topic, m.data])).toEqual([
      ['數學課', '明天小考第三章'],
      ['équipe-a', 'réunion à midi'],
    ]);
    expect(r.ps('n2').summary().find((t) => t.topic === '數學課')).toMatchObject({ delivered: 1, duplicates: 0 });
    expect(r.ps('n0').summary().find((t) => t.topic === '數學課')).toBeUndefined(); // n0 published without following
    expect(r.errors).toEqual([]);
  });

  it('a topic with a bidi override is refused with its reason: locally, and on the wire from a hostile peer', async () => {
    const r = await line();
    const spoof = 'quiz\u202Egnp.exe';
    expect(r.ps('n0').subscribe(spoof)).toMatchObject({ ok: false, reason: 'bad-topic', detail: expect.stringMatching(/bidi/) });
    expect(r.ps('n0').publish(spoof, 'x')).toMatchObject({ ok: false, reason: 'bad-topic' });

    const attacker = r.mesh.network.createTransport('attacker');
    r.mesh.network.connect('attacker', 'n1');
    await vi.runAllTimersAsync();
    attacker.send('n1', encodeMessage('pubsub', { frame: { type: 'publish', topic: spoof, origin: 'attacker', seqno: 1, data: 'open me' } }));
    await vi.runAllTimersAsync();

    expect(r.errors.filter((e) => e.peerId === 'attacker')).toEqual([
      { peerId: 'attacker', code: 'malformed-pubsub', detail: 'pub/sub frame refused: bidi' },
    ]);
    for (const id of ['n0', 'n2']) expect(r.delivered.get(id)!.filter((m) => m.origin === 'attacker')).toEqual([]);
  });
});
