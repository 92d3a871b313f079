/** A tab on the wrong chain says so at the top of the page, with a way to fix it. */
import { expect, test } from '@playwright/test';
import { openTab } from './tabs';

test('two tabs of one room opened with different rules each show the wrong-chain banner with a link', async ({ context }) => {
  const a = await openTab(context, 'banner-rules', 6);
  const b = await openTab(context, 'banner-rules', 7);
  for (const tab of [a, b]) {
    const banner = tab.page.getByRole('alert').filter({ has: tab.page.getByTestId('banner-link-same') });
    await expect(banner).toBeVisible();
    await expect(banner).toContainText('follows another chain than 1 of its peers');
    await expect(tab.page.getByTestId('banner-link-default')).toHaveAttribute('href', /room=banner-rules/);
    await expect(tab.page.getByTestId('banner-link-default')).not.toHaveAttribute('href', /difficulty=/);
  }
  await expect(a.page.getByTestId('chain-banner')).toContainText('difficulty 6 bits');
  // The other tab leaves: nothing is wrong any more, and the banner goes.
  await b.page.close();
  await expect(a.page.getByTestId('chain-banner')).toHaveCount(0);
});

test('tabs of one room with the same rules show no banner', async ({ context }) => {
  const a = await openTab(context, 'banner-same', 6);
  await openTab(context, 'banner-same', 6);
  await expect(a.page.getByTestId('peer-count')).toHaveText('1');
  await expect(a.page.getByTestId('chain-banner')).toHaveCount(0);
});
