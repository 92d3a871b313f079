/**
 * Real rooms for `npm run bench:overlay`: 16 Chromium tabs per overlay (mesh, unstructured,
 * kademlia) on the real server, joined by real WebRTC data channels on loopback. Per room: the
 * links each tab keeps, the round trip between two linked tabs (the reference, measured in the same
 * run), then a few blocks mined one at a time in different tabs, each stamped as every tab accepts
 * it. All tabs run on this machine, so their clocks are the same clock.
 *
 * Every wait has a timeout and each room a time budget: a mode that cannot run in the tabs, or does
 * not converge, is reported in one line and the bench carries on. Run alone with
 * `npx tsx bench/room-bench.ts`; BENCH_ROOM_TABS=N changes the room size.
 */
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type BrowserContext } from 'playwright';
import playwrightConfig from '../playwright.config';
import { formatRoom, isConnected, type BlockFigures, type RoomFigures } from './room-figures';
import { startRoomServer } from './room-server';
import { stageFigures } from './stage-bench';
import { arrivalsOf, dhtHolds, dhtLookups, linksOf, mineInTab, openRoomTab, pingRoundTrips, relayCostOf, shownTopology, stampArrivals, type DhtLookup, type RoomTab } from './room-tabs';
import { until } from './until';

const REPO_ROOT = fileURLToPath(new URL('..', import.meta.url));
const TABS = Number(process.env.BENCH_ROOM_TABS ?? 16);
const BLOCKS = 5;
const PINGS = 20;
const WARMUP_PINGS = 3;
/** Low enough that a tab finds a block in a few dozen nonces: the bench times relay, not mining. */
const DIFFICULTY = 4;
const MODES = [
  { mode: 'mesh', query: '' },
  { mode: 'unstructured', query: '&outbound=3' },
  { mode: 'kademlia', query: '&k=3' },
] as const;

/** A room that takes longer than this is given up, so three rooms stay well inside 5 minutes. */
const ROOM_BUDGET_MS = 70_000;
const ROOM_GRACE_MS = 10_000;
const TAB_OPEN_MS = 20_000;
const CONNECTED_MS = 40_000;
/** After the room is connected, how long to wait for each mode's usual number of links. */
const SETTLE_MS = 15_000;
const BLOCK_REACH_MS = 15_000;
const POLL_MS = 100;

class OutOfTime extends Error {}

/** A room's time budget: every wait takes the smaller of its own timeout and what is left. */
class Budget {
  private readonly end: number;
  constructor(ms: number) {
    this.end = Date.now() + ms;
  }
  left(capMs: number): number {
    const left = Math.min(capMs, this.end - Date.now());
    if (left <= 0) throw new OutOfTime(`room time budget of ${ROOM_BUDGET_MS / 1000} s used up`);
    return left;
  }
}

async function linkMap(tabs: RoomTab[]): Promise<Map<string, string[]>> {
  const lists = await Promise.all(tabs.map((t) => linksOf(t.page)));
  return new Map(tabs.map((t, i) => [t.id, lists[i]!]));
}

/** What each mode settles to once connected: a link to every tab, or at least the outbound target. */
function settled(mode: string, links: Map<string, string[]>): boolean {
  const counts = [...links.values()].map((l) => l.length);
  if (mode === 'mesh') return counts.every((c) => c === links.size - 1);
  if (mode === 'unstructured') return counts.every((c) => c >= Math.min(3, links.size - 1));
  return true;
}

