/**
 * `npm run bench:class`: a class-sized room as a teacher gets it by default — N Chromium tabs
 * (default 32, BENCH_CLASS_TABS) opened one after another with no mode in the address, on this
 * machine's 2 cores. The room starts as a mesh and the server moves it to the unstructured overlay
 * when the 13th tab joins (signal-server/class-size.ts). Reports: how long until every tab runs the
 * new overlay and the room is one linked overlay, links per tab, how long the pages take to answer,
 * and how blocks mined in three tabs spread. Not part of `npm test`.
 *
 * Last line: `class room @N: linked in T s, links min/median/max A/B/C, block p90 X ms, reach R/3 blocks to all`.
 */
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright';
import playwrightConfig from '../playwright.config';
import { isConnected, percentile } from './room-figures';
import { startRoomServer } from './room-server';
import { arrivalsOf, linksOf, mineInTab, openRoomTab, shownTopology, stampArrivals, type RoomTab } from './room-tabs';
import { until } from './until';

const REPO_ROOT = fileURLToPath(new URL('..', import.meta.url));
const TABS = Number(process.env.BENCH_CLASS_TABS ?? 32);
const DIFFICULTY = 4;
const BLOCKS = 3;
const TAB_OPEN_MS = 60_000;
const LINKED_MS = 180_000;
const BLOCK_REACH_MS = 30_000;
const POLL_MS = 500;

const seconds = (ms: number) => (ms / 1000).toFixed(1);

/** How long a page takes to answer a trivial evaluate: a busy or frozen page answers late. */
async function answerMs(tab: RoomTab): Promise<number> {
  const started = performance.now();
  await tab.page.evaluate(() => 0);
  return performance.now() - started;
}

async function main(): Promise<void> {
  const server = await startRoomServer(REPO_ROOT);
  const browser = await chromium.launch({ ...(playwrightConfig.use?.launchOptions ?? {}), headless: true });
  try {
    const context = await browser.newContext();
    const url = `${server.url}?room=class-bench-${TABS}&difficulty=${DIFFICULTY}`;
    const started = Date.now();
    const tabs: RoomTab[] = [];
    for (let i = 0; i < TABS; i++) tabs.push(await openRoomTab(context, url, TAB_OPEN_MS));
    const opened = Date.now();
    console.log(`class room: ${TABS} tabs opened in ${seconds(opened - started)} s (no mode in the address)`);

    // The tabs reload into the new overlay; their ids change, so links are read by the ids they show now.
    const linked = await until(async () => {
      const shown = await Promise.all(tabs.map((t) => shownTopology(t.page).catch(() => ({ topology: '', problem: null }))));
      if (!shown.every((s) => s.topology === 'unstructured')) return false;
      const ids = await Promise.all(tabs.map((t) => t.page.getByTestId('node-id').getAttribute('title').catch(() => null)));
      if (ids.some((id) => id === null)) return false;
      const lists = await Promise.all(tabs.map((t) => linksOf(t.page).catch(() => [] as string[])));
      const links = new Map(ids.map((id, i) => [id!, lists[i]!]));
      return lists.every((l) => l.length >= 1) && isConnected(links);
    }, LINKED_MS, POLL_MS);
    const linkedAt = Date.now();
    if (!linked) {
      console.log(`class room: NOT linked into one unstructured overlay within ${LINKED_MS / 1000} s of the last tab opening`);
    } else {
      console.log(`class room: every tab runs the unstructured overlay and the room is one linked overlay ${seconds(linkedAt - opened)} s after the last tab opened (${seconds(linkedAt - started)} s from the first)`);
    }
    const counts = (await Promise.all(tabs.map((t) => linksOf(t.page)))).map((l) => l.length).sort((a, b) => a - b);
    console.log(`class room: links per tab min ${counts[0]} / median ${percentile(counts, 50)} / max ${counts.at(-1)} (a full mesh would be ${TABS - 1})`);
    const answers = await Promise.all(tabs.map(answerMs));
    console.log(`class room: pages answer in p50 ${percentile(answers, 50).toFixed(0)} ms / max ${Math.max(...answers).toFixed(0)} ms`);

    await Promise.all(tabs.map((t) => stampArrivals(t.page)));
    const delays: number[] = [];
    let reachedAll = 0;
    for (let b = 0; b < BLOCKS; b++) {
      const miner = (b * 11 + 3) % TABS;
      const hash = await mineInTab(tabs[miner]!.page);
      await until(async () => (await Promise.all(tabs.map((t) => arrivalsOf(t.page)))).every((a) => hash in a), BLOCK_REACH_MS, POLL_MS);
      const arrivals = await Promise.all(tabs.map((t) => arrivalsOf(t.page)));
      const start = arrivals[miner]![hash]!;
      const got = arrivals.filter((a) => hash in a);
      if (got.length === TABS) reachedAll += 1;
      for (const [i, a] of arrivals.entries()) if (i !== miner && a[hash] !== undefined) delays.push(a[hash]! - start);
      console.log(`class room: block ${b + 1} mined in tab ${miner}: reached ${got.length}/${TABS}`);
    }
    const p50 = percentile(delays, 50);
    const p90 = percentile(delays, 90);
    console.log(`class room: propagation p50 ${p50.toFixed(0)} ms / p90 ${p90.toFixed(0)} ms over ${delays.length} arrivals`);
    console.log(
      `class room @${TABS}: ${linked ? `linked in ${seconds(linkedAt - opened)} s` : 'NOT linked'}, links min/median/max ${counts[0]}/${percentile(counts, 50)}/${counts.at(-1)}, block p90 ${p90.toFixed(0)} ms, reach ${reachedAll}/${BLOCKS} blocks to all`,
    );
  } finally {
    await browser.close();
    await server.close();
  }
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
