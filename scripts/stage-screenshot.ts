/**
 * Takes docs/stage.png, the README's picture of the stage: starts the real server (as the room
 * bench does), opens a small room of tabs in Chromium, mines a few blocks from different tabs and
 * photographs the stage of one more tab at 1280×720 (a projector) while a block's tokens are on
 * the move. With `--all DIR` it also saves 1400×900, 390×844, Chinese and the other two overlays'
 * shapes into DIR, for checking the layouts by eye.
 *
 *   npx tsx scripts/stage-screenshot.ts [--all /tmp/stage-shots]
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright';
import { startRoomServer } from '../bench/room-server';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const TABS = 5;
const DIFFICULTY = 6;
const WAIT_MS = 30_000;

/** The same Chromium and flags the Playwright config uses (WebRTC between headless tabs on loopback). */
const launch = () =>
  chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-background-networking', '--disable-component-update', '--allow-loopback-in-peer-connection', '--use-fake-ui-for-media-stream', '--disable-features=WebRtcHideLocalIpsWithMdns'],
  });

async function mineOne(tab: Page): Promise<void> {
  const height = Number(await tab.getByTestId('tip-height').textContent());
  await tab.getByTestId('mine-one').click();
  await tab.waitForFunction((h) => Number(document.querySelector('[data-testid="tip-height"]')?.textContent) > h, height, { timeout: WAIT_MS });
}

/** Opens a room of classic tabs plus one stage, waits until the stage draws them all, mines `blocks`. */
async function stageOf(browser: Browser, url: string, room: string, query: string, viewport: { width: number; height: number }, blocks: number): Promise<{ stage: Page; miners: Page[] }> {
  const context = await browser.newContext({ viewport: { width: 1000, height: 800 } });
  const miners: Page[] = [];
  for (let i = 0; i < TABS; i++) {
    const page = await context.newPage();
    await page.goto(`${url}?room=${room}&difficulty=${DIFFICULTY}${query}`);
    await page.getByTestId('signalling-state').and(page.locator('[data-state="connected"]')).waitFor({ timeout: WAIT_MS });
    miners.push(page);
  }
  const stage = await context.newPage();
  await stage.setViewportSize(viewport);
  await stage.goto(`${url}?room=${room}&difficulty=${DIFFICULTY}&view=stage${query}`);
  await stage.locator(`[data-testid="stage-graph"][data-nodes="${TABS + 1}"]`).waitFor({ timeout: WAIT_MS });
  for (let i = 0; i < blocks; i++) await mineOne(miners[i % TABS]!);
  return { stage, miners };
}

/** Mines once more and takes the picture while that block's tokens fly. */
async function shootDuringWave(stage: Page, miner: Page, file: string): Promise<void> {
  await miner.getByTestId('mine-one').click();
  await stage.locator('[data-testid="token"][data-kind="block"]').first().waitFor({ timeout: WAIT_MS });
  await stage.screenshot({ path: file });
  console.log(`saved ${file}`);
}

async function main(): Promise<void> {
  const allIndex = process.argv.indexOf('--all');
  const allDir = allIndex > 0 ? process.argv[allIndex + 1] : undefined;
  const server = await startRoomServer(repoRoot);
  const browser = await launch();
  const stamp = Date.now().toString(36);
  try {
    const { stage, miners } = await stageOf(browser, server.url, `stage-shot-${stamp}`, '', { width: 1280, height: 720 }, 3);
    await shootDuringWave(stage, miners[3]!, path.join(repoRoot, 'docs', 'stage.png'));
    if (allDir) {
      for (const [name, size] of [['1400x900', { width: 1400, height: 900 }], ['390x844', { width: 390, height: 844 }]] as const) {
        await stage.setViewportSize(size);
        await shootDuringWave(stage, miners[4]!, path.join(allDir, `stage-${name}.png`));
      }
      await stage.setViewportSize({ width: 1280, height: 720 });
      // A race: two tabs mine on the same parent at once; the tree should show the fork, then
      // after one more block, the losing branch abandoned.
      await Promise.all([miners[1]!.getByTestId('mine-one').click(), miners[2]!.getByTestId('mine-one').click()]);
      await stage.waitForTimeout(2_500); // a picture, not a test: let the reports come in
      await stage.screenshot({ path: path.join(allDir, 'stage-race.png') });
      await mineOne(miners[3]!);
      await stage.waitForTimeout(2_500);
      await stage.screenshot({ path: path.join(allDir, 'stage-race-resolved.png') });
      console.log(`saved race pictures; branches drawn: ${await stage.locator('[data-testid="tree-block"]').evaluateAll((els) => els.map((e) => e.getAttribute('data-branch')).join(','))}`);
      await stage.goto(stage.url() + '&lang=zh-Hant');
      await stage.locator(`[data-testid="stage-graph"][data-nodes="${TABS + 1}"]`).waitFor({ timeout: WAIT_MS });
      await shootDuringWave(stage, miners[0]!, path.join(allDir, 'stage-zh-Hant.png'));
      for (const topology of ['unstructured', 'kademlia']) { // links per tab scaled to the room (shared/overlay/room-scale.ts)
        const other = await stageOf(browser, server.url, `stage-${topology.split('&')[0]}-${stamp}`, `&topology=${topology}`, { width: 1280, height: 720 }, 1);
        await shootDuringWave(other.stage, other.miners[1]!, path.join(allDir, `stage-${topology.split('&')[0]}.png`));
      }
    }
  } finally {
    await browser.close();
    await server.close();
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
