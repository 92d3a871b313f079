import { expect, test } from '@playwright/test';
import { mineOneBlock, openTabs, type Tab } from './tabs';
import { recordTokens, tokensSeen } from './stage-tokens';

test('after one tab mines, the stage in another shows message tokens come and go, and every node ends holding the new block', async ({ context }) => {
  test.setTimeout(90_000);
  const room = `stage-${Date.now().toString(36)}`;
  const tabs = await openTabs(context, room, 3);
  const stage = await context.newPage();
  await stage.goto(`/?room=${room}&difficulty=6&view=stage`);
  const graph = stage.getByTestId('stage-graph');
  // The stage draws the whole room from the reports: 4 tabs, the 6 links of a full mesh.
  await expect(graph).toHaveAttribute('data-nodes', '4');
  await expect(graph).toHaveAttribute('data-edges', '6');
  await recordTokens(stage);

  const hash = await mineOneBlock(tabs[0] as Tab);
  // The block's wave reaches the stage's own tab and, through the reports, every other tab.
  await expect.poll(async () => (await tokensSeen(stage)).filter((k) => k === 'block').length).toBeGreaterThan(0);
  expect(await tokensSeen(stage)).toContain('inv');
  const nodes = stage.getByTestId('stage-node');
  await expect(nodes).toHaveCount(4);
  for (const node of await nodes.all()) await expect(node).toHaveAttribute('data-tip', hash);
  // Tokens leave once they arrive.
  await expect(stage.getByTestId('token')).toHaveCount(0);
  // The block tree draws it on the main chain, and clicking it opens its details.
  const block = stage.locator(`[data-testid="tree-block"][data-hash="${hash}"]`);
  await expect(block).toHaveAttribute('data-branch', 'main');
  await block.locator('rect').click();
  await expect(stage.getByTestId('tree-picked')).toContainText(hash);
});

test('the masthead leads to the stage; at 1280×720 it shows its graph, its block tree and the legend without scrolling', async ({ context }) => {
  const room = `stage-fit-${Date.now().toString(36)}`;
  await openTabs(context, room, 1);
  const stage = await context.newPage();
  await stage.setViewportSize({ width: 1280, height: 720 });
  // Reached from the classic page's masthead, as a teacher would.
  await stage.goto(`/?room=${room}&difficulty=6`);
  await stage.getByRole('link', { name: 'Stage' }).click();
  await expect(stage).toHaveURL(/view=stage/);
  await expect(stage.getByTestId('stage-graph')).toHaveAttribute('data-nodes', '2');
  await expect(stage.getByTestId('stage-graph')).toBeInViewport({ ratio: 1 });
  await expect(stage.getByTestId('stage-tree')).toBeInViewport({ ratio: 1 });
  await expect(stage.getByTestId('stage-legend')).toBeInViewport({ ratio: 1 });
  const scrolls = await stage.evaluate(() => document.documentElement.scrollHeight > window.innerHeight || document.documentElement.scrollWidth > window.innerWidth);
  expect(scrolls).toBe(false);
});

test('on a 390 px phone the stage still works: the graph on top, the block tree below it', async ({ context }) => {
  const room = `stage-phone-${Date.now().toString(36)}`;
  await openTabs(context, room, 1);
  const stage = await context.newPage();
  await stage.setViewportSize({ width: 390, height: 844 });
  await stage.goto(`/?room=${room}&difficulty=6&view=stage`);
  await expect(stage.getByTestId('stage-graph')).toHaveAttribute('data-nodes', '2');
  await expect(stage.getByTestId('stage-node')).toHaveCount(2);
  const graph = (await stage.getByTestId('stage-graph').boundingBox())!;
  const tree = (await stage.getByTestId('stage-tree').boundingBox())!;
  expect(graph.x + graph.width).toBeLessThanOrEqual(390);
  expect(tree.y).toBeGreaterThanOrEqual(graph.y + graph.height - 1);
  await expect(stage.getByTestId('tree-block')).toHaveCount(1); // the genesis block
  const sideways = await stage.evaluate(() => document.documentElement.scrollWidth > window.innerWidth);
  expect(sideways).toBe(false);
});
