import { describe, expect, it } from 'vitest';
import { applyRoomControl, DEFAULT_ROOM_SETTINGS, type RoomSettings } from '../../shared/protocol/room-controls';
import type { LinkConditions } from '../../shared/transport/conditioner';
import type { Notice } from '../store/mesh-store';
import { epochOf, followRoomSettings, planRoomSettings, settingsChanges, type RunningParams } from './room-settings';

const running: RunningParams = { difficulty: 6, interval: 0, epoch: 0, topology: 'mesh', outbound: 8, k: 4, alpha: 3 };
const claimed: RoomSettings = { ...DEFAULT_ROOM_SETTINGS, teacher: true };

describe('planRoomSettings: what a tab does to follow the room', () => {
  it('stays as it is in a room nobody changed', () => {
    expect(planRoomSettings(DEFAULT_ROOM_SETTINGS, running, '?room=r&difficulty=6')).toEqual({ search: '?room=r&difficulty=6', action: 'stay' });
  });

  it('after a reset, forgets its chain and loads the new rules and round; once there, stays', () => {
    const reset = applyRoomControl(claimed, { kind: 'reset', difficulty: 8, interval: 5 });
    const plan = planRoomSettings(reset, running, '?room=r&difficulty=6');
    expect(plan).toEqual({ search: '?room=r&difficulty=8&interval=5&epoch=1', action: 'reset' });
    // The reloaded page runs round 1: no loop.
    expect(planRoomSettings(reset, { ...running, difficulty: 8, interval: 5, epoch: epochOf(plan.search) }, plan.search).action).toBe('stay');
  });

  it('a late joiner of a reset room follows the reset too', () => {
    const twice = applyRoomControl(applyRoomControl(claimed, { kind: 'reset', difficulty: 8, interval: 5 }), { kind: 'reset', difficulty: 7, interval: 0 });
    expect(planRoomSettings(twice, { ...running, epoch: 1 }, '?room=r&epoch=1').search).toBe('?room=r&epoch=2&difficulty=7&interval=0');
  });

  it('reloads for an overlay knob its mode uses, and only notes the others in the address', () => {
    const knobs = applyRoomControl(claimed, { kind: 'overlay', outbound: 3, k: 6 });
    expect(planRoomSettings(knobs, { ...running, topology: 'unstructured' }, '?room=r')).toEqual({ search: '?room=r&outbound=3&k=6', action: 'reload' });
    expect(planRoomSettings(knobs, { ...running, topology: 'kademlia' }, '?room=r')).toEqual({ search: '?room=r&outbound=3&k=6', action: 'reload' });
    expect(planRoomSettings(knobs, running, '?room=r')).toEqual({ search: '?room=r&outbound=3&k=6', action: 'stay' });
    // Already loaded with them: nothing to do.
    expect(planRoomSettings(knobs, { ...running, topology: 'unstructured', outbound: 3, k: 6 }, '?room=r&outbound=3&k=6').action).toBe('stay');
  });
});

describe('settingsChanges: the log of what the teacher did', () => {
  it('tells a claim, a partition, its heal, a pause and a lock', () => {
    const split: LinkConditions = { ...DEFAULT_ROOM_SETTINGS.conditions, partition: { groups: [['a'], ['b']] } };
    expect(settingsChanges(DEFAULT_ROOM_SETTINGS, claimed)).toEqual([{ key: 'desk:log.claimed' }]);
    const partitioned = applyRoomControl(claimed, { kind: 'conditions', conditions: split });
    expect(settingsChanges(claimed, partitioned)).toEqual([{ key: 'desk:log.partition', params: { count: 2 } }]);
    const healed = applyRoomControl(partitioned, { kind: 'conditions', conditions: { ...split, partition: null } });
    expect(settingsChanges(partitioned, healed)).toEqual([{ key: 'desk:log.healed' }]);
    const paused = applyRoomControl(healed, { kind: 'mining', paused: true, maxWorkers: 1 });
    expect(settingsChanges(healed, paused)).toEqual([{ key: 'desk:log.paused' }, { key: 'desk:log.workerCap', params: { count: 1 } }]);
    expect(settingsChanges(paused, applyRoomControl(paused, { kind: 'overlay', locked: true }))).toEqual([{ key: 'desk:log.locked' }]);
  });

  it('tells the latency in numbers', () => {
    const slow = applyRoomControl(claimed, { kind: 'conditions', conditions: { latencyMs: 200, jitterMs: 20, loss: 0.05, partition: null } });
    expect(settingsChanges(claimed, slow)).toEqual([{ key: 'desk:log.link', params: { latency: 200, jitter: 20, loss: 5 } }]);
  });
});

describe('followRoomSettings: applying them in a tab', () => {
  function fakeTab(search = '?room=r') {
    const calls: string[] = [];
    const logs: Notice[] = [];
    let current: RoomSettings | null = null;
    const location = { search, pathname: '/', hash: '', replace: (url: string) => void calls.push(`load ${url}`) };
    const apply = followRoomSettings({
      setConditions: (c) => (calls.push(`conditions ${c.latencyMs}`), { ok: true }),
      mining: {
        setPaused: (p) => void calls.push(`paused ${p}`),
        setWorkerCap: (cap) => void calls.push(`cap ${cap}`),
        stop: () => void calls.push('stop'),
      },
      forgetChain: async () => void calls.push('forget chain'),
      location,
      rewriteUrl: (url) => void calls.push(`rewrite ${url}`),
      running,
      current: () => current,
      store: (s) => void (current = s),
      log: (line) => void logs.push(line),
    });
    return { apply, calls, logs };
  }

  it('sets the conditions and the miners, and does it once for the same settings twice (ack and broadcast)', () => {
    const tab = fakeTab();
    const settings = applyRoomControl(applyRoomControl(claimed, { kind: 'conditions', conditions: { latencyMs: 200, jitterMs: 0, loss: 0 } }), { kind: 'mining', paused: true });
    tab.apply(settings);
    tab.apply(settings);
    expect(tab.calls).toEqual(['conditions 200', 'cap null', 'paused true']);
  });

  it('a reset stops mining, forgets the chain, then loads the new rules', async () => {
    const tab = fakeTab();
    tab.apply(claimed);
    tab.apply(applyRoomControl(claimed, { kind: 'reset', difficulty: 8, interval: 5 }));
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(tab.calls.slice(-3)).toEqual(['stop', 'forget chain', 'load /?room=r&difficulty=8&interval=5&epoch=1']);
    expect(tab.logs.map((l) => l.key)).toContain('desk:log.reset');
  });
});
