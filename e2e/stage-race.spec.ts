import { expect, test } from '@playwright/test';
import { mineOneBlock, openTab } from './tabs';

test('in a free-difficulty room a race grows a fork the tree draws, and the next block abandons the losing branch', async ({ context }) => {
  test.setTimeout(90_000);
  const room = `stage-race-${Date.now().toString(36)}`;
  // Free difficulty (interval=0); slow motion (set at the teacher's desk, whose key playwright.config.ts
  // gives the server) makes each hop take 300 ms, so every tab starts mining before any race block reaches it.
  const teacher = await openTab(context, room, 6, '&interval=0&nickname=Teacher&teacher=e2e-teacher-key');
  const amy = await openTab(context, room, 6, '&interval=0&nickname=Amy');
  const stage = await context.newPage();
  await stage.goto(`/?room=${room}&difficulty=6&interval=0&view=stage`);
  await expect(stage.getByTestId('stage-graph')).toHaveAttribute('data-edges', '3');
  await teacher.page.getByTestId('desk-slow-motion').click();
  await expect(stage.getByTestId('stage-slow-motion')).toBeVisible();

  const blocks = stage.getByTestId('tree-block');
  await stage.getByTestId('stage-race').click();
  // Each tab mined one block on the genesis block: branches of equal work, one of them main for now.
  await expect(blocks.and(stage.locator('[data-branch="side"]'))).not.toHaveCount(0, { timeout: 30_000 });
  await expect(blocks.and(stage.locator('[data-branch="main"]'))).toHaveCount(2); // genesis and one racer
  await expect(amy.page.getByTestId('mining-status')).toHaveAttribute('data-running', 'false');
  await expect(teacher.page.getByTestId('mining-status')).toHaveAttribute('data-running', 'false');

  // The next block settles it: its branch has the most work, the other racers' blocks are abandoned.
  const next = await mineOneBlock(amy);
  await expect(stage.locator(`[data-testid="tree-block"][data-hash="${next}"]`)).toHaveAttribute('data-branch', 'main', { timeout: 30_000 });
  await expect(blocks.and(stage.locator('[data-branch="abandoned"]'))).not.toHaveCount(0);
  await expect(blocks.and(stage.locator('[data-branch="side"]'))).toHaveCount(0);
});
