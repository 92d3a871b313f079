import { TOPOLOGIES, type RoomTopology } from '../../shared/protocol/signalling';
import type { Session } from '../app/session';
import { useMesh } from './use-mesh';

/** One sentence per mode, for a student deciding which to try next. */
const EXPLAIN: Record<RoomTopology, string> = {
  mesh: 'Everyone links to everyone: every block goes straight from its miner to every tab.',
  unstructured: 'A few random links each, the way Bitcoin does it; tabs learn more addresses by gossiping them.',
  kademlia: 'Links are routing-table contacts chosen by XOR distance between ids, as in a DHT.',
};

/**
 * The room's topology, switchable for the whole room: the server keeps one mode per room and every
 * tab reloads into the new one (its chain and wallet are saved, so nothing is lost).
 */
export function TopologySwitch({ session }: { session: Session | null }) {
  const current = useMesh((s) => s.self.topology);
  const connected = useMesh((s) => s.self.signalling === 'connected');
  return (
    <div className="topology-switch" role="group" aria-label="switch the whole room's topology">
      <p className="hint">Switch the whole room (every tab reloads into the new overlay; chains and wallets are kept):</p>
      <ul>
        {TOPOLOGIES.map((mode) => (
          <li key={mode} className={mode === current ? 'current' : undefined}>
            <button
              data-testid={`topology-switch-${mode}`}
              aria-pressed={mode === current}
              disabled={!session || !connected || mode === current}
              onClick={() => session?.switchTopology(mode)}
            >
              {mode}
            </button>{' '}
            {mode === current && <b>(this room now) </b>}
            <span className="hint">{EXPLAIN[mode]}</span>
          </li>
        ))}
      </ul>
    </div>
  );
}
