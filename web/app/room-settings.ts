/**
 * The room's settings (the teacher's desk, shared/protocol/room-controls.ts) applied in this tab:
 * link conditions in the transport, the miners' pause and worker cap, the overlay's knobs and a
 * reset of the chain under new rules. What to do is decided by pure functions (tested without a
 * browser); `followRoomSettings` carries it out and logs what the teacher did.
 */
import type { RoomSettings } from '../../shared/protocol/room-controls';
import type { LinkConditions } from '../../shared/transport/conditioner';
import type { Notice } from '../store/mesh-store';

/** What this page runs, as its address set it up (web/app/page-params.ts), and its reset epoch (`?epoch=`). */
export interface RunningParams {
  difficulty: number;
  interval: number;
  epoch: number;
  topology: string;
  outbound: number;
  k: number;
  alpha: number;
}

/** The reset epoch this page was loaded under: `?epoch=N` (0 when absent or not a whole number). */
export function epochOf(search: string): number {
  const value = Number(new URLSearchParams(search).get('epoch') ?? 0);
  return Number.isInteger(value) && value >= 0 ? value : 0;
}

export type SettingsPlan = {
  /** The address this page should have; equal to `search` when nothing changes. */
  search: string;
  /**
   * 'reset': forget the chain, then load `search` (new rules, a new chain); 'reload': load `search`
   * (the overlay's knobs are read once, at start); 'stay': at most rewrite the address in place.
   */
  action: 'stay' | 'reload' | 'reset';
};

/** The overlay knob each mode reads (others are written into the address for a later switch, not reloaded for). */
const KNOBS_OF: Record<string, ReadonlyArray<'outbound' | 'k' | 'alpha'>> = { unstructured: ['outbound'], kademlia: ['k', 'alpha'] };

/** What this page does to follow `settings`, opened at `search` and running `running`. */
export function planRoomSettings(settings: RoomSettings, running: RunningParams, search: string): SettingsPlan {
  const query = new URLSearchParams(search);
  const { rules, overlay } = settings;
  // A reset the page has not followed yet: every tab, and a late joiner, starts the reset room's chain.
  if (rules.epoch > running.epoch && rules.difficulty !== null && rules.interval !== null) {
    query.set('difficulty', String(rules.difficulty));
    query.set('interval', String(rules.interval));
    query.set('epoch', String(rules.epoch));
    return { search: `?${query.toString()}`, action: 'reset' };
  }
  let reload = false;
  for (const knob of ['outbound', 'k', 'alpha'] as const) {
    const wanted = overlay[knob];
    if (wanted === null || query.get(knob) === String(wanted)) continue;
    query.set(knob, String(wanted));
    // Only a knob this mode uses is worth a reload. A page whose address lacks the knob may have sized it
    // to the room itself (page-params), so its running value says nothing; an address asking for it already is never reloaded (no loop).
    if ((KNOBS_OF[running.topology] ?? []).includes(knob)) reload = true;
  }
  const next = `?${query.toString()}`;
  if (next === `?${new URLSearchParams(search).toString()}`) return { search, action: 'stay' };
  return { search: next, action: reload ? 'reload' : 'stay' };
}

const sameConditions = (a: LinkConditions, b: LinkConditions) => JSON.stringify(a) === JSON.stringify(b);

/**
 * Log lines (keys in the 'desk' catalogue) for what changed from `before` to `after`: what the
 * teacher did, as every tab's log tells it. `before` null: what this tab found on joining.
 */
