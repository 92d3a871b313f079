import { expect, test } from '@playwright/test';
import { mineOneBlock, openTab } from './tabs';

const triedCount = async (text: string | null) => Number((text ?? '').replace(/\D/g, ''));

test('while mining, the Mine panel counts nonces and holds the best hash so far against the target', async ({ context }) => {
  // 26 zero bits: tens of millions of hashes, so nothing is found while we watch.
  const tab = await openTab(context, 'mine-watch', 26);
  const page = tab.page;
  await page.getByTestId('mine-start').click();
  const tried = page.getByTestId('nonces-tried');
  await expect.poll(async () => triedCount(await tried.textContent())).toBeGreaterThan(0);
  const first = await triedCount(await tried.textContent());
  // The counter moves on its own while the workers report.
  await expect.poll(async () => triedCount(await tried.textContent())).toBeGreaterThan(first);
  await expect(page.getByTestId('mining-target')).toHaveText(/^0{6}3f/); // 26 zero bits: 6 hex zeros, then 0011…
  await expect(page.getByTestId('mining-progress')).toContainText('starts with 26 zero bits');
  const best = page.getByTestId('best-hash');
  await expect(best).toHaveAttribute('data-hash', /^[0-9a-f]{64}$/);
  await expect(page.getByTestId('mining-progress')).toContainText(/\d+ leading zero bits/);
  await expect(page.getByTestId('mining-verdict')).toContainText('keep trying');
  await page.getByTestId('mine-stop').click();
  await expect(page.getByTestId('mining-status')).toHaveAttribute('data-running', 'false');
});

test('Mine one block keeps its hash rate and winning hash on screen after it finds the block, and its details show hash ≤ target', async ({ context }) => {
  const tab = await openTab(context, 'mine-one-rate', 8);
  const hash = await mineOneBlock(tab);
  const page = tab.page;
  await expect(page.getByTestId('mining-status')).toHaveAttribute('data-running', 'false');
  await expect(page.getByTestId('last-rate')).toHaveText(/last hash rate: [1-9][\d,]* hashes\/s/);
  await expect(page.getByTestId('best-hash')).toHaveAttribute('data-hash', hash);
  await expect(page.getByTestId('mining-verdict')).toContainText('hash ≤ target');

  // The block's details put the same hash under its target and say once what "bits" means.
  await page.getByTestId('chain-table').locator(`tr[data-hash="${hash}"]`).click();
  await expect(page.getByTestId('pow-hash')).toHaveText(hash);
  await expect(page.getByTestId('pow-target')).toHaveText(/^00ffff0{58}$/); // 8 zero bits (bits keeps three bytes of mantissa)
  await expect(page.getByTestId('pow-verdict')).toHaveAttribute('data-meets', 'true');
  await expect(page.getByTestId('pow-verdict')).toContainText(/hash ≤ target: the hash starts with \d+ zero bits, and this target asks for at least 8/);
  await expect(page.getByTestId('bits-note')).toContainText(/header field bits \(here 0x[0-9a-f]{8}\) is the target written compactly/);
});
