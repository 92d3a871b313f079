/** The Kademlia panel's read model: a snapshot of this tab's DHT, refreshed while the panel is open. */
import { createStore } from 'zustand/vanilla';
import type { KademliaView } from '../../shared/overlay/kademlia/panel-view';
import type { StoredContent } from '../../shared/overlay/kademlia/content';

export interface FindOutcome {
  query: string;
  status: 'searching' | 'found' | 'not-found' | 'bad-input';
  /** What to tell the reader: a namespace-qualified catalogue key and its values (web/app/kademlia-links.ts). */
  key: string;
  params?: Record<string, string | number>;
  content?: StoredContent;
  /** The lookup this search ran, to animate it. */
  seq?: number;
}

export interface KademliaState {
  view: KademliaView | null;
  find: FindOutcome | null;
  setView(view: KademliaView): void;
  setFind(find: FindOutcome | null): void;
}

export const createKademliaStore = () =>
  createStore<KademliaState>()((set) => ({
    view: null,
    find: null,
    setView: (view) => set({ view }),
    setFind: (find) => set({ find }),
  }));

export type KademliaStore = ReturnType<typeof createKademliaStore>;
