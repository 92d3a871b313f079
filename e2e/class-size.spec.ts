import { expect, test } from '@playwright/test';
import { openTab, type Tab } from './tabs';

// A class-sized room opened without ?topology= leaves the full mesh when its 13th tab joins.
test('a room of 13 tabs opened without a mode moves from the mesh to the unstructured overlay, and each tab keeps only a few links', async ({ context }) => {
  test.setTimeout(120_000);
  const room = `class-${Date.now().toString(36)}`;
  const tabs: Tab[] = [];
  for (let i = 0; i < 12; i++) tabs.push(await openTab(context, room));
  // The 13th joins the mesh, then the whole room (itself included) reloads into the new overlay.
  const last = await context.newPage();
  await last.goto(`/?room=${room}&difficulty=6`);
  tabs.push({ page: last, id: '' });
  for (const tab of tabs) {
    await expect(tab.page.getByTestId('topology')).toContainText('unstructured', { timeout: 60_000 });
    await expect(tab.page.getByTestId('signalling-state')).toHaveAttribute('data-state', 'connected', { timeout: 60_000 });
  }
  // After the reload, the log still says why the page reloaded.
  await expect(tabs[0]!.page.getByTestId('event-log')).toContainText('this tab reloaded because the room grew past 12 tabs');
  // Each tab keeps a few links, not the mesh's twelve.
  for (const tab of tabs) await expect.poll(() => tab.page.getByTestId('peer-count').textContent().then(Number), { timeout: 60_000 }).toBeGreaterThan(0);
  const links = await Promise.all(tabs.map((t) => t.page.getByTestId('peer-count').textContent().then(Number)));
  console.log(`links per tab after the move: ${links.join(', ')}`);
  expect(Math.max(...links)).toBeLessThan(12);
});
