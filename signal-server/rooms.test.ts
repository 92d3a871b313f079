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
});
