import { headerFields } from '../../shared/chain/header';
import type { Node } from '../../shared/node/node';
import { shortId } from '../store/attach-node';
import type { BlockView } from '../store/mesh-store';
import { RoomBlockStats } from './RoomBlockStats';

/** One block opened up: the exact bytes that were hashed, and the traffic it caused per peer. */
export function BlockDetails({ block, node, onClose }: { block: BlockView; node: Node; onClose: () => void }) {
  const traffic = [...node.stats.forBlock(block.hash)];
  const totals = node.stats.totals(block.hash);
  return (
    <div className="block-details" data-testid="block-details">
      <h3>
        Block #{block.height} <button onClick={onClose}>close</button>
      </h3>
      <p className="hint">
        These 80 bytes are the header. Its hash is SHA-256 of SHA-256 of them: <span className="hash">{block.hash}</span>
      </p>
      <table className="header-bytes" data-testid="header-bytes">
        <thead>
          <tr>
            <th>field</th>
            <th>bytes</th>
            <th>hex (as hashed; integers little-endian)</th>
            <th>value</th>
          </tr>
        </thead>
        <tbody>
          {headerFields(block.header).map((f) => (
            <tr key={f.name} data-field={f.name}>
              <td>{f.name}</td>
              <td>
                {f.offset}–{f.offset + f.size - 1}
              </td>
              <td className="hash">{f.hex}</td>
              <td className="hash">{f.value}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <h4>How it spread over the room</h4>
      <RoomBlockStats hash={block.hash} />
      <h4>What relaying it cost this tab</h4>
      {traffic.length === 0 ? (
        <p className="hint">No traffic recorded (the block came before this tab did, or is older than the last 500).</p>
      ) : (
        <table className="traffic" data-testid="block-traffic">
          <thead>
            <tr>
              <th>peer</th>
              <th>messages in</th>
              <th>bytes in</th>
              <th>messages out</th>
              <th>bytes out</th>
            </tr>
          </thead>
          <tbody>
            {traffic.map(([peerId, t]) => (
              <tr key={peerId}>
                <td>{shortId(peerId)}</td>
                <td>{t.messagesIn}</td>
                <td>{Math.round(t.bytesIn)}</td>
                <td>{t.messagesOut}</td>
                <td>{Math.round(t.bytesOut)}</td>
              </tr>
            ))}
            <tr className="total">
              <td>total</td>
              <td>{totals.messagesIn}</td>
              <td>{Math.round(totals.bytesIn)}</td>
              <td>{totals.messagesOut}</td>
              <td>{Math.round(totals.bytesOut)}</td>
            </tr>
          </tbody>
        </table>
      )}
    </div>
  );
}
