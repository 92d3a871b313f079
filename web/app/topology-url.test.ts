import { describe, expect, it } from 'vitest';
import { planTopologySwitch, searchWithTopology } from './topology-url';

describe('searchWithTopology', () => {
  it('replaces the topology in place and keeps every other parameter in order', () => {
    expect(searchWithTopology('?room=team-a&topology=mesh&difficulty=6', 'kademlia')).toBe('?room=team-a&topology=kademlia&difficulty=6');
  });

  it('adds the topology to a URL that named none', () => {
    expect(searchWithTopology('?room=team-a&outbound=3', 'unstructured')).toBe('?room=team-a&outbound=3&topology=unstructured');
    expect(searchWithTopology('', 'kademlia')).toBe('?topology=kademlia');
    expect(searchWithTopology('room=x', 'mesh')).toBe('?room=x&topology=mesh');
  });

  it('leaves one topology when the URL repeated it, so the page reads the one we meant', () => {
    expect(searchWithTopology('?topology=mesh&room=r&topology=kademlia', 'unstructured')).toBe('?topology=unstructured&room=r');
  });

  it('keeps parameters it does not know, such as k', () => {
    expect(searchWithTopology('?k=3&topology=unstructured', 'kademlia')).toBe('?k=3&topology=kademlia');
  });
});

describe('planTopologySwitch', () => {
  it('stays when the tab already runs the room mode', () => {
    expect(planTopologySwitch('?topology=kademlia', 'kademlia', 'kademlia')).toEqual({ kind: 'stay' });
    expect(planTopologySwitch('', 'mesh', 'mesh')).toEqual({ kind: 'stay' });
  });

  it('reloads into the room mode otherwise', () => {
    expect(planTopologySwitch('?room=a&topology=mesh', 'mesh', 'unstructured')).toEqual({ kind: 'reload', search: '?room=a&topology=unstructured' });
    expect(planTopologySwitch('?room=a', 'mesh', 'kademlia')).toEqual({ kind: 'reload', search: '?room=a&topology=kademlia' });
  });

  it('refuses to reload when the URL already says the room mode (a reload would loop)', () => {
    expect(planTopologySwitch('?room=a&topology=kademlia', 'mesh', 'kademlia')).toEqual({ kind: 'stuck' });
    expect(planTopologySwitch('room=a&topology=kademlia', 'mesh', 'kademlia')).toEqual({ kind: 'stuck' });
    // Spelled differently from what URLSearchParams writes, but still the room mode: no reload either.
    expect(planTopologySwitch('?room=a%2Db&topology=kademlia', 'mesh', 'kademlia')).toEqual({ kind: 'stuck' });
  });
});
