import { describe, expect, it } from 'vitest';
import { DEFAULT_ROOM_SETTINGS } from '../shared/protocol/room-controls';
import { NO_CONDITIONS } from '../shared/transport/conditioner';
import { EMPTY_ROOM_GRACE_MS, KICK_BAN_MS, RoomSettingsStore } from './room-settings';

function store() {
  let now = 1_000;
  const settings = new RoomSettingsStore(() => now);
  return { settings, advance: (ms: number) => (now += ms) };
}

describe('RoomSettingsStore', () => {
  it('gives defaults for an untouched room, and keeps each room apart', () => {
    const { settings } = store();
    expect(settings.settingsOf('class')).toEqual(DEFAULT_ROOM_SETTINGS);
    settings.claim('class', 't1');
    settings.apply('class', { kind: 'mining', paused: true });
    expect(settings.settingsOf('class')).toMatchObject({ teacher: true, mining: { paused: true } });
    expect(settings.settingsOf('other')).toEqual(DEFAULT_ROOM_SETTINGS);
  });

  it('a claim reports a change only the first time; teacher sockets may switch the mode, students not', () => {
    const { settings } = store();
    expect(settings.modeLockedFor('class', 'student')).toBe(false);
    expect(settings.claim('class', 't1').changed).toBe(true);
    expect(settings.claim('class', 't2').changed).toBe(false);
    expect(settings.modeLockedFor('class', 'student')).toBe(true);
    expect(settings.modeLockedFor('class', 't1')).toBe(false);
    expect(settings.modeLockedFor('class', 't2')).toBe(false);
    expect(settings.modeLockedFor('other', 'student')).toBe(false);
  });

  it("keeps the teacher's claim when the teacher's tab leaves, and forgets everything once the room has stayed empty", () => {
    const { settings, advance } = store();
    settings.claim('class', 't1');
    settings.apply('class', { kind: 'overlay', locked: true });
    settings.leave('class', 't1', false);
    expect(settings.isTeacher('class', 't1')).toBe(false);
    expect(settings.settingsOf('class')).toMatchObject({ teacher: true, overlay: { locked: true } });
    expect(settings.modeLockedFor('class', 'student')).toBe(true);
    settings.leave('class', 'student', true);
    // A reset reloads the whole room at once: empty for a moment, it keeps what the teacher set.
    advance(EMPTY_ROOM_GRACE_MS - 1);
    expect(settings.settingsOf('class')).toMatchObject({ teacher: true, overlay: { locked: true } });
    settings.joined('class');
    advance(EMPTY_ROOM_GRACE_MS);
    expect(settings.settingsOf('class')).toMatchObject({ teacher: true }); // it has a member again
    settings.leave('class', 'student', true);
    advance(EMPTY_ROOM_GRACE_MS);
    expect(settings.settingsOf('class')).toEqual(DEFAULT_ROOM_SETTINGS);
    settings.leave('other', 'someone', true); // any leave sweeps rooms whose grace ran out
    expect(settings.size).toBe(0);
  });

  it('keeps a kicked tab name out for KICK_BAN_MS, in that room only', () => {
    const { settings, advance } = store();
    settings.ban('class', 'bob');
    expect(settings.bannedFor('class', 'bob')).toBe(KICK_BAN_MS);
    expect(settings.bannedFor('class', 'alice')).toBe(0);
    expect(settings.bannedFor('other', 'bob')).toBe(0);
    advance(KICK_BAN_MS - 1);
    expect(settings.bannedFor('class', 'bob')).toBe(1);
    advance(1);
    expect(settings.bannedFor('class', 'bob')).toBe(0);
  });

  it("lets members signal within a partition group and not across; 'the rest' is a group of its own", () => {
    const { settings } = store();
    expect(settings.canSignal('class', 'a', 'c')).toBe(true);
    settings.apply('class', { kind: 'conditions', conditions: { ...NO_CONDITIONS, partition: { groups: [['a', 'b'], ['c']] } } });
    expect(settings.canSignal('class', 'a', 'b')).toBe(true);
    expect(settings.canSignal('class', 'a', 'c')).toBe(false);
    expect(settings.canSignal('class', 'c', 'a')).toBe(false);
    expect(settings.canSignal('class', 'late-1', 'late-2')).toBe(true);
    expect(settings.canSignal('class', 'late-1', 'a')).toBe(false);
    settings.apply('class', { kind: 'conditions', conditions: NO_CONDITIONS });
    expect(settings.canSignal('class', 'a', 'c')).toBe(true);
  });
});
