import { describe, expect, it } from 'vitest';
import { archiveRooms } from './archive-peers';

describe('--archive', () => {
  it('names no room without the flag, the default room with a bare flag, and the listed rooms in NFC', () => {
    expect(archiveRooms(['node', 'main.ts'])).toEqual({ rooms: [] });
    expect(archiveRooms(['--archive'])).toEqual({ rooms: ['lobby'] });
    expect(archiveRooms(['--archive=數學課,e\u0301quipe-a,數學課'])).toEqual({ rooms: ['數學課', 'équipe-a'] });
  });

  it('refuses a room the page would refuse, naming the flag', () => {
    const result = archiveRooms(['--archive=a/b']);
    expect(result).toHaveProperty('error');
    expect((result as { error: string }).error).toMatch(/^--archive: "a\/b"/);
  });
});
