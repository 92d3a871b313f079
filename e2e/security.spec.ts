/**
 * The page, its mining workers and their WebAssembly run under the server's Content-Security-Policy:
 * no violation is reported while a tab joins, mines a block with the WebAssembly miner and shows
 * its join card (a data: QR image).
 */
import { expect, test } from '@playwright/test';
import { openTab } from './tabs';

test('the page works under its Content-Security-Policy with no violations', async ({ context }) => {
  const refused: string[] = [];
  context.on('console', (message) => {
    if (/Content Security Policy|Refused to/i.test(message.text())) refused.push(message.text());
  });
  // Runs before the page's own scripts, so a violation during start-up is seen too.
  await context.addInitScript(() => {
    const seen: string[] = [];
    (window as unknown as { cspViolations: string[] }).cspViolations = seen;
    document.addEventListener('securitypolicyviolation', (event) => seen.push(`${event.violatedDirective} ${event.blockedURI} ${event.sourceFile}:${event.lineNumber}:${event.columnNumber}`));
  });

  const tab = await openTab(context, 'csp-check', 6);
  const page = tab.page;
  const headers = (await page.request.get(page.url())).headers();
  expect(headers['content-security-policy']).toContain("script-src 'self' 'wasm-unsafe-eval'");
  expect(headers['x-frame-options']).toBe('DENY');

  await page.getByTestId('mine-one').click();
  await expect(page.getByTestId('tip-height')).toHaveText('1');
  // The block came from the WebAssembly miner in a worker, not the JavaScript fallback.
  await expect(page.getByTestId('mining-engine')).toHaveAttribute('data-engine', /^wasm/);

  await page.getByTestId('join-card-open').click();
  const qr = page.getByRole('dialog').getByTestId('join-card-qr');
  await expect(qr).toBeVisible();

  expect(await page.evaluate(() => (window as unknown as { cspViolations: string[] }).cspViolations)).toEqual([]);
  expect(refused).toEqual([]);
});
