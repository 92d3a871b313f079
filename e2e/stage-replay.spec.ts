import { expect, test } from '@playwright/test';
import { mineOneBlock, openTab } from './tabs';
import { recordTokens, tokensSeen } from './stage-tokens';

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
    await recordTokens(stage);
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
