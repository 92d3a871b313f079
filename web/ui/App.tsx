import { useEffect, useState } from 'react';
import type { Session } from '../app/session';
import type { MeshStore } from '../store/mesh-store';
import { ChainPanel } from './ChainPanel';
import { EventLog } from './EventLog';
import { KademliaPanel } from './KademliaPanel';
import { MinePanel } from './MinePanel';
import { NodePanel } from './NodePanel';
import { PeersPanel } from './PeersPanel';
import { TopicsPanel } from './TopicsPanel';
import { TransfersPanel } from './TransfersPanel';
import { WalletPanel } from './WalletPanel';
import { MeshContext } from './use-mesh';

export function App({ store, session }: { store: MeshStore; session: Promise<Session | null> }) {
  const [ready, setReady] = useState<Session | null>(null);
  useEffect(() => {
    void session.then(setReady);
  }, [session]);
  return (
    <MeshContext.Provider value={store}>
      <header className="masthead">
        <h1>meshchain</h1>
        <p>
          This tab is a full blockchain node. It met the other tabs of its room through a small
          signalling server, and now talks to each of them directly over WebRTC: it is both server
          and client. Open more tabs (or <code>?room=NAME</code> for a separate network), press{' '}
          <b>Mine one block</b>, and watch the block travel.
        </p>
      </header>
      <main className="grid">
        <NodePanel session={ready} />
        <MinePanel session={ready} />
        <PeersPanel />
        <WalletPanel session={ready} />
        <TransfersPanel />
        <TopicsPanel session={ready} />
        {ready?.kademlia && <KademliaPanel overlay={ready.kademlia} />}
        <ChainPanel session={ready} />
        <EventLog />
      </main>
    </MeshContext.Provider>
  );
}
