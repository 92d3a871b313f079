import { describe, expect, it } from 'vitest';
import { createMeshStore } from '../store/mesh-store';
import { leadingName, resolveTab } from '../store/names';
import { applyRosterEvent, foldRoster } from './roster';

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
