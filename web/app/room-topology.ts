/**
 * The tab's side of the room's topology (kept by the signalling server): join with the mode this
 * tab runs, follow the room's mode when it differs (a reload with the mode in the URL), and ask
 * the server to switch the whole room. See docs/PROTOCOL.md §2.
 */
import type { RoomTopology } from '../../shared/protocol/signalling';
import type { SignallingSocket } from '../net/signalling-client';
import { planTopologySwitch } from './topology-url';

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
  log: (text: string, isError?: boolean) => void,
  /** `window.location`, or a stand-in. */
  location: Pick<Location, 'search' | 'pathname' | 'hash' | 'replace'>,
): RoomTopologyFollower {
  let reloading = false;
  const follow = (topology: RoomTopology, why: string): boolean => {
    if (reloading) return true;
    const plan = planTopologySwitch(location.search, running, topology);
    if (plan.kind === 'stay') return false;
    if (plan.kind === 'stuck') {
      log(`the room runs ${topology}, but this page could not switch to it; reload it by hand`, true);
      return false;
    }
    log(why);
    reloading = true;
    // replace, not assign: Back should not return to a mode the room has left.
    location.replace(`${location.pathname}${plan.search}${location.hash}`);
    return true;
  };
  socket.on('topology-changed', ({ topology, by }) => void follow(topology, `${by} switched the room to ${topology} — reloading`));
  return {
    joined: (topology, by) => follow(topology, `the room runs ${topology} (set by ${by}) — reloading`),
    request: (topology) => void socket.emit('set-topology', { topology }),
  };
}