async function measureRoom(context: BrowserContext, baseUrl: string, mode: string, query: string): Promise<RoomFigures> {
  const budget = new Budget(ROOM_BUDGET_MS);
  const notes: string[] = [];
  const url = `${baseUrl}?room=bench-${mode}-${TABS}&difficulty=${DIFFICULTY}&topology=${mode}${query}`;
  const tabs: RoomTab[] = [];
  for (let i = 0; i < TABS; i++) {
    tabs.push(await openRoomTab(context, url, budget.left(TAB_OPEN_MS)));
    if (i === 0) {
      const shown = await shownTopology(tabs[0]!.page);
      if (shown.topology !== mode) throw new Error(`the page runs "${shown.topology}"${shown.problem ? `: ${shown.problem}` : ''}`);
    }
  }

  const connected = await until(async () => {
    const links = await linkMap(tabs);
    return [...links.values()].every((l) => l.length >= 1) && isConnected(links);
  }, budget.left(CONNECTED_MS), POLL_MS);
  if (!connected) throw new Error(`not every tab linked into one overlay within ${CONNECTED_MS / 1000} s`);
  const settleMs = budget.left(SETTLE_MS);
  if (!(await until(async () => settled(mode, await linkMap(tabs)), settleMs, POLL_MS))) {
    notes.push(`links had not reached the mode's usual number after ${(settleMs / 1000).toFixed(0)} s more; measured anyway`);
  }

  const [pinger] = tabs;
  const peer = (await linksOf(pinger!.page))[0]!;
  const rtts = await pingRoundTrips(pinger!.page, peer, WARMUP_PINGS + PINGS, budget.left(5_000));
  const rttMs = rtts.slice(WARMUP_PINGS);

  await Promise.all(tabs.map((t) => stampArrivals(t.page)));
  const mined: Array<{ miner: number; hash: string }> = [];
  for (let b = 0; b < BLOCKS; b++) {
    const miner = (1 + b * 5) % TABS; // 16 tabs: 1, 6, 11, 0, 5, spread over the room
    const hash = await mineInTab(tabs[miner]!.page);
    mined.push({ miner, hash });
    const reachMs = budget.left(BLOCK_REACH_MS);
    const everywhere = await until(async () => (await Promise.all(tabs.map((t) => arrivalsOf(t.page)))).every((a) => hash in a), reachMs, POLL_MS);
    if (!everywhere) notes.push(`block ${b + 1} had not reached every tab after ${(reachMs / 1000).toFixed(0)} s`);
  }

  const arrivals = await Promise.all(tabs.map((t) => arrivalsOf(t.page)));
  const costs = await Promise.all(tabs.map((t) => relayCostOf(t.page, mined.map((m) => m.hash))));
  const blocks: BlockFigures[] = mined.map(({ miner, hash }, b) => {
    const start = arrivals[miner]![hash]!;
    const others = arrivals.filter((_a, i) => i !== miner).map((a) => a[hash]).filter((t): t is number => t !== undefined);
    return {
      miner,
      reached: others.length + 1,
      delaysMs: others.map((t) => t - start),
      messages: costs.reduce((sum, c) => sum + c[b]!.messages, 0),
      bytes: costs.reduce((sum, c) => sum + c[b]!.bytes, 0),
    };
  });
  let lookups: DhtLookup[] | undefined;
  if (mode === 'kademlia') {
    // Each miner STOREs its block at the k tabs closest to its hash; then every tab looks each up.
    const hashes = mined.map((m) => m.hash);
    const stored = await until(async () => {
      const holds = await Promise.all(tabs.map((t) => dhtHolds(t.page, hashes)));
      return hashes.every((_h, i) => holds.some((h) => h[i]));
    }, budget.left(BLOCK_REACH_MS), POLL_MS);
    if (!stored) notes.push('some blocks were not stored in the DHT in time');
    lookups = (await Promise.all(tabs.map((t) => dhtLookups(t.page, hashes)))).flat();
  }
  const links = [...(await linkMap(tabs)).values()].map((l) => l.length);
  // In a room this size a sparse overlay that links everyone is most likely not running at all.
  if (mode !== 'mesh' && TABS >= 8 && links.every((c) => c === TABS - 1)) notes.push('every tab is linked to every other: a full mesh');
  return { mode, tabs: TABS, links, rttMs, blocks, lookups, notes };
}

/**
 * One room in a fresh browser context. Past its budget (and a grace for the step under way) the
 * context is closed, which fails whatever the room was waiting on in a page: nothing can hang.
 */
async function roomInContext(browser: Browser, baseUrl: string, mode: string, query: string): Promise<RoomFigures> {
  const context = await browser.newContext();
  let timer: NodeJS.Timeout | undefined;
  const overrun = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => reject(new OutOfTime(`room took over ${(ROOM_BUDGET_MS + ROOM_GRACE_MS) / 1000} s`)), ROOM_BUDGET_MS + ROOM_GRACE_MS);
  });
  try {
    return await Promise.race([measureRoom(context, baseUrl, mode, query), overrun]);
  } finally {
    clearTimeout(timer);
    await context.close();
  }
}

/** Builds and serves the page, opens each room in turn, and returns the lines to print. */
export async function roomFigures(): Promise<string[]> {
  const started = performance.now();
  const lines: string[] = [];
  const server = await startRoomServer(REPO_ROOT);
  const launch = playwrightConfig.use?.launchOptions ?? {};
  let browser: Browser | undefined;
  try {
    browser = await chromium.launch({ ...launch, headless: true });
    for (const { mode, query } of MODES) {
      try {
        lines.push(...formatRoom(await roomInContext(browser, server.url, mode, query)));
      } catch (error) {
        const reason = (error as Error).message.split('\n')[0];
        lines.push(mode === 'kademlia' ? `kademlia: not available in tabs (${reason})` : `room ${mode}: not measured (${reason})`);
      }
    }
    // A mesh room with the stage open in every tab against a classic one (bench/stage-bench.ts).
    lines.push(...(await stageFigures(browser, server.url, TABS).catch((error: unknown) => [`stage room: not measured (${(error as Error).message.split('\n')[0]})`])));
  } finally {
    await browser?.close();
    await server.close();
  }
  lines.push(`rooms of ${TABS} tabs: ${MODES.length} modes and the stage tried in ${((performance.now() - started) / 1000).toFixed(0)} s wall (page build included)`);
  return lines;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  for (const line of await roomFigures()) console.log(line);
}
