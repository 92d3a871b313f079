import { expect, test } from '@playwright/test';
import { mineOneBlock, openTab, tipHash, type Tab } from './tabs';

test('a kademlia room: the panel shows k-buckets, and a pasted block hash is found hop by hop at another tab', async ({ context }) => {
  test.setTimeout(120_000);
  const tabs: Tab[] = [];
  for (let i = 0; i < 6; i++) tabs.push(await openTab(context, 'kademlia-6', 6, '&topology=kademlia&k=2'));
  for (const tab of tabs) await expect(tab.page.getByTestId('topology')).toHaveText('kademlia');

  // Each tab files the others in k-buckets by shared prefix; the panel shows them with their distances.
  for (const tab of tabs) {
    await expect.poll(() => tab.page.getByTestId('kcontact').count(), { timeout: 30_000 }).toBeGreaterThanOrEqual(2);
  }
  const id = await tabs[0]!.page.getByTestId('dht-id').textContent();
  expect(id).toMatch(/^[0-9a-f]{40}$/);

  // The miner stores its block at the k tabs closest to the block's hash; the last tab finds it.
  const hash = await mineOneBlock(tabs[1]!);
  for (const tab of tabs) await expect(tipHash(tab)).toHaveAttribute('title', hash, { timeout: 30_000 });
  // A tab that does not hold the block itself, so the value has to be fetched from another tab.
  const holds = await Promise.all(
    tabs.map((t) => t.page.evaluate((key) => (window as unknown as { meshchain: { kademlia: { dht: { values: { get(k: string): unknown } } } } }).meshchain.kademlia.dht.values.get(key) !== undefined, hash.slice(0, 40))),
  );
  const seekerIndex = holds.findIndex((held) => !held);
  expect(seekerIndex).toBeGreaterThanOrEqual(0);
  const seeker = tabs[seekerIndex]!.page;
  await seeker.getByTestId('dht-find-input').fill(hash);
  await seeker.getByTestId('dht-find').click();
  const result = seeker.getByTestId('dht-find-result');
  await expect(result).toHaveAttribute('data-status', 'found', { timeout: 20_000 });
  await expect(result).toContainText('block #1 mined by');
  await expect(result).toContainText(/after [1-9]\d* hop\(s\)/);
  await expect(seeker.getByTestId('lookup').first()).toBeVisible();

  // A typo is refused with a clear message, not searched for.
  await seeker.getByTestId('dht-find-input').fill('not a hash');
  await seeker.getByTestId('dht-find').click();
  await expect(result).toHaveAttribute('data-status', 'bad-input');
});
