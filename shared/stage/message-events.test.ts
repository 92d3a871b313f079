import { describe, expect, it } from 'vitest';
import {
  advanceTokens, BATCH_MAX_BYTES, BATCH_MAX_EVENTS, emptyTokens, kindOfMessage, launchTokens, MessageEventBatcher,
  messageBatchSchema, messageEventSchema, ownLinkEvents, type MessageEvent,
} from './message-events';

const ev = (kind: MessageEvent['kind'], at = 1000, from = 'amy', to = 'bo'): MessageEvent => ({ at, from, to, kind });

describe('messageEventSchema', () => {
  it('accepts a message between two tab names, with or without a block hash', () => {
    expect(messageEventSchema.parse({ ...ev('block'), hash: 'a'.repeat(64) }).hash).toBe('a'.repeat(64));
    expect(messageEventSchema.safeParse(ev('inv')).success).toBe(true);
  });
  it('refuses unknown kinds, markup for names, stray fields and huge batches', () => {
    expect(messageEventSchema.safeParse({ ...ev('inv'), kind: 'boom' }).success).toBe(false);
    expect(messageEventSchema.safeParse({ ...ev('inv'), from: '<img src=x>' }).success).toBe(false);
    expect(messageEventSchema.safeParse({ ...ev('inv'), html: 'x' }).success).toBe(false);
    expect(messageEventSchema.safeParse({ ...ev('inv'), at: -1 }).success).toBe(false);
    const many = Array.from({ length: BATCH_MAX_EVENTS + 1 }, () => ev('inv'));
    expect(messageBatchSchema.safeParse({ seq: 0, events: many, sampledOut: 0 }).success).toBe(false);
  });
});

describe('kindOfMessage', () => {
  it('folds the wire types into the legend', () => {
    expect(['inv', 'blocks', 'get-blocks', 'get-headers', 'getaddr', 'dht-hello', 'ping'].map(kindOfMessage)).toEqual(['inv', 'block', 'get-data', 'headers', 'addr', 'dht', 'other']);
  });
});

describe('MessageEventBatcher', () => {
  it('hands out what happened since the last batch, once, in order', () => {
    const b = new MessageEventBatcher();
    b.add(ev('inv', 1));
    b.add(ev('get-data', 2));
    expect(b.flush()).toEqual({ seq: 0, events: [ev('inv', 1), ev('get-data', 2)], sampledOut: 0 });
    b.add(ev('tx', 3));
    expect(b.flush()!.seq).toBe(1);
    expect(b.flush()).toBeNull();
  });
  it('keeps a batch within its count, blocks and announcements first, and says how many it left out', () => {
    const b = new MessageEventBatcher({ maxEvents: BATCH_MAX_EVENTS, maxBytes: 100_000, maxPending: 400 });
    for (let i = 0; i < 200; i++) b.add(ev('pubsub', i));
    b.add(ev('block', 500));
    b.add(ev('inv', 400));
    const batch = b.flush()!;
    expect(batch.events).toHaveLength(BATCH_MAX_EVENTS);
    expect(batch.sampledOut).toBe(202 - BATCH_MAX_EVENTS);
    expect(batch.events.map((e) => e.kind)).toContain('block');
    expect(batch.events.map((e) => e.kind)).toContain('inv');
    expect(messageBatchSchema.safeParse(batch).success).toBe(true);
  });
  it('keeps a batch within its bytes', () => {
    const b = new MessageEventBatcher({ maxEvents: 40, maxBytes: 1000, maxPending: 400 });
    for (let i = 0; i < 40; i++) b.add({ ...ev('block', i, 'a'.repeat(60), 'b'.repeat(60)), hash: 'c'.repeat(64) });
    const batch = b.flush()!;
    expect(new TextEncoder().encode(JSON.stringify(batch)).length).toBeLessThanOrEqual(1000);
    expect(batch.events.length).toBeGreaterThan(0);
    expect(batch.sampledOut).toBe(40 - batch.events.length);
    // With the default bounds, a full burst of long names still fits the byte cap.
    const defaults = new MessageEventBatcher();
    for (let i = 0; i < 100; i++) defaults.add({ ...ev('block', 1_700_000_000_000 + i, 'a'.repeat(64), 'b'.repeat(64)), hash: 'c'.repeat(64) });
    const full = defaults.flush()!;
    expect(new TextEncoder().encode(JSON.stringify(full)).length).toBeLessThanOrEqual(BATCH_MAX_BYTES);
    expect(full.events.length + full.sampledOut).toBe(100);
  });
  it('holds a bounded backlog while nothing is flushed, counting what it dropped', () => {
    const b = new MessageEventBatcher({ maxEvents: 40, maxBytes: BATCH_MAX_BYTES, maxPending: 10 });
    for (let i = 0; i < 25; i++) b.add(ev('inv', i));
    expect(b.waiting).toBe(10);
    const batch = b.flush()!;
    expect(batch.events.map((e) => e.at)).toEqual([15, 16, 17, 18, 19, 20, 21, 22, 23, 24]);
    expect(batch.sampledOut).toBe(15);
  });
});

