/**
 * The overlays' shape scaled to the room, so the three modes draw three different graphs at class
 * sizes (4–30 tabs). Bitcoin's 8 outbound links (and Kademlia's k = 4) make a complete graph in
 * any room under ~10 tabs: every mode would look like the mesh. A link count the URL asks for
 * (`?outbound=`, `?k=`, also what the teacher's desk writes there) always wins.
 * Pure: the room's size is the join ack's member count plus this tab.
 */
import { DEFAULT_TARGET_OUTBOUND } from './unstructured/connection-policy';

/**
 * Outbound links for an unstructured tab in a room of `tabs`. Each tab ends with about twice its
 * outbound count in links (its own plus those dialled to it), so 2·outbound must stay well under
 * tabs − 1 to look unlike a mesh, and above ln(tabs) for the random graph to stay connected:
 * 2 up to 8 tabs (≈ 4 links of 7), 3 up to 16 (≈ 6 of 15; ln 16 ≈ 2.8), 4 beyond (≈ 8; ln 30 ≈ 3.4),
 * never more than Bitcoin's 8. Below 6 tabs nothing both connected and redundant differs much from
 * a mesh; 1 outbound would often split a small room in two.
 */
export function outboundForRoom(tabs: number): number {
  const scaled = tabs <= 8 ? 2 : tabs <= 16 ? 3 : 4;
  return Math.min(DEFAULT_TARGET_OUTBOUND, scaled);
}

/**
 * Kademlia's bucket size for a room of `tabs`. Links are the union of both sides' routing tables,
 * and with random ids the buckets split the room in halves, quarters, …: a bucket of up to k
 * contacts keeps most of a half while k is near tabs/2. Simulated over random ids (links = the
 * union of the tables), k = 2 links 25 of 28 pairs in an 8-tab room on average (a complete graph
 * one time in six), k = 1 links 19; at 12 tabs k = 1 links 35 of 66, k = 2 links 51; at 30 tabs
 * k = 2 links 203 of 435, k = 3 links 257. So k = 1 up to 12 tabs, 2 up to 30, the page's default
 * beyond. k = 1 still routes: every non-empty bucket keeps one contact, so each hop of a lookup
 * halves the XOR distance and the links stay connected (each split of the id tree keeps a link
 * across); what it gives up is redundancy (one replica per STORE), which a class room can afford.
 */
export function kForRoom(tabs: number, fallback: number): number {
  return tabs <= 12 ? Math.min(1, fallback) : tabs <= 30 ? Math.min(2, fallback) : fallback;
}

export interface OverlayShape {
  outbound: number;
  k: number;
}

/** What this tab runs: the URL's values where it asked, the room-scaled ones where it did not. */
export function overlayShapeFor(params: OverlayShape & { asked?: { outbound: boolean; k: boolean } }, tabs: number): OverlayShape {
  return {
    outbound: params.asked?.outbound ? params.outbound : outboundForRoom(tabs),
    k: params.asked?.k ? params.k : kForRoom(tabs, params.k),
  };
}
