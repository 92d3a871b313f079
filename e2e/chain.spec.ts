import { expect, test } from '@playwright/test';
import { expectFullMesh, mineAndSpread, openTab, openTabs, tipHash } from './tabs';

test('a transfer between two tabs confirms in a third tab’s view', async ({ context }) => {
  const [alice, bob, carol] = await openTabs(context, 'transfer', 3);
  await expectFullMesh([alice!, bob!, carol!]);
  await mineAndSpread(alice!, [bob!, carol!]);
  await expect(alice!.page.getByTestId('wallet-balance')).toHaveText('50 coins');

  // Tabs are known by their nicknames (the one the server granted, shown at the top of each tab).
  const bobName = (await bob!.page.getByTestId('self-nickname').textContent())!;
  await alice!.page.getByTestId('send-to').selectOption({ label: bobName });
  await alice!.page.getByTestId('send-amount').fill('10');
  await alice!.page.getByTestId('send-fee').fill('2');
  await alice!.page.getByTestId('send').click();
  await expect(alice!.page.getByTestId('send-outcome')).toContainText('pending');

  const rowAtCarol = carol!.page.getByTestId('transfers').locator('tbody tr[data-tx]').first();
  await expect(rowAtCarol).toHaveAttribute('data-status', 'pending');
  await mineAndSpread(bob!, [alice!, carol!]); // bob's block includes the transfer and pays bob the fee
  await expect(rowAtCarol).toHaveAttribute('data-status', 'in-block');
  await mineAndSpread(carol!, [alice!, bob!]);
  await mineAndSpread(carol!, [alice!, bob!]);
  await expect(rowAtCarol).toHaveAttribute('data-status', 'confirmed');
  await expect(rowAtCarol).toContainText(bobName);
  await expect(bob!.page.getByTestId('wallet-balance')).toHaveText(`${10 + 50 + 2} coins`);
  await expect(alice!.page.getByTestId('wallet-balance')).toHaveText(`${50 - 10 - 2} coins`);
});

test('a tab opened late syncs a 500-block chain, headers first, with the progress bar reaching 100 %', async ({ context }) => {
  test.setTimeout(120_000);
  const room = 'long-chain';
  const miner = await openTab(context, room, 0, '&interval=0');
  await miner.page.getByTestId('mine-start').click();
  await expect(async () => {
    expect(Number(await miner.page.getByTestId('tip-height').textContent())).toBeGreaterThanOrEqual(500);
  }).toPass({ timeout: 90_000 });
  await miner.page.getByTestId('mine-stop').click();
  await expect(miner.page.getByTestId('mining-status')).toHaveAttribute('data-running', 'false');
  // The chain view redraws a few times a second: wait until it shows the node's final tip.
  const nodeTip = () => miner.page.evaluate(() => (window as unknown as { meshchain: { node: { tip: { hash: string } } } }).meshchain.node.tip.hash);
  await expect(tipHash(miner)).toHaveAttribute('title', await nodeTip());
  const hash = await tipHash(miner).getAttribute('title');

  const late = await openTab(context, room, 0, '&interval=0');
  await expect(tipHash(late)).toHaveAttribute('title', hash!);
  await expect(late.page.getByTestId('sync-percent')).toHaveText('100 %');
  await expect(late.page.getByTestId('sync-status')).toHaveAttribute('data-phase', 'done');
  const height = Number(await late.page.getByTestId('tip-height').textContent());
  expect(height).toBeGreaterThanOrEqual(500);
  await expect(late.page.getByTestId('sync-status')).toContainText(`synced ${height} of ${height} blocks`);
});
