import { describe, expect, it } from 'vitest';
import { MAX_DIFFICULTY_BITS } from '../chain/target';
import { NO_CONDITIONS } from '../transport/conditioner';
import { applyRoomControl, DEFAULT_ROOM_SETTINGS, roomControlRequestSchema, roomControlSchema, type RoomControl } from './room-controls';

const accepts = (raw: unknown) => roomControlSchema.safeParse(raw).success;

describe('roomControlSchema', () => {
  it('accepts each kind of control a desk sends', () => {
    const controls: RoomControl[] = [
      { kind: 'conditions', conditions: { latencyMs: 200, jitterMs: 20, loss: 0.1, slowMotion: true, partition: { groups: [['a', 'b'], ['c']] } } },
      { kind: 'mining', paused: true },
      { kind: 'mining', maxWorkers: 2 },
      { kind: 'mining', maxWorkers: null },
      { kind: 'overlay', topology: 'kademlia', locked: true, k: 3, alpha: 2 },
      { kind: 'overlay', outbound: null },
      { kind: 'reset', difficulty: 8, interval: 0 },
      { kind: 'kick', id: 'AbCd_1234-xyz' },
    ];
    for (const control of controls) expect(roomControlSchema.parse(control)).toEqual(control);
  });

  it('refuses out-of-range knobs, unknown kinds and extra fields', () => {
    expect(accepts({ kind: 'mining', maxWorkers: 0 })).toBe(false);
    expect(accepts({ kind: 'mining', maxWorkers: 9 })).toBe(false);
    expect(accepts({ kind: 'mining', maxWorkers: 1.5 })).toBe(false);
    expect(accepts({ kind: 'overlay', k: 21 })).toBe(false);
    expect(accepts({ kind: 'overlay', alpha: 0 })).toBe(false);
    expect(accepts({ kind: 'overlay', outbound: 17 })).toBe(false);
    expect(accepts({ kind: 'overlay', topology: 'ring' })).toBe(false);
    expect(accepts({ kind: 'reset', difficulty: MAX_DIFFICULTY_BITS + 1, interval: 10 })).toBe(false);
    expect(accepts({ kind: 'reset', difficulty: 8, interval: -1 })).toBe(false);
    expect(accepts({ kind: 'reset', difficulty: 8 })).toBe(false);
    expect(accepts({ kind: 'kick', id: 'has space' })).toBe(false);
    expect(accepts({ kind: 'launch' })).toBe(false);
    // Strict: a room field cannot sneak a control into another room.
    expect(accepts({ kind: 'mining', paused: true, room: 'other' })).toBe(false);
    expect(accepts({ kind: 'conditions', conditions: { ...NO_CONDITIONS, latencyMs: 10, jitterMs: 20 } })).toBe(false);
    expect(roomControlRequestSchema.safeParse({ key: 'k', control: { kind: 'mining', paused: true }, room: 'x' }).success).toBe(false);
    expect(roomControlRequestSchema.safeParse({ key: '', control: { kind: 'mining', paused: true } }).success).toBe(false);
  });
});

describe('applyRoomControl', () => {
  it('changes only what the control names and leaves the rest', () => {
    const paused = applyRoomControl(DEFAULT_ROOM_SETTINGS, { kind: 'mining', paused: true });
    expect(paused.mining).toEqual({ paused: true, maxWorkers: null });
    const capped = applyRoomControl(paused, { kind: 'mining', maxWorkers: 2 });
    expect(capped.mining).toEqual({ paused: true, maxWorkers: 2 });
    const uncapped = applyRoomControl(capped, { kind: 'mining', maxWorkers: null });
    expect(uncapped.mining).toEqual({ paused: true, maxWorkers: null });

    const locked = applyRoomControl(uncapped, { kind: 'overlay', topology: 'kademlia', locked: true, k: 3 });
    expect(locked.overlay).toEqual({ locked: true, outbound: null, k: 3, alpha: null });
    expect(locked.mining).toEqual(uncapped.mining);
    expect(DEFAULT_ROOM_SETTINGS.mining.paused).toBe(false); // the defaults are never mutated
  });

  it('a reset sets the rules and bumps the epoch every time, even with the same rules', () => {
    const once = applyRoomControl(DEFAULT_ROOM_SETTINGS, { kind: 'reset', difficulty: 6, interval: 5 });
    const twice = applyRoomControl(once, { kind: 'reset', difficulty: 6, interval: 5 });
    expect(once.rules).toEqual({ difficulty: 6, interval: 5, epoch: 1 });
    expect(twice.rules).toEqual({ difficulty: 6, interval: 5, epoch: 2 });
  });

  it('conditions replace the previous ones whole; a kick changes no setting', () => {
    const split = applyRoomControl(DEFAULT_ROOM_SETTINGS, { kind: 'conditions', conditions: { ...NO_CONDITIONS, partition: { groups: [['a']] } } });
    expect(split.conditions.partition).toEqual({ groups: [['a']] });
    const healed = applyRoomControl(split, { kind: 'conditions', conditions: { ...NO_CONDITIONS, latencyMs: 100 } });
    expect(healed.conditions).toEqual({ ...NO_CONDITIONS, latencyMs: 100 });
    expect(applyRoomControl(healed, { kind: 'kick', id: 'x' })).toBe(healed);
  });
});
