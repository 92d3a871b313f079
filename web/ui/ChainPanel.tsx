import { useContext } from 'react';
import type { Session } from '../app/session';
import { shortId } from '../store/attach-node';
import { BlockDetails } from './BlockDetails';
import { clockTime } from './format-time';
import { CHAIN_VIEW_LIMIT } from '../store/mesh-store';
import { MeshContext, useMesh } from './use-mesh';

export function ChainPanel({ session }: { session: Session | null }) {
  const blocks = useMesh((s) => s.chain.blocks);
  // In the store, not local state: the network graph draws the selected block's way to this tab.
  const selected = useMesh((s) => s.selectedBlock);
  const store = useContext(MeshContext);
  const setSelected = (hash: string | null) => store?.getState().selectBlock(hash);
  const selectedBlock = blocks.find((b) => b.hash === selected) ?? null;
  return (
    <section className="panel wide" aria-labelledby="chain-title">
      <h2 id="chain-title">Chain (newest first, last {CHAIN_VIEW_LIMIT})</h2>
      <p className="hint">
        The chain with the most total work wins. Each block names the hash of the one before it, so
        changing an old block would break every link after it. Click a block to see its 80 header
        bytes, what relaying it cost, and how it spread over the room.
      </p>
      {selectedBlock && session && (
        <BlockDetails block={selectedBlock} node={session.node} onClose={() => setSelected(null)} />
      )}
      <table className="chain" data-testid="chain-table">
        <thead>
          <tr>
            <th>height</th>
            <th>hash</th>
            <th>previous hash</th>
            <th>nonce</th>
            <th>miner</th>
            <th>difficulty</th>
            <th>time</th>
          </tr>
        </thead>
        <tbody>
          {blocks.map((b) => (
            <tr
              key={b.hash}
              data-height={b.height}
              data-hash={b.hash}
              className={b.hash === selected ? 'selected' : undefined}
              onClick={() => setSelected(b.hash === selected ? null : b.hash)}
            >
              <td>{b.height}</td>
              <td className="hash" title={b.hash}>{b.hash.slice(0, 16)}…</td>
              <td className="hash" title={b.prevHash}>{b.prevHash.slice(0, 16)}…</td>
              <td>{b.nonce}</td>
              <td title={b.miner}>{b.miner === 'genesis' ? 'genesis' : shortId(b.miner)}</td>
              <td>{b.difficulty} bits</td>
              <td>{clockTime(b.time * 1000)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
