import { describe, expect, it } from 'vitest';
import { PROTOCOL_VERSION, type Message } from '../protocol/messages';
import { summarise } from './summarise';

const message = (body: object) => ({ v: PROTOCOL_VERSION, ...body }) as Message;

describe('message summaries for the event log', () => {
  it('are catalogue keys with values, never English text', () => {
    expect(summarise(message({ type: 'status', name: 'a', address: 'x', genesis: 'g', tip: 'ab'.repeat(32), height: 7, work: '1' }))).toEqual({
      key: 'summary.status',
      params: { height: 7, hash: 'ab'.repeat(6) },
    });
    expect(summarise(message({ type: 'getaddr' }))).toEqual({ key: 'summary.getaddr', params: {} });
  });

  it('keep the inner type of overlay messages, and count what a list carries', () => {
    expect(summarise(message({ type: 'pubsub', frame: { type: 'publish', topic: 'notes' } }))).toEqual({
      key: 'summary.pubsubTopic',
      params: { type: 'publish', topic: 'notes' },
    });
    expect(summarise(message({ type: 'dht', msg: { type: 'FIND_NODE' } })).params).toEqual({ type: 'FIND_NODE' });
    expect(summarise(message({ type: 'headers', headers: ['a', 'b', 'c'] }))).toEqual({ key: 'summary.headers', params: { count: 3 } });
  });

  it('name the tabs a relayed signal is for as signalling ids, which the page shows as names', () => {
    const relayed = summarise(message({ type: 'relayed-signal', from: 'AbCdEf123', data: { type: 'offer', sdp: '' } }));
    expect(relayed).toEqual({ key: 'summary.relayedSignal', params: { signal: 'offer', fromPeerId: 'AbCdEf123' } });
  });
});
