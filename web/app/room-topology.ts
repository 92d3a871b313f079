/**
 * The tab's side of the room's topology (kept by the signalling server): join with the mode this
 * tab runs, follow the room's mode when it differs (a reload with the mode in the URL), and ask
 * the server to switch the whole room. See docs/PROTOCOL.md §2.
 */
import { CLASS_SIZE_SWITCHER, MESH_DEFAULT_MAX_TABS, type RoomTopology } from '../../shared/protocol/signalling';
import type { SignallingSocket } from '../net/signalling-client';
import type { CarriedLine } from '../persistence/carried-line';
import { planTopologySwitch } from './topology-url';

/** The log keys (under 'app.') a topology reload carries to the next load, which says `<key>Done`. */
const RELOAD_REASONS = ['topologyOutgrown', 'topologySwitched', 'topologyJoined'];

export interface RoomTopologyFollower {
  /**
   * The room's mode as the join ack gave it. True when this tab is reloading into it (it should
   * then not dial anyone: the page is about to go).
   */
  joined(topology: RoomTopology, by: string): boolean;
  /** Ask the server to switch the whole room (every tab then reloads). */
  request(topology: RoomTopology): void;
}

export function followRoomTopology(
  socket: SignallingSocket,
  running: RoomTopology,
  /** `key` is under 'app.' in the 'log' catalogue. */
  log: (key: string, params: Record<string, string>, isError?: boolean) => void,
  /** `window.location`, or a stand-in. */
  location: Pick<Location, 'search' | 'pathname' | 'hash' | 'replace'>,
  /** Keeps why the tab reloaded for its next load (sessionStorage), which says it again. */
  carry?: { save(line: CarriedLine): void; take(): CarriedLine | null },
): RoomTopologyFollower {
  let reloading = false;
  // The line the reload that brought us here wrote: said again, in its "done" form.
  const before = carry?.take();
  if (before && RELOAD_REASONS.includes(before.key)) log(`${before.key}Done`, before.params);
  const follow = (topology: RoomTopology, why: { key: string; by: string }): boolean => {
    if (reloading) return true;
    const plan = planTopologySwitch(location.search, running, topology);
    if (plan.kind === 'stay') return false;
    if (plan.kind === 'stuck') {
      log('topologyStuck', { topology }, true);
      return false;
    }
    const params = { topology, by: why.by, max: String(MESH_DEFAULT_MAX_TABS) };
    log(why.key, params);
    carry?.save({ key: why.key, params });
    reloading = true;
    // replace, not assign: Back should not return to a mode the room has left.
    location.replace(`${location.pathname}${plan.search}${location.hash}`);
    return true;
  };
  // `by` is the switcher's nickname, as the server granted it (plain text, not an id).
  // The server itself moves a class-sized room out of a default mesh: say why, not who.
  socket.on('topology-changed', ({ topology, by }) =>
    void follow(topology, { key: by === CLASS_SIZE_SWITCHER ? 'topologyOutgrown' : 'topologySwitched', by }),
  );
  return {
    joined: (topology, by) => follow(topology, { key: 'topologyJoined', by }),
    request: (topology) => void socket.emit('set-topology', { topology }),
  };
}
