import { expect, test } from '@playwright/test';
import { mineOneBlock, openTab, tipHash, type Tab } from './tabs';

test('twelve tabs in an unstructured overlay keep a few links each, and a block still reaches every one', async ({ context }) => {
  test.setTimeout(120_000);
  const tabs: Tab[] = [];
  for (let i = 0; i < 12; i++) tabs.push(await openTab(context, 'unstructured-12', 6, '&topology=unstructured&outbound=3'));
  await expect(tabs[0]!.page.getByTestId('topology')).toHaveText('unstructured');

  // Each tab keeps its 3 outbound links and accepts at most 6 inbound: fewer than 11 (a full mesh).
  const counts = async () => Promise.all(tabs.map(async (t) => Number(await t.page.getByTestId('peer-count').textContent())));
  await expect.poll(async () => Math.min(...(await counts())), { timeout: 60_000 }).toBeGreaterThanOrEqual(3);
  const links = await counts();
  expect(Math.max(...links)).toBeLessThanOrEqual(9);
  expect(links.reduce((a, b) => a + b, 0) / 2).toBeLessThan((12 * 11) / 2);

  const hash = await mineOneBlock(tabs[5]!);
  for (const tab of tabs) await expect(tipHash(tab)).toHaveAttribute('title', hash, { timeout: 30_000 });
});