export function settingsChanges(before: RoomSettings | null, after: RoomSettings): Notice[] {
  const lines: Notice[] = [];
  const was = before ?? null;
  if (after.teacher && !was?.teacher) lines.push({ key: 'desk:log.claimed' });
  const c = after.conditions;
  if (!was || !sameConditions(was.conditions, c)) {
    const wasPartition = JSON.stringify(was?.conditions.partition ?? null);
    if (JSON.stringify(c.partition ?? null) !== wasPartition) {
      if (c.partition) lines.push({ key: 'desk:log.partition', params: { count: c.partition.groups.length } });
      else if (was) lines.push({ key: 'desk:log.healed' });
    }
    const linkOf = (x: LinkConditions | undefined) => JSON.stringify([x?.latencyMs ?? 0, x?.jitterMs ?? 0, x?.loss ?? 0, Boolean(x?.slowMotion)]);
    if (linkOf(c) !== linkOf(was?.conditions)) {
      lines.push({
        key: c.slowMotion ? 'desk:log.linkSlow' : 'desk:log.link',
        params: { latency: c.latencyMs, jitter: c.jitterMs, loss: Math.round(c.loss * 1000) / 10 },
      });
    }
  }
  if (after.mining.paused !== Boolean(was?.mining.paused)) lines.push({ key: after.mining.paused ? 'desk:log.paused' : 'desk:log.resumed' });
  if (after.mining.maxWorkers !== (was?.mining.maxWorkers ?? null)) {
    lines.push(after.mining.maxWorkers === null ? { key: 'desk:log.noWorkerCap' } : { key: 'desk:log.workerCap', params: { count: after.mining.maxWorkers } });
  }
  if (after.overlay.locked !== Boolean(was?.overlay.locked)) lines.push({ key: after.overlay.locked ? 'desk:log.locked' : 'desk:log.unlocked' });
  for (const knob of ['outbound', 'k', 'alpha'] as const) {
    const value = after.overlay[knob];
    if (value !== null && value !== (was?.overlay[knob] ?? null)) lines.push({ key: 'desk:log.knob', params: { knob, value } });
  }
  if (after.rules.epoch > (was?.rules.epoch ?? 0) && was) {
    lines.push({ key: 'desk:log.reset', params: { difficulty: after.rules.difficulty ?? 0, interval: after.rules.interval ?? 0, epoch: after.rules.epoch } });
  }
  return lines;
}

export interface SettingsTab {
  /** WebRtcTransport.setConditions: refuses (with the reason) conditions it cannot apply. */
  setConditions(conditions: LinkConditions): { ok: boolean; detail?: string };
  mining: { setPaused(paused: boolean): void; setWorkerCap(cap: number | null): void; stop(): void };
  /** Forget the stored chain (session's resetChain without its reload). */
  forgetChain(): Promise<void>;
  location: Pick<Location, 'search' | 'pathname' | 'hash' | 'replace'>;
  /** history.replaceState: the address changes, the page stays. */
  rewriteUrl(url: string): void;
  running: RunningParams;
  /** The settings now in the store (what this tab last applied), and storing new ones. */
  current(): RoomSettings | null;
  store(settings: RoomSettings): void;
  log(line: Notice, isError?: boolean): void;
}

/**
 * Applies settings from the server (join ack, `room-settings`, a control's ack) to this tab.
 * Settings equal to the ones applied are ignored, so the ack and the broadcast of one control act once.
 */
export function followRoomSettings(tab: SettingsTab): (settings: RoomSettings) => void {
  let leaving = false;
  return (settings) => {
    const before = tab.current();
    if (leaving || (before && JSON.stringify(before) === JSON.stringify(settings))) return;
    tab.store(settings);
    for (const line of settingsChanges(before, settings)) tab.log(line);
    if (!before || JSON.stringify(before.conditions) !== JSON.stringify(settings.conditions)) {
      const applied = tab.setConditions(settings.conditions);
      if (!applied.ok) tab.log({ key: 'desk:log.conditionsRefused', params: { detail: applied.detail ?? '' } }, true);
    }
    tab.mining.setWorkerCap(settings.mining.maxWorkers);
    tab.mining.setPaused(settings.mining.paused);
    const plan = planRoomSettings(settings, tab.running, tab.location.search);
    const url = (search: string) => `${tab.location.pathname}${search}${tab.location.hash}`;
    if (plan.action === 'stay') {
      if (plan.search !== tab.location.search) tab.rewriteUrl(url(plan.search));
      return;
    }
    leaving = true;
    if (plan.action === 'reload') return tab.location.replace(url(plan.search));
    tab.mining.stop();
    void tab.forgetChain().finally(() => tab.location.replace(url(plan.search)));
  };
}
