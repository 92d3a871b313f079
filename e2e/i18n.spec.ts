/**
 * Two languages, every word: the page follows the browser's language (zh-TW → Traditional
 * Chinese), `?lang=` overrides it, the switch remembers the reader's choice, and an unsupported
 * `?lang=` falls back and says so. Also: a normal close is an onClose, never an onError.
 */
import { expect, test, type Browser, type Page } from '@playwright/test';
import { openTab } from './tabs';

async function pageIn(browser: Browser, locale: string, room: string, extra = ''): Promise<Page> {
  const context = await browser.newContext({ locale });
  return (await openTab(context, room, 6, extra)).page;
}

async function expectChinese(page: Page): Promise<void> {
  await expect(page.locator('html')).toHaveAttribute('lang', 'zh-Hant');
  await expect(page.getByRole('heading', { name: '這個節點' })).toBeVisible();
  await expect(page.getByRole('heading', { name: '挖礦' })).toBeVisible();
  await expect(page.getByRole('heading', { name: '事件紀錄' })).toBeVisible();
  await expect(page.getByRole('button', { name: '挖一個區塊' })).toBeVisible();
  await expect(page).toHaveTitle(/區塊鏈/);
}

async function expectEnglish(page: Page): Promise<void> {
  await expect(page.locator('html')).toHaveAttribute('lang', 'en');
  await expect(page.getByRole('heading', { name: 'This node' })).toBeVisible();
  await expect(page.getByRole('heading', { name: 'Event log' })).toBeVisible();
  await expect(page.getByRole('button', { name: 'Mine one block' })).toBeVisible();
  await expect(page).toHaveTitle(/blockchain/);
}

test('a Taiwanese browser reads the page in Traditional Chinese, an American one in English', async ({ browser }) => {
  await expectChinese(await pageIn(browser, 'zh-TW', 'lang-zh'));
  await expectEnglish(await pageIn(browser, 'en-US', 'lang-en'));
});

test('?lang=en overrides a zh-TW browser', async ({ browser }) => {
  await expectEnglish(await pageIn(browser, 'zh-TW', 'lang-query', '&lang=en'));
});

test('the language switch remembers the choice across a reload', async ({ browser }) => {
  const page = await pageIn(browser, 'zh-TW', 'lang-switch');
  await expectChinese(page);
  await page.getByRole('group', { name: '語言' }).getByRole('button', { name: 'English' }).click();
  await expectEnglish(page);
  await expect(page.getByRole('button', { name: 'English' })).toHaveAttribute('aria-pressed', 'true');
  await page.reload();
  await expectEnglish(page);
  await page.getByRole('group', { name: 'Language' }).getByRole('button', { name: '繁體中文' }).click();
  await expectChinese(page);
});

test('an unsupported ?lang= falls back to the browser’s language and says so', async ({ browser }) => {
  const page = await pageIn(browser, 'zh-TW', 'lang-bad', '&lang=xx');
  await expectChinese(page);
  await expect(page.getByTestId('language-notice')).toContainText('「xx」');
});

test('a zh-TW tab shows no English sentences, only the chapter’s technical names', async ({ browser }) => {
  const context = await browser.newContext({ locale: 'zh-TW' });
  const a = await openTab(context, 'lang-scan');
  await openTab(context, 'lang-scan');
  await expect(a.page.getByTestId('peer-count')).toHaveText('1');
  await expect(a.page.getByTestId('event-log').locator('li[data-kind="message"]').first()).toBeVisible();
  const text = await a.page.locator('body').innerText();
  // Three Latin words in a row is a sentence someone forgot to translate; names like
  // "WebAssembly SIMD" or "onOpen、onClose" and hashes are not.
  const runs = text.match(/\b[A-Za-z]{2,}(?:[ ,.:;'’-]+[A-Za-z]{2,}){2,}\b/g) ?? [];
  expect(runs).toEqual([]);
  expect(text).toMatch(/[\u4e00-\u9fff]{20}/); // and real Chinese prose is there
});

test('a normal close is an onClose only: the other tab leaving or reloading is no onError', async ({ context }) => {
  const stay = await openTab(context, 'normal-close');
  const leave = await openTab(context, 'normal-close');
  const reload = await openTab(context, 'normal-close');
  const log = stay.page.getByTestId('event-log');
  await expect(stay.page.getByTestId('peer-count')).toHaveText('2');

  await reload.page.reload();
  await expect(log.locator('li[data-kind="close"]')).toHaveCount(1);
  await expect(log.locator('li[data-kind="open"]')).toHaveCount(3); // the reloaded tab is back
  await leave.page.close();
  await expect(log.locator('li[data-kind="close"]')).toHaveCount(2);
  await expect(stay.page.getByTestId('peer-count')).toHaveText('1');
  await expect(log.locator('li[data-kind="close"]').first()).toContainText('channel closed');
  await expect(log.locator('li[data-kind="error"]')).toHaveCount(0);
});
