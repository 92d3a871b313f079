/**
 * A neighbour that puts each message on a new topic, spread out in time as a real tab's burst is
 * (one every 10 ms): the 64-topic cap per link must still bite. Before TOPIC_HOLD_MS, a bucket that
 * took one token was full again 50 ms later and forgotten, so 120 new topics passed free.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { NodeErrorEvent } from '../../node/node-events';
import { encodeMessage } from '../../protocol/messages';
import { createSimulatedMesh } from '../../testing/mesh-sim';
import { NodePubsub } from './node-pubsub';
import { MAX_TOPICS_PER_PEER } from './router';
import type { TopicMessage } from './topic-log';

beforeEach(() => void vi.useFakeTimers());
afterEach(() => void vi.useRealTimers());

/** victim – follower, with a raw transport `sender` linked to the victim, writing pub/sub frames itself. */
async function room() {
  const now = () => Date.now();
  const mesh = createSimulatedMesh(['victim', 'follower'], { schedule: (fn, ms) => void setTimeout(fn, ms), now, latency: () => 2 });
  const shells = new Map(['victim', 'follower'].map((id) => [id, new NodePubsub({}, { node: mesh.node(id), now })]));
  for (const shell of shells.values()) shell.start();
  const errors: NodeErrorEvent[] = [];
  const dropped: string[] = [];
  const delivered: TopicMessage[] = [];
  mesh.node('victim').events.on('error', (e) => errors.push(e));
  mesh.node('victim').events.on('peer-dropped', (peer) => dropped.push(peer));
  shells.get('follower')!.events.on('delivered', (m) => delivered.push(m));
  mesh.network.connect('victim', 'follower');
  const sender = mesh.network.createTransport('sender');
  mesh.network.connect('sender', 'victim');
  await vi.runAllTimersAsync();
  const publish = (topic: string, seqno: number) =>
    sender.send('victim', encodeMessage('pubsub', { frame: { type: 'publish', topic, origin: 'sender', seqno, data: `on ${topic}` } }));
  return { mesh, shells, errors, dropped, delivered, publish };
}

describe('topic spray', () => {
  it('one message on each of 120 new topics, 10 ms apart: 64 pass, the sender is scored from the 65th and dropped at the 84th', async () => {
    const r = await room();
    let sentBeforeDrop = 0;
    for (let i = 1; i <= 120; i++) {
      if (!r.mesh.network.isLinked('sender', 'victim')) break;
      r.publish(`spray-${i}`, i);
      sentBeforeDrop = i;
      await vi.advanceTimersByTimeAsync(10);
    }
    await vi.runAllTimersAsync();

    const floods = r.errors.filter((e) => e.peerId === 'sender' && e.code === 'pubsub-flood');
    expect(floods).toHaveLength(20);
    expect(floods[0]!.detail).toMatch(/over 64 topics in 10 s on this link \(new topic spray-65\)/);
    expect(floods.at(-1)!.detail).toMatch(/new topic spray-84\)/);
    expect(r.dropped).toEqual(['sender']);
    expect(sentBeforeDrop).toBeLessThanOrEqual(86); // the link closed right after the 84th arrived
    expect(r.shells.get('victim')!.topicBucketsOf('sender')).toBe(0); // forgotten with the link
  });

  it('an honest peer on a handful of topics at a normal rate for a minute is never penalised, and its followers get every message', async () => {
    const r = await room();
    const topics = ['notes', 'group-a', 'group-b', 'quiz', 'chat'];
    r.shells.get('follower')!.subscribe('quiz');
    await vi.runAllTimersAsync();
    let seqno = 0;
    // 2 messages a second, rotating over 5 topics, for 60 s; then 5 new topics every 12 s for a minute.
    for (let t = 0; t < 120; t++) {
      r.publish(topics[t % topics.length]!, ++seqno);
      await vi.advanceTimersByTimeAsync(500);
    }
    for (let t = 0; t < 25; t++) {
      r.publish(`round-${Math.floor(t / 5)}-${t % 5}`, ++seqno);
      await vi.advanceTimersByTimeAsync(2_400);
    }
    await vi.runAllTimersAsync();

    expect(r.errors.filter((e) => e.peerId === 'sender')).toEqual([]);
    expect(r.dropped).toEqual([]);
    expect(r.delivered.filter((m) => m.topic === 'quiz')).toHaveLength(24);
    expect(r.shells.get('victim')!.topicBucketsOf('sender')).toBeLessThanOrEqual(MAX_TOPICS_PER_PEER); // 30 names in 2 min: kept lazily
  });
});
