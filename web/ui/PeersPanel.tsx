import { useMemo } from 'react';
import { shortId } from '../store/attach-node';
import { clockTime } from './format-time';
import { NetworkGraph } from './NetworkGraph';
import { useMesh } from './use-mesh';

export function PeersPanel() {
  const selfId = useMesh((s) => s.self.id);
  const peerMap = useMesh((s) => s.peers);
  const peers = useMemo(() => Object.entries(peerMap).sort(([a], [b]) => a.localeCompare(b)), [peerMap]);
  return (
    <section className="panel" aria-labelledby="peers-title">
      <h2 id="peers-title">
        Peers: <span data-testid="peer-count">{peers.length}</span> connected
      </h2>
      <p className="hint">Each line is a WebRTC data channel from this tab straight to another tab.</p>
      <NetworkGraph selfId={selfId} peerIds={peers.map(([id]) => id)} />
      <ul className="peer-list" data-testid="peer-list">
        {peers.map(([id, { since }]) => (
          <li key={id} data-peer-id={id} title={id}>
            <b>{shortId(id)}</b>
            {peerMap[id]?.name && <> (tab “{peerMap[id]!.name}”)</>} connected at {clockTime(since)}
          </li>
        ))}
        {peers.length === 0 && <li className="empty">No peers yet: open this page in another tab.</li>}
      </ul>
    </section>
  );
}
