import { describe, expect, it } from 'vitest';
import { FloodRelay } from './flood';

const relayWith = (...peers: string[]) => {
  const relay = new FloodRelay({ requestTimeoutMs: 1_000 });
  peers.forEach((p) => relay.addPeer(p));
  return relay;
};

describe('FloodRelay', () => {
  it('announces a new item to every neighbour not known to have it, once', () => {
    const relay = relayWith('a', 'b', 'c');
    relay.onInv('a', 'x', 0);
    expect(relay.onItem('a', 'x')).toEqual({ fresh: true });
    const invs = relay.announce('x');
    expect(invs.map((a) => a.to).sort()).toEqual(['b', 'c']);
    expect(relay.announce('x')).toEqual([]);
  });

  it('asks for a body once and counts the other announcements as duplicates', () => {
    const relay = relayWith('a', 'b', 'c');
    expect(relay.onInv('a', 'x', 0)).toEqual([{ kind: 'send', to: 'a', frame: { type: 'getdata', id: 'x' } }]);
    expect(relay.onInv('b', 'x', 10)).toEqual([]);
    relay.onItem('a', 'x');
    relay.announce('x');
    expect(relay.onInv('c', 'x', 20)).toEqual([]);
    expect(relay.onItem('b', 'x')).toEqual({ fresh: false });
    expect(relay.duplicates).toEqual({ announcements: 2, bodies: 1 });
  });

  it('serves a body only for items it has, to a peer that asks', () => {
    const relay = relayWith('a');
    expect(relay.onGetData('a', 'x')).toEqual([]);
    relay.announce('x');
    expect(relay.onGetData('a', 'x')).toEqual([{ kind: 'send', to: 'a', frame: { type: 'item', id: 'x' } }]);
    expect(relay.onGetData('stranger', 'x')).toEqual([]);
  });

  it('asks the next announcer when a body does not come in time, or its sender leaves', () => {
    const relay = relayWith('a', 'b', 'c');
    relay.onInv('a', 'x', 0);
    relay.onInv('b', 'x', 5);
    relay.onInv('c', 'x', 6);
    expect(relay.nextDeadline()).toBe(1_000);
    expect(relay.onTimer(999)).toEqual([]);
    expect(relay.onTimer(1_000)).toEqual([{ kind: 'send', to: 'b', frame: { type: 'getdata', id: 'x' } }]);
    expect(relay.removePeer('b', 1_200)).toEqual([{ kind: 'send', to: 'c', frame: { type: 'getdata', id: 'x' } }]);
    expect(relay.onTimer(2_200)).toEqual([{ kind: 'send', to: 'a', frame: { type: 'getdata', id: 'x' } }]);
    relay.onItem('a', 'x');
    expect(relay.nextDeadline()).toBeUndefined();
  });
});
