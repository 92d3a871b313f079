import { expect, test, type Page } from '@playwright/test';
import { mineOneBlock, openTab } from './tabs';

/** Counts the message tokens the stage adds from now on, by kind (a token lives 0.7 s). */
async function countTokens(page: Page): Promise<void> {
  await page.evaluate(() => {
    const seen: string[] = [];
    Object.assign(window, { stageTokensSeen: seen });
    new MutationObserver((records) => {
      for (const r of records) for (const n of r.addedNodes) if (n instanceof Element && n.getAttribute('data-testid') === 'token') seen.push(n.getAttribute('data-kind') ?? '');
    }).observe(document.querySelector('[data-testid="stage-graph"]')!, { childList: true, subtree: true });
  });
}
const tokensSeen = (page: Page) => page.evaluate(() => (window as unknown as { stageTokensSeen: string[] }).stageTokensSeen.slice());

test("the stage says when the room runs in slow motion, and pauses and replays the last block's wave", async ({ context }) => {
  test.setTimeout(90_000);
  const room = `stage-replay-${Date.now().toString(36)}`;
  // The key is the one playwright.config.ts starts the server with.
  const teacher = await openTab(context, room, 6, '&nickname=Teacher&teacher=e2e-teacher-key');
  const miner = await openTab(context, room, 6, '&nickname=Amy');
  const stage = await context.newPage();
  await stage.goto(`/?room=${room}&difficulty=6&view=stage`);
  await expect(stage.getByTestId('stage-graph')).toHaveAttribute('data-edges', '3');
  await expect(stage.getByTestId('stage-replay')).toBeDisabled(); // no wave yet

  await test.step('slow motion, set at the desk, is shown on the stage as such', async () => {
    await expect(stage.getByTestId('stage-slow-motion')).toHaveCount(0);
    await teacher.page.getByTestId('desk-slow-motion').click();
    await expect(stage.getByTestId('stage-slow-motion')).toHaveText('Slow motion: +300 ms per hop (set for the whole room)');
  });

  const hash = await mineOneBlock(miner);
  for (const node of await stage.getByTestId('stage-node').all()) await expect(node).toHaveAttribute('data-tip', hash);
  await expect(stage.getByTestId('token')).toHaveCount(0);

  await test.step('a replay runs the recorded wave again, labelled as a replay, and ends', async () => {
    await countTokens(stage);
    await stage.getByTestId('stage-replay').click();
    await expect(stage.getByTestId('stage-replaying')).toHaveAttribute('data-hash', hash);
    await expect(stage.getByTestId('stage-replaying')).toContainText(`Replay of block ${hash.slice(0, 8)}`);
    await expect.poll(async () => (await tokensSeen(stage)).filter((k) => k === 'block').length).toBeGreaterThan(0);
    expect(await tokensSeen(stage)).toContain('inv');
    await expect(stage.getByTestId('stage-replaying')).toHaveCount(0, { timeout: 20_000 });
    await expect(stage.getByTestId('token')).toHaveCount(0);
  });

  await test.step('paused, a replay holds its tokens on the graph until resumed', async () => {
    await stage.getByTestId('stage-pause').click();
    await expect(stage.getByTestId('stage-paused')).toBeVisible();
    await stage.getByTestId('stage-replay').click();
    await expect(stage.getByTestId('token').first()).toBeAttached();
    const held = await stage.getByTestId('token').count();
    await stage.getByTestId('stage-pause').click(); // resume
    await expect(stage.getByTestId('stage-paused')).toHaveCount(0);
    await expect(stage.getByTestId('stage-replaying')).toHaveCount(0, { timeout: 20_000 });
    expect(held).toBeGreaterThan(0);
  });
});
