/**
 * The stage's cost, for `npm run bench:overlay` (issue: drawing must not slow the network it draws).
 * Two more 16-tab mesh rooms, one after the other, by one procedure: the classic view, then every
 * tab showing the stage (`view=stage`); blocks mined one at a time, one every BLOCK_EVERY_MS (the
 * issue's one block per 10 s), stamped as each tab accepts them. Printed as three lines of their own:
 *
 *   stage/classic propagation p50 ratio: R   (p50 of the arrival delays, stage room ÷ classic room)
 *   stage long tasks per block: N             (main-thread tasks over 50 ms, PerformanceObserver
 *                                              'longtask', in all 16 tabs together, ÷ blocks mined)
 *   telemetry bytes/s per tab: B              (JSON of the message batches the tabs' reports carried
 *                                              to the server, per tab, over the blocks' window)
 */
import type { Browser, BrowserContext, Page } from 'playwright';
import { percentile } from './room-figures';
import { arrivalsOf, mineInTab, stampArrivals } from './room-tabs';
import { until } from './until';

const BLOCKS = 3;
const BLOCK_EVERY_MS = 10_000;
const DIFFICULTY = 4;
const OPEN_MS = 20_000;
const CONNECTED_MS = 60_000;
const POLL_MS = 200;

type StageWindow = {
  meshchain: { node: { peerIds(): string[] } };
  benchLongTasks?: number;
  benchTelemetry?: { messagesBytes: number; reportBytes: number; since: number };
};

/**
 * Counts, before the page's own scripts run, the Socket.IO frames that carry a `report`: their
 * size, and the size of the message batch inside (what the issue budgets at 2 kB/s per tab).
 */
function countReports(): void {
  const w = window as unknown as StageWindow;
  w.benchTelemetry = { messagesBytes: 0, reportBytes: 0, since: performance.now() };
  const send = WebSocket.prototype.send;
  WebSocket.prototype.send = function (this: WebSocket, data: Parameters<WebSocket['send']>[0]) {
    if (typeof data === 'string' && data.startsWith('42["report"')) {
      const t = w.benchTelemetry!;
      t.reportBytes += new TextEncoder().encode(data).length;
      const [, report] = JSON.parse(data.slice(2)) as [string, { messages?: unknown }];
      if (report.messages !== undefined) t.messagesBytes += new TextEncoder().encode(JSON.stringify(report.messages)).length;
    }
    return send.call(this, data);
  };
}

async function openTab(context: BrowserContext, url: string, stage: boolean): Promise<Page> {
  const page = await context.newPage();
  await page.goto(url, { timeout: OPEN_MS });
  await (stage ? page.getByTestId('stage-graph') : page.locator('[data-testid="signalling-state"][data-state="connected"]')).waitFor({ timeout: OPEN_MS });
  return page;
}

interface MeshRoomFigures {
  delays: number[];
  longTasks: number;
  /** Per tab, per second, over the blocks' window. */
  messagesBytes: number;
  reportBytes: number;
  notes: string[];
}

