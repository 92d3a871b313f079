import { describe, expect, it } from 'vitest';
import type { TopologyChanged } from '../../shared/protocol/signalling';
import type { SignallingSocket } from '../net/signalling-client';
import { followRoomTopology } from './room-topology';
import { createInstance } from 'i18next';
import log from '../i18n/locales/en/log.json';

// The log lines as an English reader sees them, drawn from the real catalogue.
const i18n = createInstance({ lng: 'en', resources: { en: { log } }, defaultNS: 'log', initAsync: false, interpolation: { escapeValue: false } });
void i18n.init();
const t = (key: string, values: Record<string, string>) => i18n.t(key, values);

/** A socket that records what the tab sends and lets the test play the server; a location that records reloads. */
function setUp(search: string, running: 'mesh' | 'unstructured' | 'kademlia') {
  const events: string[] = [];
  const handlers = new Map<string, (change: TopologyChanged) => void>();
  const sent: unknown[][] = [];
  const socket = {
    on: (event: string, fn: (change: TopologyChanged) => void) => handlers.set(event, fn),
    emit: (...args: unknown[]) => sent.push(args),
  } as unknown as SignallingSocket;
  const location = { search, pathname: '/lab/', hash: '#chain', replace: (url: string) => void events.push(`replace ${url}`) };
  const follower = followRoomTopology(socket, running, (key, values, isError) => events.push(`${isError ? 'error' : 'log'} ${t(`app.${key}`, values)}`), location);
  const serverSays = (change: TopologyChanged) => handlers.get('topology-changed')!(change);
  return { follower, events, sent, serverSays };
}

describe('followRoomTopology', () => {
  it('carries why it reloads to the next load of the tab, which says it once', () => {
    const saved: { key: string; params: Record<string, string> }[] = [];
    const carry = { save: (line: (typeof saved)[number]) => void saved.push(line), take: () => saved.shift() ?? null };
    const events: string[] = [];
    const handlers = new Map<string, (change: TopologyChanged) => void>();
    const socket = { on: (event: string, fn: (change: TopologyChanged) => void) => handlers.set(event, fn), emit: () => {} } as unknown as SignallingSocket;
    const location = { search: '?room=class', pathname: '/', hash: '', replace: () => {} };
    const say = (key: string, values: Record<string, string>) => void events.push(t(`app.${key}`, values));
    followRoomTopology(socket, 'mesh', say, location, carry);
    handlers.get('topology-changed')!({ topology: 'unstructured', by: 'meshchain' });
    // The next load of the tab (after the reload), now running the room's mode.
    followRoomTopology(socket, 'unstructured', say, { ...location, search: '?room=class&topology=unstructured' }, carry);
    followRoomTopology(socket, 'unstructured', say, { ...location, search: '?room=class&topology=unstructured' }, carry);
    expect(events).toEqual([
      'the room grew past 12 tabs: it moves from a full mesh to unstructured links, so every tab keeps only a few — reloading',
      'this tab reloaded because the room grew past 12 tabs: it moved from a full mesh to unstructured links, so every tab keeps only a few',
    ]);
  });

  it('stays when the room runs what this tab runs', () => {
    const { follower, events } = setUp('?room=a', 'mesh');
    expect(follower.joined('mesh', 'alice')).toBe(false);
    expect(events).toEqual([]);
  });

  it("reloads into the room's mode after the join, keeping the rest of the URL", () => {
    const { follower, events } = setUp('?room=a&topology=mesh&difficulty=6', 'mesh');
    expect(follower.joined('kademlia', 'alice')).toBe(true);
    expect(events).toEqual([
      'log the room runs kademlia (set by alice) — reloading',
      'replace /lab/?room=a&topology=kademlia&difficulty=6#chain',
    ]);
  });

  it('on topology-changed, says who switched the room, then reloads once however many switches follow', () => {
    const { events, serverSays } = setUp('?room=a', 'mesh');
    serverSays({ topology: 'kademlia', by: 'bob' });
    serverSays({ topology: 'unstructured', by: 'carol' });
    expect(events).toEqual(['log bob switched the room to kademlia — reloading', 'replace /lab/?room=a&topology=kademlia#chain']);
  });

  it('says the room outgrew its default mesh when the server moves it, not who did', () => {
    const { events, serverSays } = setUp('?room=class', 'mesh');
    serverSays({ topology: 'unstructured', by: 'meshchain' });
    expect(events).toEqual([
      'log the room grew past 12 tabs: it moves from a full mesh to unstructured links, so every tab keeps only a few — reloading',
      'replace /lab/?room=class&topology=unstructured#chain',
    ]);
  });

  it('ignores a change to the mode it already runs', () => {
    const { events, serverSays } = setUp('?topology=unstructured', 'unstructured');
    serverSays({ topology: 'unstructured', by: 'bob' });
    expect(events).toEqual([]);
  });

  it('says so instead of reloading forever when the URL already names the room mode', () => {
    const { follower, events } = setUp('?topology=kademlia', 'mesh');
    expect(follower.joined('kademlia', 'alice')).toBe(false);
    expect(events).toEqual(['error the room runs kademlia, but this page could not switch to it; reload it by hand']);
  });

  it('asks the server to switch the room', () => {
    const { follower, sent } = setUp('', 'mesh');
    follower.request('unstructured');
    expect(sent).toEqual([['set-topology', { topology: 'unstructured' }]]);
  });
});
