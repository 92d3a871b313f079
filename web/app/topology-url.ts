/**
 * Switching a tab to its room's topology is a reload with `?topology=` rewritten: the chain and
 * wallet survive it (IndexedDB), and a fresh page sets up the new overlay from nothing, which is
 * simpler and surer than tearing the old one down in place.
 */
import type { RoomTopology } from '../../shared/protocol/signalling';

/** The query string with `topology` set to `topology` (any repeats dropped), every other parameter kept in order. */
export function searchWithTopology(search: string, topology: RoomTopology): string {
  const query = new URLSearchParams(search);
  query.set('topology', topology);
  return `?${query.toString()}`;
}

export type TopologyPlan =
  | { kind: 'stay' }
  | { kind: 'reload'; search: string }
  /** The URL already names the room's mode, yet the page runs another: reloading would loop. */
  | { kind: 'stuck' };

/** What a tab running `running`, opened with `search`, does on hearing that its room runs `room`. */
export function planTopologySwitch(search: string, running: string, room: RoomTopology): TopologyPlan {
  if (running === room) return { kind: 'stay' };
  // The page reads the first `topology`: if that is already the room's, a reload would change nothing.
  if (new URLSearchParams(search).get('topology') === room) return { kind: 'stuck' };
  return { kind: 'reload', search: searchWithTopology(search, room) };
}
