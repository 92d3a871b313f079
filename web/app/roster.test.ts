import { describe, expect, it } from 'vitest';
import { createMeshStore } from '../store/mesh-store';
import { leadingName, resolveTab } from '../store/names';
import { applyRosterEvent, followRoomMembers, foldRoster } from './roster';

const member = (id: string, name: string, nickname: string) => ({ id, name, nickname });

function joinedStore() {
  const store = createMeshStore('數學課');
  store.getState().setSelf({ id: 'me', name: 'mytab00000' });
  applyRosterEvent(store, { kind: 'joined', selfId: 'me', nickname: 'Otter 42', members: [member('a', 'tab-a', 'Amy'), member('b', 'tab-b', 'Ben')] });
  return store;
}

describe('the room roster', () => {
  it('starts from the join ack: the others in the roster, our granted nickname on self', () => {
    const store = joinedStore();
    expect(store.getState().roster).toEqual({ a: { name: 'tab-a', nickname: 'Amy' }, b: { name: 'tab-b', nickname: 'Ben' } });
    expect(store.getState().self.nickname).toBe('Otter 42');
    expect(leadingName(resolveTab(store.getState(), { peerId: 'a' }))).toBe('Amy');
    expect(leadingName(resolveTab(store.getState(), { tabName: 'tab-b' }))).toBe('Ben');
  });

  it('adds a tab that joins, renames one that renames, and drops one that leaves', () => {
    const store = joinedStore();
    applyRosterEvent(store, { kind: 'peer-joined', id: 'c', name: 'tab-c', nickname: 'Amy 2' });
    expect(leadingName(resolveTab(store.getState(), { peerId: 'c' }))).toBe('Amy 2');
    expect(applyRosterEvent(store, { kind: 'peer-renamed', id: 'c', nickname: 'Cleo' })).toBe('Amy 2');
    expect(leadingName(resolveTab(store.getState(), { tabName: 'tab-c' }))).toBe('Cleo');
    expect(applyRosterEvent(store, { kind: 'peer-left', id: 'a' })).toBe('Amy');
    expect(Object.keys(store.getState().roster).sort()).toEqual(['b', 'c']);
    // Once gone, the page falls back to what else it knows (here nothing but the id).
    expect(resolveTab(store.getState(), { peerId: 'a' }).nickname).toBeNull();
  });

  it('puts a rename of this tab on self, not in the roster', () => {
    const store = joinedStore();
    expect(applyRosterEvent(store, { kind: 'peer-renamed', id: 'me', nickname: 'Zoé' })).toBe('Otter 42');
    expect(store.getState().self.nickname).toBe('Zoé');
    expect(store.getState().roster.me).toBeUndefined();
    expect(leadingName(resolveTab(store.getState(), { tabName: 'mytab00000' }))).toBe('Zoé');
  });

  it('replaces the whole roster on a rejoin (every signalling id changed)', () => {
    const store = joinedStore();
    store.getState().setSelf({ id: 'me2' });
    applyRosterEvent(store, { kind: 'joined', selfId: 'me2', nickname: 'Otter 42', members: [member('a2', 'tab-a', 'Amy')] });
    expect(store.getState().roster).toEqual({ a2: { name: 'tab-a', nickname: 'Amy' } });
  });

  it('ignores a leave of a tab it never knew, without a redraw', () => {
    const roster = { a: { name: 'tab-a', nickname: 'Amy' } };
    expect(foldRoster(roster, { kind: 'peer-left', id: 'zz' })).toBe(roster);
  });
});

describe('following the room’s members from the server’s notices', () => {
  /** Plays the server: each notice goes to the handler the tab registered for it. */
  function serverFor(store: ReturnType<typeof joinedStore>, candidates = false) {
    const handlers = new Map<string, (payload: never) => void>();
    const lines: string[] = [];
    const socket = { on: (event: string, fn: (payload: never) => void) => void handlers.set(event, fn) };
    followRoomMembers(socket as never, store, (peerId, key, values) => lines.push(`${peerId ?? '-'} ${key} ${JSON.stringify(values)}`), () => candidates);
    const say = (event: string, payload: object) => handlers.get(event)!(payload as never);
    return { say, lines };
  }

  it('names a newcomer, a rename and a leaver in the roster and the log', () => {
    const store = joinedStore();
    const { say, lines } = serverFor(store);
    say('peer-joined', { id: 'c', name: 'tab-c', nickname: 'Cleo' });
    say('peer-renamed', { id: 'c', nickname: 'Cleo 2' });
    say('peer-left', { id: 'c' });
    expect(lines).toEqual([
      'c peerJoinedWillDial {"peerId":"c"}',
      'c peerRenamed {"oldNickname":"Cleo","nickname":"Cleo 2"}',
      'c peerLeft {"nickname":"Cleo 2"}',
    ]);
    expect(store.getState().roster.c).toBeUndefined();
  });

  it('says a newcomer is only a candidate in an unstructured room, and logs our own rename as ours', () => {
    const store = joinedStore();
    const { say, lines } = serverFor(store, true);
    say('peer-joined', { id: 'd', name: 'tab-d', nickname: 'Dan' });
    say('peer-renamed', { id: 'me', nickname: 'Otter 43' });
    say('peer-left', { id: 'never-seen' });
    expect(lines).toEqual(['d peerJoinedCandidate {"peerId":"d"}', '- renamed {"nickname":"Otter 43"}']);
    expect(store.getState().self.nickname).toBe('Otter 43');
  });
});
