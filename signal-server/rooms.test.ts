import { describe, expect, it } from 'vitest';
import { RoomRegistry } from './rooms';

describe('RoomRegistry', () => {
  it('tracks members in join order and which room each socket is in', () => {
    const rooms = new RoomRegistry();
    expect(rooms.join('a', 'red')).toBe(true);
    expect(rooms.join('b', 'red')).toBe(true);
    expect(rooms.join('c', 'blue')).toBe(true);
    expect(rooms.members('red')).toEqual(['a', 'b']);
    expect(rooms.roomOf('c')).toBe('blue');
    expect(rooms.roomOf('nobody')).toBeUndefined();
    expect(rooms.stats()).toEqual({ rooms: 2, peers: 3 });
  });

  it('allows one room per socket', () => {
    const rooms = new RoomRegistry();
    rooms.join('a', 'red');
    expect(rooms.join('a', 'blue')).toBe(false);
    expect(rooms.join('a', 'red')).toBe(false);
    expect(rooms.roomOf('a')).toBe('red');
    expect(rooms.members('blue')).toEqual([]);
    expect(rooms.stats()).toEqual({ rooms: 1, peers: 1 });
  });

  it('sameRoom is true only for two joined sockets sharing a room', () => {
    const rooms = new RoomRegistry();
    rooms.join('a', 'red');
    rooms.join('b', 'red');
    rooms.join('c', 'blue');
    expect(rooms.sameRoom('a', 'b')).toBe(true);
    expect(rooms.sameRoom('a', 'c')).toBe(false);
    expect(rooms.sameRoom('a', 'ghost')).toBe(false);
    expect(rooms.sameRoom('ghost', 'phantom')).toBe(false);
  });

  it('leave returns the room, drops empty rooms and lets the socket join again', () => {
    const rooms = new RoomRegistry();
    rooms.join('a', 'red');
    rooms.join('b', 'red');
    expect(rooms.leave('a')).toBe('red');
    expect(rooms.leave('a')).toBeUndefined();
    expect(rooms.sameRoom('a', 'b')).toBe(false);
    expect(rooms.stats()).toEqual({ rooms: 1, peers: 1 });
    rooms.leave('b');
    expect(rooms.stats()).toEqual({ rooms: 0, peers: 0 });
    expect(rooms.join('a', 'blue')).toBe(true);
  });

  it("keeps a room's mode only while the room has members", () => {
    const rooms = new RoomRegistry();
    expect(rooms.setMode('red', { topology: 'kademlia', by: 'a', switchedAt: null })).toBe(false);
    rooms.join('a', 'red');
    rooms.join('b', 'red');
    expect(rooms.setMode('red', { topology: 'kademlia', by: 'a', switchedAt: null })).toBe(true);
    rooms.leave('a');
    expect(rooms.modeOf('red')).toEqual({ topology: 'kademlia', by: 'a', switchedAt: null });
    rooms.leave('b');
    expect(rooms.modeOf('red')).toBeUndefined();
  });

  it('members returns a copy', () => {
    const rooms = new RoomRegistry();
    rooms.join('a', 'red');
    rooms.members('red').push('intruder');
    expect(rooms.members('red')).toEqual(['a']);
  });

  it("takes another process's members of a room as its truth, and tells no listener", () => {
    const rooms = new RoomRegistry();
    const changed: string[] = [];
    rooms.onChange((room) => changed.push(room));
    rooms.admit('mine', 'red', 'tab-a', 'Amy');
    expect(changed).toEqual(['red']);
    rooms.importHome('red', 'p2', [{ id: 'far-1', name: 'tab-b', nickname: 'Bo', gaveName: true }]);
    expect(rooms.members('red')).toEqual(['mine', 'far-1']);
    expect(rooms.sameRoom('mine', 'far-1')).toBe(true);
    expect(rooms.member('far-1')?.home).toBe('p2');
    // Its names count for the room's rules: a look-alike nickname here is suffixed.
    expect(rooms.admit('mine-2', 'red', 'tab-c', 'bo')).toMatchObject({ ok: true, nickname: 'bo 2' });
    expect(rooms.admit('mine-3', 'red', 'tab-b')).toEqual({ ok: false, reason: 'name-taken' });
    // A newer list from p2 replaces the old one; our own members are never touched by it.
    rooms.importHome('red', 'p2', [{ id: 'far-2', name: 'tab-d', nickname: 'Di', gaveName: true }]);
    expect(rooms.members('red')).toEqual(['mine', 'mine-2', 'far-2']);
    expect(rooms.ownMembers('red').map((member) => member.id)).toEqual(['mine', 'mine-2']);
    expect(rooms.homeMembers('red', 'p2')).toEqual(['far-2']);
    expect(rooms.admit('mine-4', 'red', 'tab-b')).toMatchObject({ ok: true });
    expect(changed).toEqual(['red', 'red', 'red']);
  });

  it('drops a room that only another process had once that process has no one left in it', () => {
    const rooms = new RoomRegistry();
    rooms.importHome('blue', 'p2', [{ id: 'far-1', name: 'far-1', nickname: 'Cy', gaveName: false }]);
    rooms.importMode('blue', { topology: 'kademlia', by: 'Cy', switchedAt: 5 });
    expect(rooms.modeOf('blue')?.topology).toBe('kademlia');
    expect(rooms.ownRooms()).toEqual([]);
    rooms.importHome('blue', 'p2', []);
    expect(rooms.stats()).toEqual({ rooms: 0, peers: 0 });
    expect(rooms.roomOf('far-1')).toBeUndefined();
  });
});
