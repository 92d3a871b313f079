import { describe, expect, it } from 'vitest';
import { DEFAULT_TAB_K, readPageParams } from './page-params';
import { kForRoom, outboundForRoom, overlayShapeFor } from '../../shared/overlay/room-scale';

describe('overlay shape scaled to the room', () => {
  it('gives unstructured tabs fewer outbound links than a full mesh needs, growing with the room', () => {
    expect([2, 8, 9, 16, 17, 30, 200].map(outboundForRoom)).toEqual([2, 2, 3, 3, 4, 4, 4]);
    // From 6 tabs on, a tab's ≈ 2 × outbound links stay below the mesh's tabs − 1.
    for (let tabs = 6; tabs <= 30; tabs++) expect(2 * outboundForRoom(tabs)).toBeLessThan(tabs - 1);
  });

  it('keeps Kademlia buckets small in class rooms and the default beyond', () => {
    expect([4, 12, 13, 30, 31].map((tabs) => kForRoom(tabs, DEFAULT_TAB_K))).toEqual([1, 1, 2, 2, DEFAULT_TAB_K]);
    expect(kForRoom(20, 1)).toBe(1); // never more than the page's own default
  });

  it('lets the address decide when it asks for outbound or k', () => {
    expect(overlayShapeFor(readPageParams('?topology=unstructured'), 8)).toEqual({ outbound: 2, k: 1 });
    expect(overlayShapeFor(readPageParams('?topology=unstructured&outbound=8&k=4'), 8)).toEqual({ outbound: 8, k: 4 });
    expect(overlayShapeFor(readPageParams('?outbound=99'), 8)).toEqual({ outbound: 2, k: 1 }); // refused: as if not asked
  });
});
