import { describe, expect, it } from 'vitest';
import { parsePubsubFrame, type PubsubFrame } from './frames';
import { TOPIC_HOLD_MS, TopicRouter, type PubsubAction, type TopicRouterInit } from './router';
import { validateTopic } from './topics';

/** Routers on given links; frames go through JSON and the parser, delivered in order at once. */
function mesh(links: Array<[string, string]>, init: TopicRouterInit = {}) {
  let time = 0;
  const ids = [...new Set(links.flat())];
  const routers = new Map(ids.map((id) => [id, new TopicRouter(init, { localId: id, now: () => time })]));
  const delivered = new Map<string, string[]>(ids.map((id) => [id, []]));
  const penalties: Array<{ by: string; peer: string; reason: string }> = [];
  const pending: Array<[string, string, string]> = [];
  const run = (self: string, actions: PubsubAction[]) => {
    for (const a of actions) {
      if (a.kind === 'send') pending.push([self, a.to, JSON.stringify(a.frame)]);
      else if (a.kind === 'deliver') delivered.get(self)!.push(a.message.data);
      else penalties.push({ by: self, peer: a.peer, reason: a.reason });
    }
    while (pending.length > 0) {
      const [from, to, wire] = pending.shift()!;
      const frame = parsePubsubFrame(JSON.parse(wire));
      if (!frame.ok) throw new Error(frame.detail);
      run(to, routers.get(to)!.onFrame(from, frame.value));
    }
  };
  for (const [a, b] of links) {
    run(a, routers.get(a)!.addPeer(b));
    run(b, routers.get(b)!.addPeer(a));
  }
  const r = (id: string) => routers.get(id)!;
  const ok = <T>(result: { ok: boolean; value?: T }) => {
    if (!result.ok) throw new Error('unexpected rejection');
    return result.value as T;
  };
  return {
    r,
    delivered,
    penalties,
    advance: (ms: number) => void (time += ms),
    subscribe: (id: string, topic: string) => run(id, ok<PubsubAction[]>(r(id).subscribe(topic))),
    unsubscribe: (id: string, topic: string) => run(id, ok<PubsubAction[]>(r(id).unsubscribe(topic))),
    publish: (id: string, topic: string, data: string) => run(id, ok<{ actions: PubsubAction[] }>(r(id).publish(topic, data)).actions),
    /** A frame as if `from` had sent it to `to`. */
    inject: (from: string, to: string, frame: PubsubFrame) => run(to, r(to).onFrame(from, frame)),
  };
}

describe('topics', () => {
  it('accepts names in any script under the one name rule, NFC-normalised, and refuses the rest with a reason', () => {
    for (const good of ['blocks', 'txs', 'notes', 'room-7', '數學課', '第3組', 'équipe-a', 'Group A']) expect(validateTopic(good)).toEqual({ ok: true, value: good });
    expect(validateTopic('e\u0301quipe-a')).toEqual({ ok: true, value: 'équipe-a' }); // decomposed é: one topic, not two
    expect(validateTopic('  notes ')).toEqual({ ok: true, value: 'notes' });
    for (const bad of ['', '   ', 'x'.repeat(49), 'a\u202Eb', 'zero\u200Bwidth', 'line\nbreak', 42]) expect(validateTopic(bad).ok).toBe(false);
    expect(validateTopic('quiz\u202Egnp.exe')).toMatchObject({ ok: false, reason: 'bad-topic', detail: expect.stringMatching(/bidi/) });
  });

  it('refuses malformed frames at the door', () => {
    expect(parsePubsubFrame({ type: 'publish', topic: 'txs', origin: 'a', seqno: -1, data: '' }).ok).toBe(false);
    expect(parsePubsubFrame({ type: 'subscribe', topics: ['a\u202Eb'] })).toMatchObject({ ok: false, detail: 'bidi' });
    expect(parsePubsubFrame({ type: 'subscribe', topics: ['數學課', 'e\u0301quipe'] })).toEqual({ ok: true, value: { type: 'subscribe', topics: ['數學課', 'équipe'] } });
    expect(parsePubsubFrame({ type: 'publish', topic: 'txs', origin: 'a', seqno: 1, data: 'x'.repeat(70_000) }).ok).toBe(false);
    expect(parsePubsubFrame('{"type":"subscribe"}').ok).toBe(false);
  });
});

