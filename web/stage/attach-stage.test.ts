import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createSimulatedMesh, mineBlock } from '../../shared/testing/mesh-sim';
import { MINED_HERE } from '../../shared/protocol/room-report';
import { blockTreeView } from '../../shared/stage/block-tree-view';
import { attachNode } from '../store/attach-node';
import { createMeshStore } from '../store/mesh-store';
import { attachStage } from './attach-stage';
import { createStageStore } from './stage-store';

beforeEach(() => void vi.useFakeTimers());
afterEach(() => void vi.useRealTimers());

async function room() {
  const now = () => Date.now();
  const mesh = createSimulatedMesh(['me', 'friend'], { schedule: (fn, ms) => void setTimeout(fn, ms), now, latency: () => 2 });
  const store = createMeshStore('lobby');
  store.getState().setSelf({ name: 'me' });
  attachNode(store, mesh.node('me'), now);
  const stage = createStageStore();
  attachStage(stage, store, mesh.node('me'), now);
  mesh.network.connect('me', 'friend');
  await vi.runAllTimersAsync();
  return { mesh, store, stage, now };
}

function mined(node: Parameters<typeof mineBlock>[0]): string {
  const result = mineBlock(node, 2);
  if (!result.ok) throw new Error('the block was refused');
  return result.value.hash;
}

const report = (name: string, blocks: { hash: string; from: string }[], links: string[] = []) => ({
  id: `id-${name}`, name, links, blocks: blocks.map((b, i) => ({ ...b, at: 1000 + i, messages: 2, bytes: 500 })),
});

describe('the stage fed by its node and the room', () => {
  it("sends a token along the link for each of this tab's messages, named by tab", async () => {
    const { stage, mesh } = await room();
    const launched: string[] = [];
    stage.subscribe((s) => s.tokens.tokens.forEach((t) => launched.push(`${t.from}>${t.to}:${t.kind}`)));
    mineBlock(mesh.node('friend'), 2);
    await vi.advanceTimersByTimeAsync(50);
    expect(launched).toContain('friend>me:inv');
    expect(launched).toContain('me>friend:get-data');
    expect(launched).toContain('friend>me:block');
  });

  it('puts the block in the tree as the main tip, and lights this tab', async () => {
    const { stage, mesh, now } = await room();
    const hash = mined(mesh.node('friend'));
    await vi.runAllTimersAsync();
    const view = blockTreeView(stage.getState().tree);
    expect(view.mainTip).toBe(hash);
    expect(view.blocks.find((b) => b.hash === hash)!.tips).toEqual(['self']);
    expect(stage.getState().arrivals.me!.hash).toBe(hash);
    stage.getState().settle(now() + 10_000);
    expect(stage.getState().tokens.tokens).toEqual([]);
  });

  it("draws other tabs' new arrivals as hops of the wave and marks their tips", async () => {
    const { stage, store, mesh } = await room();
    store.getState().setRoomReports([report('cy', [])]);
    const hash = mined(mesh.node('friend'));
    await vi.runAllTimersAsync();
    const before = stage.getState().tokens.next;
    store.getState().setRoomReports([report('friend', [{ hash, from: MINED_HERE }]), report('cy', [{ hash, from: 'friend' }])]);
    const hops = stage.getState().tokens.tokens.filter((t) => Number(t.id.slice(1)) >= before);
    expect(hops.map((t) => `${t.from}>${t.to}:${t.kind}`)).toEqual(['friend>cy:block']);
    expect(stage.getState().pulse).toMatchObject({ tab: 'friend', hash });
    expect(Object.fromEntries(stage.getState().tree.roomTips)).toEqual({ friend: hash, cy: hash });
    // The same reports again are no new wave.
    store.getState().setRoomReports([report('friend', [{ hash, from: MINED_HERE }]), report('cy', [{ hash, from: 'friend' }])]);
    expect(stage.getState().tokens.tokens.filter((t) => Number(t.id.slice(1)) >= before)).toHaveLength(1);
  });

  it("replays another tab's reported messages over its own links, once, and says when they were sampled", async () => {
    const { stage, store } = await room();
    store.getState().setRoomReports([report('cy', [])]);
    const before = stage.getState().tokens.next;
    const messages = { seq: 3, sampledOut: 5, events: [{ at: 10, from: 'cy', to: 'friend', kind: 'inv' }, { at: 11, from: 'cy', to: 'zed', kind: 'inv' }] };
    const withMessages = [{ ...report('cy', [], ['friend']), messages }];
    store.getState().setRoomReports(withMessages as never);
    store.getState().setRoomReports([...withMessages, report('dee', [])] as never);
    const fresh = stage.getState().tokens.tokens.filter((t) => Number(t.id.slice(1)) >= before);
    expect(fresh.map((t) => `${t.from}>${t.to}:${t.kind}`)).toEqual(['cy>friend:inv']);
    expect(stage.getState().sampledOut).toBe(6); // 5 the sender left out, 1 refused (zed is not its link)
  });
});
