import { describe, expect, it } from 'vitest';
import { applyRoomReports, type RoomReport } from '../shared/protocol/room-report';
import { RoomReports } from './room-reports';

const report = (id: string, at = 1): RoomReport => ({ id, name: `tab-${id}`, links: [], blocks: [{ hash: 'ab'.repeat(32), at, from: 'self', messages: 1, bytes: 1 }] });

describe('RoomReports', () => {
  it('gives newcomers everything once and the synced members only what changed', () => {
    const rooms = new RoomReports();
    rooms.put('r', report('a'));
    const first = rooms.pending('r', ['a', 'b'])!;
    expect(first).toMatchObject({ delta: null, newcomers: ['a', 'b'], synced: [], full: { full: true, reports: [report('a')] } });
    rooms.flushed('r', first);
    expect(rooms.pending('r', ['a', 'b'])).toBeNull(); // nothing new

    rooms.put('r', report('b'));
    rooms.put('r', report('a', 2));
    const second = rooms.pending('r', ['a', 'b', 'c'])!;
    expect(second.delta).toEqual({ full: false, reports: [report('b'), report('a', 2)], removed: [] });
    expect(second.newcomers).toEqual(['c']);
    expect(second.full.reports).toEqual([report('a', 2), report('b')]);
    rooms.flushed('r', second);

    expect(rooms.remove('b')).toBe('r');
    expect(rooms.pending('r', ['a', 'c'])!.delta).toEqual({ full: false, reports: [], removed: ['b'] });
  });

  it('a client that applies every message ends with the server’s reports', () => {
    const rooms = new RoomReports();
    let seen: RoomReport[] = [];
    const flush = (members: string[]) => {
      const next = rooms.pending('r', members);
      if (!next) return;
      seen = next.newcomers.includes('watcher') ? applyRoomReports(seen, next.full) : applyRoomReports(seen, next.delta!);
      rooms.flushed('r', next);
    };
    rooms.put('r', report('a'));
    flush(['watcher', 'a']);
    rooms.put('r', report('b'));
    rooms.put('r', report('c'));
    flush(['watcher', 'a', 'b', 'c']);
    rooms.put('r', report('a', 5));
    rooms.remove('b');
    flush(['watcher', 'a', 'c']);
    expect(seen).toEqual(rooms.of('r'));
    expect(seen.map((r) => r.id)).toEqual(['a', 'c']);
  });

  it('forgets a room whose reports are all gone', () => {
    const rooms = new RoomReports();
    rooms.put('r', report('a'));
    rooms.flushed('r', rooms.pending('r', ['a'])!);
    rooms.remove('a');
    rooms.flushed('r', rooms.pending('r', [])!);
    expect(rooms.of('r')).toEqual([]);
    expect(rooms.pending('r', [])).toBeNull();
  });
});
