/**
 * The stage's read model, a zustand vanilla store beside the tab's mesh store: the block tree
 * model, the message tokens in flight, which tabs just received a block (they light up) and which
 * tab just mined one (it pulses). Plain data folded from events by the pure models in
 * shared/stage; the SVG components only draw it. Tested through getState() without React.
 */
import { createStore } from 'zustand/vanilla';
import { applyTreeEvent, emptyTree, type TreeEvent, type TreeModel } from '../../shared/stage/block-tree-view';
import { advanceTokens, emptyTokens, launchTokens, type TokenLaunch, type TokenState } from '../../shared/stage/message-events';

/** How long a node stays lit after a block reaches it, and a miner pulses, in ms. */
export const LIGHT_MS = 1_500;

export interface StageState {
  tree: TreeModel;
  tokens: TokenState;
  /** Tab name → the block that reached it last and when (page clock). */
  arrivals: Record<string, { hash: string; at: number }>;
  /** The latest block mined in the room, by whom, and when this tab heard. */
  pulse: { tab: string; hash: string; at: number } | null;
  /** Message events other tabs' reports left out (sampled); the stage says so when above 0. */
  sampledOut: number;
  /** The tab whose k-buckets the Kademlia stage shades (null: this tab). */
  selectedTab: string | null;
}

export interface StageActions {
  applyTree(events: readonly TreeEvent[]): void;
  launch(events: readonly TokenLaunch[], now: number): void;
  /** Forgets tokens that have arrived (the animation reads progress itself; this keeps the list short). */
  settle(now: number): void;
  blockReached(tab: string, hash: string, at: number): void;
  blockMined(tab: string, hash: string, at: number): void;
  addSampled(count: number): void;
  selectTab(tab: string | null): void;
}

export type StageStore = ReturnType<typeof createStageStore>;

export const createStageStore = () =>
  createStore<StageState & StageActions>()((set) => ({
    tree: emptyTree(),
    tokens: emptyTokens(),
    arrivals: {},
    pulse: null,
    sampledOut: 0,
    selectedTab: null,
    applyTree: (events) =>
      set((s) => {
        const tree = events.reduce(applyTreeEvent, s.tree);
        return tree === s.tree ? {} : { tree };
      }),
    launch: (events, now) => set((s) => ({ tokens: launchTokens(s.tokens, events, now) })),
    settle: (now) =>
      set((s) => {
        const { state } = advanceTokens(s.tokens, now);
        return state === s.tokens ? {} : { tokens: state };
      }),
    blockReached: (tab, hash, at) => set((s) => ({ arrivals: { ...s.arrivals, [tab]: { hash, at } } })),
    blockMined: (tab, hash, at) => set((s) => ({ pulse: { tab, hash, at }, arrivals: { ...s.arrivals, [tab]: { hash, at } } })),
    addSampled: (count) => set((s) => ({ sampledOut: s.sampledOut + count })),
    selectTab: (selectedTab) => set({ selectedTab }),
  }));
