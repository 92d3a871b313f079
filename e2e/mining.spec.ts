import { expect, test } from '@playwright/test';
import { openTab } from './tabs';

test('the miner runs WebAssembly SIMD in Chromium and splits work over the chosen workers', async ({ context }) => {
  const tab = await openTab(context, 'wasm-miner', 26);
  const page = tab.page;
  const cores = await page.evaluate(() => navigator.hardwareConcurrency);
  test.skip(cores < 2, 'needs two cores to split the work');
  const workers = page.getByTestId('mine-workers');
  await expect(workers.locator('option')).toHaveCount(await page.evaluate(() => navigator.hardwareConcurrency));
  await page.getByTestId('mine-start').click();
  await expect(page.getByTestId('mining-engine')).toHaveAttribute('data-engine', 'wasm-simd');
  await expect(page.getByTestId('mining-status')).toContainText(/at [1-9][\d,]* hashes\/s on 1 worker\b/);
  await workers.selectOption('2');
  await expect(page.getByTestId('mining-status')).toContainText(/on 2 workers/);
  await page.getByTestId('mine-stop').click();
  await expect(page.getByTestId('mining-status')).toHaveAttribute('data-running', 'false');
});

test('mining continuously at low difficulty with 2 workers keeps extending the chain', async ({ context }) => {
  const tab = await openTab(context, 'wasm-fast', 12);
  test.skip((await tab.page.evaluate(() => navigator.hardwareConcurrency)) < 2, 'needs two cores');
  await tab.page.getByTestId('mine-workers').selectOption('2');
  await tab.page.getByTestId('mine-start').click();
  await expect(tab.page.getByTestId('tip-height')).toHaveText(/^([2-9]\d|\d{3,})$/, { timeout: 20_000 });
  await tab.page.getByTestId('mine-stop').click();
  const errors = await tab.page.getByTestId('event-log').locator('li[data-kind="error"]').count();
  expect(errors).toBe(0);
});

test('without the WebAssembly module the worker mines with JS and says so', async ({ context }) => {
  await context.route(/\.wasm$/, (route) => route.fulfill({ status: 404, body: 'gone' }));
  const tab = await openTab(context, 'js-fallback', 8);
  await tab.page.getByTestId('mine-one').click();
  await expect(tab.page.getByTestId('tip-height')).toHaveText('1');
  await expect(tab.page.getByTestId('mining-engine')).toHaveAttribute('data-engine', 'js');
  await expect(tab.page.getByTestId('event-log')).toContainText('WebAssembly SIMD miner unavailable');
});
