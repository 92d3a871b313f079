import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createSimulatedMesh, mineBlock } from '../../shared/testing/mesh-sim';
import { PROTOCOL_VERSION } from '../../shared/protocol/messages';
import { DEFAULT_CHAIN_PARAMS } from '../../shared/chain/params';
import { Node } from '../../shared/node/node';
import { attachNode } from './attach-node';
import { createMeshStore } from './mesh-store';
import { resources, SUPPORTED_LANGUAGES, type Catalogue } from '../i18n/resources';

/** The catalogue text at `key` (plural forms count), or undefined. */
function lookup(catalogue: Catalogue, key: string): unknown {
  const parts = key.split('.');
  let at: unknown = catalogue;
  for (const part of parts.slice(0, -1)) at = (at as Catalogue | undefined)?.[part];
  const last = parts[parts.length - 1]!;
  const node = at as Catalogue | undefined;
  return node?.[last] ?? node?.[`${last}_other`];
}

beforeEach(() => void vi.useFakeTimers());
afterEach(() => void vi.useRealTimers());

function room() {
  const now = () => Date.now();
  const mesh = createSimulatedMesh(['me', 'friend'], { schedule: (fn, ms) => void setTimeout(fn, ms), now, latency: () => 2 });
  const store = createMeshStore('lobby');
  attachNode(store, mesh.node('me'), now);
  return { mesh, store, now };
}

describe('the tab store fed by its node', () => {
  it('shows a peer opening and closing, with the chapter callbacks in the log', async () => {
    const { mesh, store } = room();
    mesh.network.connect('me', 'friend');
    await vi.runAllTimersAsync();
    expect(Object.keys(store.getState().peers)).toEqual(['friend']);
    mesh.network.disconnect('friend', 'me');
    await vi.runAllTimersAsync();
    expect(store.getState().peers).toEqual({});
    const kinds = store.getState().log.map((e) => `${e.kind}:${e.peerId}`);
    expect(kinds).toContain('open:friend');
    expect(kinds).toContain('close:friend');
    expect(kinds).toContain('message:friend'); // the status exchange
  });

  it('shows a block a peer mined as the new tip, newest first in the chain view', async () => {
    const { mesh, store } = room();
    mesh.network.connect('me', 'friend');
    await vi.runAllTimersAsync();
    mineBlock(mesh.node('friend'), 2);
    mineBlock(mesh.node('friend'), 2);
    await vi.runAllTimersAsync();
    const { chain } = store.getState();
    expect(chain.tip?.hash).toBe(mesh.node('friend').tip.hash);
    expect(chain.blocks.map((b) => b.height)).toEqual([2, 1, 0]);
    expect(chain.blocks[0]?.miner).toBe('friend');
    expect(chain.blocks[0]?.prevHash).toBe(chain.blocks[1]?.hash);
  });

  it('logs garbage from a peer as an error of that peer and leaves the chain view alone', async () => {
    const { mesh, store } = room();
    const stranger = mesh.network.createTransport('stranger');
    mesh.network.connect('stranger', 'me');
    await vi.runAllTimersAsync();
    const before = store.getState().chain;
    stranger.send('me', JSON.stringify({ v: PROTOCOL_VERSION, type: 'block', block: null }));
    await vi.runAllTimersAsync();
    const errors = store.getState().log.filter((e) => e.kind === 'error');
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatchObject({ peerId: 'stranger' });
    expect(errors[0]).toMatchObject({ key: 'error.bad-schema', params: { code: 'bad-schema' } });
    expect(errors[0]?.params?.detail).toMatch(/^block/);
    expect(store.getState().chain).toBe(before);
  });

  it('logs only keys both catalogues have, the message summaries included', async () => {
    const { mesh, store } = room();
    mesh.network.connect('me', 'friend');
    await vi.runAllTimersAsync();
    mineBlock(mesh.node('friend'), 2);
    await vi.runAllTimersAsync();
    mesh.network.disconnect('friend', 'me');
    await vi.runAllTimersAsync();
    const keys = store.getState().log.flatMap((e) => [e.key, e.params?.summaryKey].filter((k): k is string => typeof k === 'string'));
    expect(keys).toEqual(expect.arrayContaining(['open', 'close', 'message.in', 'message.out', 'summary.status', 'chain.newTip']));
    for (const language of SUPPORTED_LANGUAGES) {
      for (const key of new Set(keys)) expect(lookup(resources[language].log!, key), `${language} log:${key}`).toEqual(expect.any(String));
    }
    expect(store.getState().log.every((e) => e.text === undefined)).toBe(true);
    // The message's own type and its summary's values sit side by side, neither hiding the other.
    const status = store.getState().log.find((e) => e.params?.summaryKey === 'summary.status');
    expect(status?.params).toMatchObject({ messageType: 'status', height: expect.any(Number), hash: expect.any(String) });
  });

  it('lists a peer on another chain (other room rules) until its channel closes', async () => {
    const { mesh, store, now } = room();
    const other = new Node({ minerName: 'other', params: DEFAULT_CHAIN_PARAMS }, { transport: mesh.network.createTransport('other'), now });
    other.start();
    mesh.network.connect('other', 'me');
    mesh.network.connect('friend', 'me');
    await vi.runAllTimersAsync();
    expect(store.getState().wrongChainPeers).toEqual(['other']);
    mesh.network.disconnect('other', 'me');
    await vi.runAllTimersAsync();
    expect(store.getState().wrongChainPeers).toEqual([]);
    expect(Object.keys(store.getState().peers)).toEqual(['friend']);
  });

  it('keeps the log bounded however long the tab runs', async () => {
    const { store } = room();
    for (let i = 0; i < 1000; i++) store.getState().addLog({ at: i, kind: 'message', peerId: 'x', text: `${i}` });
    expect(store.getState().log).toHaveLength(300);
    expect(store.getState().log[0]?.text).toBe('999');
  });
});
