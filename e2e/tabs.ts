/** Opening meshchain tabs and reading what they show. */
import { expect, type BrowserContext, type Page } from '@playwright/test';

export interface Tab {
  page: Page;
  id: string;
}

/** Opens the page in a room and waits until the tab shows the id the server gave it. */
export async function openTab(context: BrowserContext, room: string, difficulty = 6, extra = ''): Promise<Tab> {
  const page = await context.newPage();
  await page.goto(`/?room=${room}&difficulty=${difficulty}${extra}`);
  await expect(page.getByTestId('signalling-state')).toHaveAttribute('data-state', 'connected');
  const id = await page.getByTestId('node-id').getAttribute('title');
  if (!id) throw new Error('the tab shows no node id');
  return { page, id };
}

export async function openTabs(context: BrowserContext, room: string, count: number): Promise<Tab[]> {
  const tabs: Tab[] = [];
  for (let i = 0; i < count; i++) tabs.push(await openTab(context, room));
  return tabs;
}

/** Every tab lists exactly the other tabs as connected peers. */
export async function expectFullMesh(tabs: Tab[]): Promise<void> {
  for (const tab of tabs) {
    const others = tabs.filter((t) => t !== tab).map((t) => t.id).sort();
    await expect(tab.page.getByTestId('peer-count')).toHaveText(String(others.length));
    const listed = await tab.page.getByTestId('peer-list').locator('li[data-peer-id]').evaluateAll((items) =>
      items.map((li) => li.getAttribute('data-peer-id')),
    );
    expect(listed.sort()).toEqual(others);
  }
}

export const tipHash = (tab: Tab) => tab.page.getByTestId('tip-hash');

/**
 * Presses "Mine one block" and waits until this tab's tip is the block it found. Call it once the
 * tab has every block its peers have (see mineAndSpread), or a block arriving meanwhile is counted.
 */
export async function mineOneBlock(tab: Tab): Promise<string> {
  const height = Number(await tab.page.getByTestId('tip-height').textContent());
  await tab.page.getByTestId('mine-one').click();
  await expect(tab.page.getByTestId('tip-height')).toHaveText(String(height + 1));
  const hash = await tipHash(tab).getAttribute('title');
  if (!hash) throw new Error('no tip hash shown');
  return hash;
}

/** Mines one block in `miner` and waits until every tab of `all` shows it as the tip. */
export async function mineAndSpread(miner: Tab, all: Tab[]): Promise<string> {
  const hash = await mineOneBlock(miner);
  for (const tab of all) await expect(tipHash(tab)).toHaveAttribute('title', hash);
  return hash;
}