describe('ownLinkEvents', () => {
  it("keeps only the reporter's own messages over links it reports", () => {
    const events = [ev('inv', 1, 'amy', 'bo'), ev('inv', 2, 'bo', 'amy'), ev('inv', 3, 'cy', 'bo'), ev('inv', 4, 'amy', 'dee')];
    const { events: kept, refused } = ownLinkEvents('amy', ['bo', 'cy'], events);
    expect(kept.map((e) => e.at)).toEqual([1, 2]);
    expect(refused).toBe(2);
  });
});

describe('tokens', () => {
  it('fly from 0 to 1 over their duration and are gone when they arrive', () => {
    let state = launchTokens(emptyTokens(), [ev('inv'), ev('block', 0, 'bo', 'cy')], 1000, 120, 500);
    let step = advanceTokens(state, 1250);
    expect(step.inFlight.map((t) => [t.kind, t.progress])).toEqual([['inv', 0.5], ['block', 0.5]]);
    state = launchTokens(step.state, [ev('tx')], 1400, 120, 500);
    step = advanceTokens(state, 1500);
    expect(step.inFlight.map((t) => t.kind)).toEqual(['tx']);
    expect(step.inFlight[0]!.progress).toBeCloseTo(0.2);
    expect(advanceTokens(step.state, 1900).inFlight).toEqual([]);
  });
  it('never hold more than the bound: the oldest are dropped and counted', () => {
    const burst = Array.from({ length: 30 }, (_, i) => ev('inv', i, `t${i}`, 'bo'));
    const state = launchTokens(emptyTokens(), burst, 0, 10);
    expect(state.tokens).toHaveLength(10);
    expect(state.tokens[0]!.from).toBe('t20');
    expect(state.dropped).toBe(20);
    expect(new Set(state.tokens.map((t) => t.id)).size).toBe(10);
  });
  it('wait for their delay before they set off, so a batch replays in its order', () => {
    const state = launchTokens(emptyTokens(), [{ ...ev('inv'), delayMs: 0 }, { ...ev('block'), delayMs: 300 }], 1000, 120, 500);
    expect(advanceTokens(state, 1100).inFlight.map((t) => t.kind)).toEqual(['inv']);
    expect(advanceTokens(state, 1350).inFlight.map((t) => [t.kind, t.progress])).toEqual([['inv', 0.7], ['block', 0.1]]);
    expect(advanceTokens(state, 1600).inFlight.map((t) => t.kind)).toEqual(['block']);
  });
  it('draw nothing for a message from a tab to itself', () => {
    expect(launchTokens(emptyTokens(), [ev('inv', 0, 'amy', 'amy')], 0).tokens).toEqual([]);
  });
});
