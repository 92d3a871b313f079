import { expect, test } from '@playwright/test';
import { expectFullMesh, mineAndSpread, mineOneBlock, openTab, openTabs, tipHash } from './tabs';

// Each test uses its own room, so tests sharing the one signalling server never meet.

test('four tabs form a full mesh and draw it', async ({ context }) => {
  const tabs = await openTabs(context, 'mesh-four', 4);
  await expectFullMesh(tabs);
  for (const tab of tabs) {
    await expect(tab.page.getByRole('img', { name: 'network: this tab and 3 peers' })).toBeVisible();
    await expect(tab.page.getByTestId('event-log').locator('li[data-kind="open"]')).toHaveCount(3);
  }
});

test('a block mined in one tab appears in every tab', async ({ context }) => {
  const tabs = await openTabs(context, 'mine-gossip', 4);
  await expectFullMesh(tabs);
  const hash = await mineOneBlock(tabs[0]!);
  for (const tab of tabs) {
    await expect(tipHash(tab)).toHaveAttribute('title', hash);
    await expect(tab.page.getByTestId('chain-table').locator('tbody tr').first()).toHaveAttribute('data-hash', hash);
  }
  await expect(tabs[0]!.page.getByTestId('found-count')).toHaveText('1');
  await expect(tabs[1]!.page.getByTestId('event-log')).toContainText('← block');

  // Opening the block shows the 80 header bytes that were hashed and what relaying it cost.
  const receiver = tabs[1]!.page;
  await receiver.getByTestId('chain-table').locator(`tr[data-hash="${hash}"]`).click();
  const prevHashRow = receiver.getByTestId('header-bytes').locator('tr[data-field="prevHash"]');
  await expect(prevHashRow).toContainText(await tipHashOfParent(receiver, hash));
  await expect(receiver.getByTestId('block-traffic').locator('tr.total')).toContainText(/total\s*[1-9]/);
});

/** The previous-hash column of a block's row, in full. */
async function tipHashOfParent(page: import('@playwright/test').Page, hash: string): Promise<string> {
  const prev = await page.getByTestId('chain-table').locator(`tr[data-hash="${hash}"] td`).nth(2).getAttribute('title');
  if (!prev) throw new Error('no previous hash shown');
  return prev;
}

test('a tab opened later downloads the chain and shows the same tip', async ({ context }) => {
  const [first, second] = await openTabs(context, 'late-join', 2);
  await expectFullMesh([first!, second!]);
  await mineAndSpread(first!, [second!]);
  await mineAndSpread(second!, [first!]);
  const hash = await mineAndSpread(first!, [second!]);
  const late = await openTab(context, 'late-join');
  await expect(tipHash(late)).toHaveAttribute('title', hash);
  await expect(late.page.getByTestId('tip-height')).toHaveText('3');
  await expect(late.page.getByTestId('sync-status')).toContainText('synced 3 of 3 blocks');
  await expect(late.page.getByTestId('sync-percent')).toHaveText('100 %');
});

test('a closed tab disappears from the others', async ({ context }) => {
  const tabs = await openTabs(context, 'leaving', 3);
  await expectFullMesh(tabs);
  const [stay1, stay2, leaver] = tabs as [(typeof tabs)[0], (typeof tabs)[0], (typeof tabs)[0]];
  await leaver.page.close();
  await expectFullMesh([stay1, stay2]);
  await expect(stay1.page.getByTestId('event-log').locator('li[data-kind="close"]')).toHaveCount(1);
});

test('tabs in another room never connect to this one', async ({ context }) => {
  const roomA = await openTabs(context, 'room-a', 2);
  const roomB = await openTabs(context, 'room-b', 2);
  await expectFullMesh(roomA);
  await expectFullMesh(roomB);
  const hash = await mineOneBlock(roomA[0]!);
  await expect(tipHash(roomA[1]!)).toHaveAttribute('title', hash);
  for (const tab of roomB) {
    await expect(tab.page.getByTestId('tip-height')).toHaveText('0');
    await expect(tab.page.getByTestId('room-name')).toHaveText('room-b');
  }
});

test('a bad room name in the URL is explained, and the tab joins the default room', async ({ context }) => {
  const page = await context.newPage();
  await page.goto('/?room=a%2Fb'); // '/' cannot be in a room name (rooms travel in URLs)
  await expect(page.getByTestId('problem')).toContainText('is not a room name');
  await expect(page.getByTestId('room-name')).toHaveText('lobby');
  await expect(page.getByTestId('signalling-state')).toHaveAttribute('data-state', 'connected');
});

test('mining runs in a worker: the page keeps answering while it mines', async ({ context }) => {
  // 32 bits (the most a room allows): about 4.3 billion hashes a block, so none is found in the few
  // seconds this runs (at 26 bits a block could turn up within the run and fail the last check).
  const tab = await openTab(context, 'busy-miner', 32);
  await tab.page.getByTestId('mine-start').click();
  await expect(tab.page.getByTestId('mining-status')).toContainText(/at [1-9][\d,]* hashes\/s/);
  await tab.page.getByTestId('mine-stop').click();
  await expect(tab.page.getByTestId('mining-status')).toHaveAttribute('data-running', 'false');
  await expect(tab.page.getByTestId('tip-height')).toHaveText('0');
});

test('a reload keeps the chain and the tab name; the reset button forgets the chain', async ({ context }) => {
  const tab = await openTab(context, 'reload-keeps');
  const name = await tab.page.getByTestId('node-name').textContent();
  await mineOneBlock(tab);
  const hash = await mineOneBlock(tab);
  await tab.page.reload();
  await expect(tab.page.getByTestId('signalling-state')).toHaveAttribute('data-state', 'connected');
  await expect(tipHash(tab)).toHaveAttribute('title', hash);
  await expect(tab.page.getByTestId('node-name')).toHaveText(name!);
  await expect(tab.page.getByTestId('event-log')).toContainText('restored 2 saved blocks');

  await tab.page.getByTestId('reset-chain').click();
  await tab.page.getByTestId('reset-chain-yes').click(); // the page asks first
  await expect(tab.page.getByTestId('signalling-state')).toHaveAttribute('data-state', 'connected');
  await expect(tab.page.getByTestId('tip-height')).toHaveText('0'); // alone in its room: nobody to resync from
});
