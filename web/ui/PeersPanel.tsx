import { useMemo } from 'react';
import { blockPath, roomGraph } from '../../shared/telemetry/room-view';
import { shortId } from '../store/attach-node';
import { clockTime } from './format-time';
import { NetworkGraph } from './NetworkGraph';
import { useMesh } from './use-mesh';

export function PeersPanel() {
  const selfName = useMesh((s) => s.self.name);
  const peerMap = useMesh((s) => s.peers);
  const reports = useMesh((s) => s.roomReports);
  const selectedBlock = useMesh((s) => s.selectedBlock);
  const peers = useMemo(() => Object.entries(peerMap).sort(([a], [b]) => a.localeCompare(b)), [peerMap]);
  // The room as the tabs report it, with this tab's own links first-hand (its report is a second old).
  const graph = useMemo(() => {
    const own = { name: selfName ?? 'this-tab', links: peers.map(([id, p]) => p.name ?? shortId(id)), blocks: [] };
    return roomGraph([...reports.filter((r) => r.name !== own.name), own]);
  }, [reports, peers, selfName]);
  const path = useMemo(
    () => (selectedBlock && selfName ? blockPath(reports, selectedBlock, selfName).names : []),
    [reports, selectedBlock, selfName],
  );
  return (
    <section className="panel" aria-labelledby="peers-title">
      <h2 id="peers-title">
        Peers: <span data-testid="peer-count">{peers.length}</span> connected
      </h2>
      <p className="hint">
        Each line is a WebRTC data channel between two tabs of the room, as the tabs report them (this
        tab filled in). Open a block in the chain to see, in orange, the way it came to this tab.
      </p>
      <NetworkGraph graph={graph} selfName={selfName} ownLinks={peers.length} path={path} />
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
