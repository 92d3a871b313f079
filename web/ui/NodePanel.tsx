import type { Session } from '../app/session';
import { shortId } from '../store/attach-node';
import { SyncBar } from './SyncBar';
import { TopologySwitch } from './TopologySwitch';
import { useMesh } from './use-mesh';

const SIGNALLING_TEXT = {
  connecting: 'connecting to the signalling server…',
  connected: 'joined (the server only introduces tabs; blocks go tab to tab)',
  lost: 'signalling server lost: open channels keep working; reconnecting by itself…',
  failed: 'could not join',
} as const;

export function NodePanel({ session }: { session: Session | null }) {
  const self = useMesh((s) => s.self);
  const tip = useMesh((s) => s.chain.tip);
  const known = useMesh((s) => s.chain.knownBlocks);
  const sync = useMesh((s) => s.sync);
  return (
    <section className="panel" aria-labelledby="node-title">
      <h2 id="node-title">This node</h2>
      {self.problem && (
        <p className="problem" role="alert" data-testid="problem">
          {self.problem}
        </p>
      )}
      <dl className="facts">
        <dt>name</dt>
        <dd data-testid="node-name" title="this tab's own name: it names the miner of its blocks and survives a reload">
          {self.name ?? '—'}
        </dd>
        <dt>id</dt>
        <dd data-testid="node-id" title={self.id ?? ''}>
          {self.id ? shortId(self.id) : '—'}
        </dd>
        <dt>room</dt>
        <dd data-testid="room-name">{self.room}</dd>
        <dt>overlay</dt>
        <dd data-testid="topology" title="mesh: a link to every tab of the room; unstructured: a few random links, more learned by gossip (Bitcoin-like); kademlia: routing-table contacts by XOR distance">
          {self.topology}
        </dd>
        <dt>signalling</dt>
        <dd data-testid="signalling-state" data-state={self.signalling}>
          {SIGNALLING_TEXT[self.signalling]}
        </dd>
        <dt>tip height</dt>
        <dd data-testid="tip-height">{tip ? tip.height : '—'}</dd>
        <dt>tip hash</dt>
        <dd className="hash" data-testid="tip-hash" title={tip?.hash}>
          {tip ? tip.hash.slice(0, 16) : '—'}
        </dd>
        <dt>blocks known</dt>
        <dd title="every valid block this node has seen, side branches included">{known}</dd>
        <dt>sync</dt>
        <dd data-testid="sync-status" data-phase={sync?.phase ?? 'idle'}>
          {sync ? <SyncBar sync={sync} /> : 'nothing to fetch yet'}
        </dd>
      </dl>
      <TopologySwitch session={session} />
      <p className="buttons">
        <button
          data-testid="reset-chain"
          disabled={!session}
          title="forget this tab's saved chain and download it again from peers"
          onClick={() => void session?.resetChain()}
        >
          Forget chain and resync
        </button>
      </p>
    </section>
  );
}
