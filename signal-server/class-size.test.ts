import { describe, expect, it } from 'vitest';
import { MESH_DEFAULT_MAX_TABS, outgrownMode } from './class-size';

const defaultMesh = { topology: 'mesh' as const, by: 'Amy', switchedAt: null, chosen: false };

describe('a default mesh outgrown by a class', () => {
  it('switches to unstructured only past the limit', () => {
    expect(outgrownMode(defaultMesh, MESH_DEFAULT_MAX_TABS, false)).toBeNull();
    expect(outgrownMode(defaultMesh, MESH_DEFAULT_MAX_TABS + 1, false)).toBe('unstructured');
  });

  it('keeps a mode someone chose: asked for at the first join, switched since, or locked by the teacher', () => {
    const many = MESH_DEFAULT_MAX_TABS + 20;
    expect(outgrownMode({ ...defaultMesh, chosen: undefined }, many, false)).toBeNull();
    expect(outgrownMode({ ...defaultMesh, switchedAt: 5 }, many, false)).toBeNull();
    expect(outgrownMode(defaultMesh, many, true)).toBeNull();
    expect(outgrownMode({ ...defaultMesh, topology: 'kademlia' }, many, false)).toBeNull();
  });
});

describe('a room of a class size on a real server', () => {
  it('moves every tab of a default mesh to unstructured when the 13th joins, and leaves an asked-for mesh alone', async () => {
    const { Harness, nextEvent } = await import('./test-harness');
    const harness = await Harness.start();
    try {
      const first = await harness.named('class', 'tab-0');
      for (let i = 1; i < MESH_DEFAULT_MAX_TABS; i++) await harness.named('class', `tab-${i}`);
      const switched = nextEvent<{ topology: string; by: string }>(first.client, 'topology-changed');
      const last = await harness.named('class', `tab-${MESH_DEFAULT_MAX_TABS}`);
      expect(last.ack.topology).toBe('mesh'); // it joined the mesh, then hears the room outgrew it
      expect(await switched).toEqual({ topology: 'unstructured', by: 'meshchain' });

      const asked = await harness.connect();
      await asked.emitWithAck('join', { room: 'asked', name: 'tab-0', topology: 'mesh' });
      let heard = false;
      asked.on('topology-changed', () => (heard = true));
      for (let i = 1; i <= MESH_DEFAULT_MAX_TABS + 1; i++) await harness.named('asked', `tab-${i}`);
      // The last join's own ack came after any switch it would have caused: a switch would be here by now.
      await harness.named('asked', 'tab-late');
      expect(heard).toBe(false);
    } finally {
      await harness.close();
    }
  });
});
