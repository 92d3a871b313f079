import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createSimulatedMesh, mineBlock } from '../../shared/testing/mesh-sim';
import { messageBatchSchema } from '../../shared/stage/message-events';
import { collectMessageEvents } from './message-collector';

beforeEach(() => void vi.useFakeTimers());
afterEach(() => void vi.useRealTimers());

describe('collectMessageEvents', () => {
  it('batches the messages this tab sends, by tab name, and nothing it only received', async () => {
    const now = () => Date.now();
    const mesh = createSimulatedMesh(['me', 'friend'], { schedule: (fn, ms) => void setTimeout(fn, ms), now, latency: () => 2 });
    const names = new Map<string, string>();
    mesh.node('me').events.on('peer-named', (peerId, name) => names.set(peerId, name));
    const collector = collectMessageEvents(mesh.node('me'), 'me', (id) => names.get(id), now);
    mesh.network.connect('me', 'friend');
    await vi.runAllTimersAsync();
    collector.flush(); // the greeting
    mineBlock(mesh.node('friend'), 2);
    await vi.runAllTimersAsync();
    const batch = collector.flush()!;
    expect(messageBatchSchema.safeParse(batch).success).toBe(true);
    expect(batch.events.map((e) => `${e.from}>${e.to}:${e.kind}`)).toContain('me>friend:get-data');
    expect(batch.events.every((e) => e.from === 'me')).toBe(true); // the inv and block it received are friend's to report
    collector.stop();
    mineBlock(mesh.node('friend'), 2);
    await vi.runAllTimersAsync();
    expect(collector.flush()).toBeNull();
  });
});
