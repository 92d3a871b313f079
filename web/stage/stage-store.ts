/**
 * The stage's read model, a zustand vanilla store beside the tab's mesh store: the block tree
 * model, the message tokens in flight, which tabs just received a block (they light up) and which
 * tab just mined one (it pulses). Plain data folded from events by the pure models in
 * shared/stage; the SVG components only draw it. Tested through getState() without React.
 */
import { createStore } from 'zustand/vanilla';
import { applyTreeEvent, emptyTree, type TreeEvent, type TreeModel } from '../../shared/stage/block-tree-view';
import { advanceTokens, emptyTokens, launchTokens, TOKEN_DURATION_MS, type TokenLaunch, type TokenState } from '../../shared/stage/message-events';
import { emptyRecorder, recordBlock, recordTokens, type WaveRecorder } from '../../shared/stage/wave-recorder';

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
  /** The last block's wave as it happened, for a replay. */
  recorder: WaveRecorder;
  /** The stage's own clock: frozen while paused (`pausedAt`), `shift` behind the page's after pauses. */
  clock: { pausedAt: number | null; shift: number };
  /** A replay running: its block, the lights still to come (stage clock) and when it ends. */
  replay: { hash: string; lights: { at: number; type: 'reached' | 'mined'; tab: string; hash: string }[]; endAt: number } | null;
}

/** The stage's time for the page's time `real`: stands still while paused. */
export const stageNow = (s: Pick<StageState, 'clock'>, real: number): number => (s.clock.pausedAt ?? real) - s.clock.shift;

export interface StageActions {
  applyTree(events: readonly TreeEvent[]): void;
  launch(events: readonly TokenLaunch[], now: number): void;
  /** Forgets tokens that have arrived (the animation reads progress itself; this keeps the list short). */
  settle(now: number): void;
  blockReached(tab: string, hash: string, at: number): void;
  blockMined(tab: string, hash: string, at: number): void;
  addSampled(count: number): void;
  selectTab(tab: string | null): void;
  /** Freezes tokens where they are (and the lights); `resume` goes on from there. Page times. */
  pause(real: number): void;
  resume(real: number): void;
  /** Runs the recorded wave again from stage time `now`: its tokens and, as their times come, its lights. */
  replayWave(now: number): void;
  /** Lights the replay's tabs whose time has come by stage time `now`, and ends the replay after its last. */
  advanceReplay(now: number): void;
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
    recorder: emptyRecorder(),
    clock: { pausedAt: null, shift: 0 },
    replay: null,
    applyTree: (events) =>
      set((s) => {
        const tree = events.reduce(applyTreeEvent, s.tree);
        return tree === s.tree ? {} : { tree };
      }),
    launch: (events, now) => set((s) => ({ tokens: launchTokens(s.tokens, events, now), recorder: recordTokens(s.recorder, events, now) })),
    settle: (now) =>
      set((s) => {
        const { state } = advanceTokens(s.tokens, now);
        return state === s.tokens ? {} : { tokens: state };
      }),
    blockReached: (tab, hash, at) => set((s) => ({ arrivals: { ...s.arrivals, [tab]: { hash, at } }, recorder: recordBlock(s.recorder, 'reached', tab, hash, at) })),
    blockMined: (tab, hash, at) =>
      set((s) => ({ pulse: { tab, hash, at }, arrivals: { ...s.arrivals, [tab]: { hash, at } }, recorder: recordBlock(s.recorder, 'mined', tab, hash, at) })),
    addSampled: (count) => set((s) => ({ sampledOut: s.sampledOut + count })),
    selectTab: (selectedTab) => set({ selectedTab }),
    pause: (real) => set((s) => (s.clock.pausedAt === null ? { clock: { ...s.clock, pausedAt: real } } : {})),
    resume: (real) => set((s) => (s.clock.pausedAt === null ? {} : { clock: { pausedAt: null, shift: s.clock.shift + real - s.clock.pausedAt } })),
    replayWave: (now) =>
      set((s) => {
        const wave = s.recorder.current;
        if (!wave) return {};
        // Replayed tokens go straight to the token model: a replay is not recorded as a new wave.
        const launches = wave.steps.flatMap((step) => (step.type === 'token' ? [{ from: step.from, to: step.to, kind: step.kind, delayMs: step.offsetMs }] : []));
        const lights = wave.steps.flatMap((step) => (step.type === 'token' ? [] : [{ at: now + step.offsetMs, type: step.type, tab: step.tab, hash: step.hash }]));
        const last = Math.max(0, ...wave.steps.map((step) => step.offsetMs));
        return { tokens: launchTokens(s.tokens, launches, now), replay: { hash: wave.hash, lights, endAt: now + last + TOKEN_DURATION_MS } };
      }),
    advanceReplay: (now) =>
      set((s) => {
        if (!s.replay) return {};
        const due = s.replay.lights.filter((l) => l.at <= now);
        if (due.length === 0 && now < s.replay.endAt) return {};
        const arrivals = { ...s.arrivals };
        let pulse = s.pulse;
        for (const l of due) {
          arrivals[l.tab] = { hash: l.hash, at: l.at };
          if (l.type === 'mined') pulse = { tab: l.tab, hash: l.hash, at: l.at };
        }
        const lights = s.replay.lights.filter((l) => l.at > now);
        return { arrivals, pulse, replay: lights.length === 0 && now >= s.replay.endAt ? null : { ...s.replay, lights } };
      }),
  }));