describe('TopicRouter', () => {
  it('delivers a message once to every subscriber, the publisher included, over a mesh with cycles', () => {
    const m = mesh([['a', 'b'], ['b', 'c'], ['c', 'a'], ['c', 'd'], ['d', 'e'], ['e', 'b']]);
    for (const id of ['a', 'c', 'e']) m.subscribe(id, 'blocks');
    m.publish('a', 'blocks', 'block #1');
    expect(m.delivered.get('a')).toEqual(['block #1']);
    expect(m.delivered.get('c')).toEqual(['block #1']);
    expect(m.delivered.get('e')).toEqual(['block #1']);
    // b and d relay it but their applications never see it.
    expect(m.delivered.get('b')).toEqual([]);
    expect(m.delivered.get('d')).toEqual([]);
    // The cycles bring second copies; each is recognised by its id and goes no further.
    expect(['b', 'c', 'd', 'e'].reduce((sum, id) => sum + m.r(id).duplicates, 0)).toBeGreaterThan(0);
    expect(m.r('e').log.get('blocks')).toMatchObject({ delivered: 1, recent: [expect.objectContaining({ origin: 'a', data: 'block #1' })] });
  });

  it('reaches a subscriber behind a non-subscriber, which floodsub’s subscribers-only rule cannot', () => {
    const links: Array<[string, string]> = [['a', 'b'], ['b', 'c']];
    const flood = mesh(links);
    const floodsub = mesh(links, { relay: 'subscribers' });
    for (const m of [flood, floodsub]) {
      m.subscribe('a', 'notes');
      m.subscribe('c', 'notes');
      m.publish('a', 'notes', 'hello');
    }
    expect(flood.delivered.get('c')).toEqual(['hello']);
    expect(floodsub.delivered.get('c')).toEqual([]);
  });

  it('stops delivering after unsubscribe and tells the neighbours', () => {
    const m = mesh([['a', 'b']]);
    m.subscribe('b', 'txs');
    expect(m.r('a').peerTopics('b')).toEqual(['txs']);
    m.publish('a', 'txs', 'one');
    m.unsubscribe('b', 'txs');
    m.publish('a', 'txs', 'two');
    expect(m.delivered.get('b')).toEqual(['one']);
    expect(m.r('a').peerTopics('b')).toEqual([]);
    expect(m.r('b').subscriptions()).toEqual([]);
  });

  it('drops and scores a neighbour that floods a topic beyond its rate, then accepts again after a pause', () => {
    const m = mesh([['spammer', 'me']], { limits: { perSecond: 2, burst: 5 } });
    m.subscribe('me', 'txs');
    for (let seqno = 1; seqno <= 8; seqno++) {
      m.inject('spammer', 'me', { type: 'publish', topic: 'txs', origin: 'spammer', seqno, data: `tx ${seqno}` });
    }
    expect(m.delivered.get('me')).toHaveLength(5);
    expect(m.penalties).toEqual(Array(3).fill({ by: 'me', peer: 'spammer', reason: 'pubsub-flood' }));
    m.advance(1_000);
    // A dropped message was not marked seen: sent again within the limit, it is delivered.
    m.inject('spammer', 'me', { type: 'publish', topic: 'txs', origin: 'spammer', seqno: 6, data: 'tx 6' });
    expect(m.delivered.get('me')).toHaveLength(6);
  });

  it('holds a neighbour to one budget across all topics, checked before each topic’s own', () => {
    const m = mesh([['spammer', 'me']], { linkLimits: { perSecond: 50, burst: 200 } });
    m.subscribe('me', 'txs');
    // 10 topics × 30 messages: no topic reaches its burst of 100, but the link's budget of 200 runs out.
    let seqno = 0;
    for (let round = 0; round < 30; round++) {
      for (let t = 0; t < 10; t++) m.inject('spammer', 'me', { type: 'publish', topic: t === 0 ? 'txs' : `t${t}`, origin: 'spammer', seqno: ++seqno, data: 'x' });
    }
    expect(m.penalties).toHaveLength(100);
    expect(m.penalties.every((p) => p.peer === 'spammer' && p.reason === 'pubsub-flood')).toBe(true);
    expect(m.delivered.get('me')).toHaveLength(20); // txs got 20 of its 30 before the budget ran out
    // Dropped over the link's budget, so not marked seen: after a second (50 tokens) one is accepted.
    m.advance(1_000);
    m.inject('spammer', 'me', { type: 'publish', topic: 'txs', origin: 'spammer', seqno: 300, data: 'late' });
    expect(m.delivered.get('me')).toHaveLength(21);
  });

  it('a neighbour putting each message on a new topic is scored past 64 topics at once; its state stays bounded', () => {
    const m = mesh([['spammer', 'me'], ['me', 'honest']]);
    m.subscribe('honest', 'notes');
    for (let seqno = 1; seqno <= 300; seqno++) {
      m.inject('spammer', 'me', { type: 'publish', topic: `spam-${seqno}`, origin: 'spammer', seqno, data: 'x' });
    }
    // 64 topics pass (each a fresh bucket, well within the link budget); every later new topic is dropped.
    expect(m.penalties).toHaveLength(300 - 64);
    expect(m.penalties.every((p) => p.by === 'me' && p.peer === 'spammer' && p.reason === 'pubsub-flood')).toBe(true);
    expect(m.r('me').topicBucketsOf('spammer')).toBe(64);
    // Copies of already-seen messages on topics we do not follow are counted in total only.
    m.inject('spammer', 'me', { type: 'publish', topic: 'spam-1', origin: 'spammer', seqno: 1, data: 'x' });
    expect(m.r('me').duplicates).toBeGreaterThan(0);
    expect(m.r('me').topicsWithDuplicates()).toBe(0);
    // Still within 10 s of the spray, a new topic is over the cap (a refilled bucket is not enough)…
    m.advance(1_000);
    m.inject('spammer', 'me', { type: 'publish', topic: 'spam-400', origin: 'spammer', seqno: 400, data: 'x' });
    expect(m.penalties).toHaveLength(300 - 64 + 1);
    // …and once the sprayed topics have been quiet for TOPIC_HOLD_MS they are forgotten: new topics pass again…
    m.advance(TOPIC_HOLD_MS);
    m.inject('spammer', 'me', { type: 'publish', topic: 'spam-301', origin: 'spammer', seqno: 301, data: 'x' });
    expect(m.penalties).toHaveLength(300 - 64 + 1);
    expect(m.r('me').topicBucketsOf('spammer')).toBeLessThanOrEqual(64);
    // …and an honest relay's notes (a 65th topic on the me → honest link) still arrive, once.
    m.publish('me', 'notes', 'hello');
    expect(m.delivered.get('honest')).toEqual(['hello']);
    expect(m.penalties.filter((p) => p.peer !== 'spammer')).toEqual([]);
  });

  it('holds its own publishing to the limits neighbours apply, and scores oversized messages', () => {
    const m = mesh([['a', 'b']], { topicLimits: { notes: { maxBytes: 10, perSecond: 1, burst: 1 } } });
    m.subscribe('b', 'notes');
    expect(m.r('a').publish('notes', 'x'.repeat(11))).toMatchObject({ ok: false, reason: 'oversize' });
    expect(m.r('a').publish('notes', 'short').ok).toBe(true);
    expect(m.r('a').publish('notes', 'again')).toMatchObject({ ok: false, reason: 'rate-limited' });
    expect(m.r('a').publish('bad\u2066topic', 'x')).toMatchObject({ ok: false, reason: 'bad-topic' });
    m.inject('a', 'b', { type: 'publish', topic: 'notes', origin: 'a', seqno: 99, data: 'much too long' });
    expect(m.penalties).toEqual([{ by: 'b', peer: 'a', reason: 'pubsub-oversize' }]);
    expect(m.delivered.get('b')).toEqual([]);
  });

  it('forgets seen ids after the TTL but never delivers a repeat within it', () => {
    const m = mesh([['a', 'b']], { seenTtlMs: 10_000 });
    m.subscribe('b', 'txs');
    const frame: PubsubFrame = { type: 'publish', topic: 'txs', origin: 'a', seqno: 1, data: 'tx' };
    m.inject('a', 'b', frame);
    m.advance(5_000);
    m.inject('a', 'b', frame);
    expect(m.delivered.get('b')).toHaveLength(1);
    m.advance(6_000);
    m.inject('a', 'b', frame);
    expect(m.delivered.get('b')).toHaveLength(2);
  });
});
