import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createSimulatedMesh } from '../../shared/testing/mesh-sim';
import { createMeshStore } from '../store/mesh-store';
import { startTopics, topicsOf } from './topics';

beforeEach(() => void vi.useFakeTimers());
afterEach(() => void vi.useRealTimers());

describe('topics in a tab', () => {
  it('follows blocks, transactions and notes from the start, and a neighbour’s note lands in the store', async () => {
    const now = () => Date.now();
    const mesh = createSimulatedMesh(['a', 'b'], { schedule: (fn, ms) => void setTimeout(fn, ms), now, latency: () => 2 });
    const stores = { a: createMeshStore('lobby'), b: createMeshStore('lobby') };
    const immediate = (fn: () => void) => fn();
    startTopics(mesh.node('a'), stores.a, now, immediate);
    startTopics(mesh.node('b'), stores.b, now, immediate);
    mesh.network.connect('a', 'b');
    await vi.runAllTimersAsync();

    expect(stores.b.getState().topics.map((t) => t.topic)).toEqual(['blocks', 'transactions', 'notes']);
    expect(topicsOf(mesh.node('a'))!.publish('notes', 'hi b').ok).toBe(true);
    await vi.runAllTimersAsync();

    const notes = stores.b.getState().topics.find((t) => t.topic === 'notes')!;
    expect(notes).toMatchObject({ delivered: 1, followers: 1 });
    expect(notes.recent.map((m) => [m.origin, m.data])).toEqual([['a', 'hi b']]);
    expect(stores.a.getState().topics.find((t) => t.topic === 'notes')!.recent.map((m) => m.data)).toEqual(['hi b']);
  });
});
