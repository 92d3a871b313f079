/** Students join on phones: at 390×844 nothing scrolls sideways, Mine is on the first screen, the log is readable. */
import { expect, test } from '@playwright/test';
import { mineOneBlock, openTab } from './tabs';

const PHONE = { width: 390, height: 844 };

for (const locale of ['zh-TW', 'en-US']) {
  test(`a phone (${locale}) has no horizontal scroll and Mine on its first screen`, async ({ browser }) => {
    const context = await browser.newContext({ locale, viewport: PHONE, isMobile: true, hasTouch: true });
    const tab = await openTab(context, `phone-${locale}`);
    await openTab(context, `phone-${locale}`);
    await tab.page.bringToFront();
    const mine = tab.page.getByTestId('mine-one');
    await expect(mine).toBeInViewport();
    const box = (await mine.boundingBox())!;
    expect(box.y + box.height).toBeLessThanOrEqual(PHONE.height);

    // With a block opened up (its header bytes, its relay table) the page still fits the width.
    await expect(tab.page.getByTestId('peer-count')).toHaveText('1');
    const hash = await mineOneBlock(tab);
    await tab.page.getByTestId('chain-table').locator(`tr[data-hash="${hash}"]`).click();
    await expect(tab.page.getByTestId('header-bytes')).toBeVisible();
    expect(await tab.page.evaluate(() => document.documentElement.scrollWidth)).toBe(PHONE.width);

    // The log's text gets the whole row, in a size people can read.
    const line = tab.page.getByTestId('event-log').locator('li .text').first();
    await expect(line).toBeVisible();
    const { width, fontSize } = await line.evaluate((el) => ({ width: el.getBoundingClientRect().width, fontSize: parseFloat(getComputedStyle(el).fontSize) }));
    expect(width).toBeGreaterThan(300);
    expect(fontSize).toBeGreaterThanOrEqual(12);
    await context.close();
  });
}