/** A mesh room of `tabs`, classic or stage view, BLOCKS blocks one every BLOCK_EVERY_MS. */
async function meshRoom(browser: Browser, baseUrl: string, tabs: number, stage: boolean): Promise<MeshRoomFigures | string> {
  const context = await browser.newContext();
  await context.addInitScript(countReports);
  try {
    const url = `${baseUrl}?room=bench-${stage ? 'stage' : 'classic'}-${tabs}-${Date.now().toString(36)}&difficulty=${DIFFICULTY}${stage ? '&view=stage' : ''}`;
    const pages: Page[] = [];
    for (let i = 0; i < tabs; i++) pages.push(await openTab(context, url, stage));
    const meshed = await until(async () => (await Promise.all(pages.map((p) => p.evaluate(() => (window as unknown as StageWindow).meshchain?.node.peerIds().length ?? 0)))).every((n) => n === tabs - 1), CONNECTED_MS, POLL_MS);
    if (!meshed) return `the ${tabs} tabs did not form a full mesh within ${CONNECTED_MS / 1000} s`;

    await Promise.all(pages.map((p) => stampArrivals(p)));
    await Promise.all(
      pages.map((p) =>
        p.evaluate(() => {
          const w = window as unknown as StageWindow;
          w.benchLongTasks = 0;
          new PerformanceObserver((list) => {
            w.benchLongTasks! += list.getEntries().length;
          }).observe({ type: 'longtask' });
          w.benchTelemetry = { messagesBytes: 0, reportBytes: 0, since: performance.now() };
        }),
      ),
    );
    const started = Date.now();
    const delays: number[] = [];
    const notes: string[] = [];
    for (let b = 0; b < BLOCKS; b++) {
      const wait = started + b * BLOCK_EVERY_MS - Date.now();
      if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait)); // the pace: one block per 10 s
      const miner = (1 + b * 5) % tabs;
      const hash = await mineInTab(pages[miner]!);
      const everywhere = await until(async () => (await Promise.all(pages.map((p) => arrivalsOf(p)))).every((a) => hash in a), BLOCK_EVERY_MS, POLL_MS);
      if (!everywhere) notes.push(`block ${b + 1} had not reached every tab after ${BLOCK_EVERY_MS / 1000} s`);
      const arrivals = await Promise.all(pages.map((p) => arrivalsOf(p)));
      const start = arrivals[miner]![hash]!;
      arrivals.forEach((a, i) => {
        if (i !== miner && a[hash] !== undefined) delays.push(a[hash]! - start);
      });
    }
    // The window: until one interval after the last block, so its wave's reports are all in.
    const end = started + BLOCKS * BLOCK_EVERY_MS;
    if (end > Date.now()) await new Promise((resolve) => setTimeout(resolve, end - Date.now()));
    const counts = await Promise.all(
      pages.map((p) =>
        p.evaluate(() => {
          const w = window as unknown as StageWindow;
          return { longTasks: w.benchLongTasks ?? 0, ...w.benchTelemetry!, seconds: (performance.now() - w.benchTelemetry!.since) / 1000 };
        }),
      ),
    );
    const perTab = (key: 'messagesBytes' | 'reportBytes') => counts.reduce((sum, c) => sum + c[key] / c.seconds, 0) / counts.length;
    return { delays, longTasks: counts.reduce((sum, c) => sum + c.longTasks, 0), messagesBytes: perTab('messagesBytes'), reportBytes: perTab('reportBytes'), notes };
  } finally {
    await context.close();
  }
}

/**
 * The three stage lines: a classic mesh room and the same with the stage in every tab, one after
 * the other, by the same procedure (so neither is measured while its tabs are still settling).
 */
export async function stageFigures(browser: Browser, baseUrl: string, tabs: number): Promise<string[]> {
  const classic = await meshRoom(browser, baseUrl, tabs, false);
  if (typeof classic === 'string') return [`stage room: not measured (classic room: ${classic})`];
  const stage = await meshRoom(browser, baseUrl, tabs, true);
  if (typeof stage === 'string') return [`stage room: not measured (${stage})`];
  const p = (r: MeshRoomFigures, q: number) => percentile(r.delays, q).toFixed(1);
  const stageP50 = percentile(stage.delays, 50);
  const classicP50 = percentile(classic.delays, 50);
  return [
    `stage vs classic, ${tabs}-tab mesh rooms, a block every ${BLOCK_EVERY_MS / 1000} s (${BLOCKS} blocks each): propagation p50/p90 ` +
      `classic ${p(classic, 50)}/${p(classic, 90)} ms, stage ${p(stage, 50)}/${p(stage, 90)} ms (p90 ratio ${(percentile(stage.delays, 90) / percentile(classic.delays, 90)).toFixed(2)}); ` +
      `long tasks in all tabs: classic ${classic.longTasks}, stage ${stage.longTasks}; report bytes/s per tab: classic ${Math.round(classic.reportBytes)}, stage ${Math.round(stage.reportBytes)}`,
    ...classic.notes.map((note) => `classic room: note: ${note}`),
    ...stage.notes.map((note) => `stage room: note: ${note}`),
    `stage/classic propagation p50 ratio: ${(stageP50 / classicP50).toFixed(2)}`,
    `stage long tasks per block: ${(stage.longTasks / BLOCKS).toFixed(1)}`,
    `telemetry bytes/s per tab: ${Math.round(stage.messagesBytes)}`,
  ];
}
