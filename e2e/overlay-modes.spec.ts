import { expect, test } from '@playwright/test';
import { mineOneBlock, openTab, tipHash, type Tab } from './tabs';

const TABS = 12;
const MODES = [
  { mode: 'mesh', query: '' },
  { mode: 'unstructured', query: '&outbound=3' },
  { mode: 'kademlia', query: '&k=2' },
] as const;

for (const { mode, query } of MODES) {
  test(`${TABS} tabs in ${mode} mode converge on one tip as blocks are mined in different tabs`, async ({ context }) => {
    test.setTimeout(120_000);
    const tabs: Tab[] = [];
    for (let i = 0; i < TABS; i++) tabs.push(await openTab(context, `modes-${mode}`, 6, `&topology=${mode}${query}`));
    await expect(tabs[0]!.page.getByTestId('topology')).toHaveText(mode);
    // Mined before a tab has any link, a block would only reach it by sync: still right, but not this test.
    for (const tab of tabs) await expect(tab.page.getByTestId('peer-count')).not.toHaveText('0', { timeout: 30_000 });

    let hash = '';
    for (const miner of [tabs[1]!, tabs[6]!, tabs[11]!]) {
      hash = await mineOneBlock(miner);
      // Every tab on this block before the next is mined, so the next miner builds on it.
      for (const tab of tabs) await expect(tipHash(tab)).toHaveAttribute('title', hash, { timeout: 30_000 });
    }
    for (const tab of tabs) await expect(tab.page.getByTestId('tip-height')).toHaveText('3');
    // The sparse modes really are sparse: not every tab linked to every other.
    if (mode !== 'mesh') {
      const links = await Promise.all(tabs.map(async (t) => Number(await t.page.getByTestId('peer-count').textContent())));
      expect(links.reduce((a, b) => a + b, 0)).toBeLessThan(TABS * (TABS - 1));
    }
  });
}
