/**
 * A room of Nodes over the memory transport, for protocol tests and simulations. Time and
 * randomness come from the caller (a fake clock and a seeded generator in tests).
 */
import type { ChainParams } from '../chain/params';
import { searchNonce } from '../chain/pow';
import { Node } from '../node/node';
import { MemoryNetwork, type MemoryNetworkOptions } from '../transport/memory';

export { seededRandom } from './seeded-random';

export interface SimulatedMesh {
  network: MemoryNetwork;
  nodes: Node[];
  node(id: string): Node;
}

export function createSimulatedMesh(
  ids: string[],
  options: MemoryNetworkOptions & {
    setTimer?: (fn: () => void, ms: number) => () => void;
    params?: ChainParams;
    /** The address each node's coinbases pay to. */
    payTo?: (id: string) => string;
  },
): SimulatedMesh {
  const network = new MemoryNetwork(options);
  const { now, setTimer, params, payTo } = options;
  const nodes = ids.map((id) => {
    const init = { minerName: id, params, payTo: payTo?.(id) };
    const node = new Node(init, { transport: network.createTransport(id), now, setTimer });
    node.start();
    return node;
  });
  const byId = new Map(nodes.map((n) => [n.id, n]));
  return { network, nodes, node: (id) => byId.get(id)! };
}

export function connectFullMesh(mesh: SimulatedMesh): void {
  for (const a of mesh.nodes) for (const b of mesh.nodes) if (a.id < b.id) mesh.network.connect(a.id, b.id);
}

/** Mine one block on the node's current tip, the way the browser's worker does, and submit it. */
export function mineBlock(node: Node, difficultyBits: number) {
  const template = node.blockTemplate(difficultyBits);
  let nonce = 0;
  for (;;) {
    const result = searchNonce(template.header, nonce, 100_000);
    if (result.found) {
      return node.submitMinedBlock({ ...template, header: { ...template.header, nonce: result.nonce } });
    }
    if (result.exhausted) throw new Error('nonce space exhausted at a test difficulty');
    nonce = result.nextNonce;
  }
}
