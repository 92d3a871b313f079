/** Names people choose: one nickname for a tab, shown by every other tab; a clash gets a suffix. */
import { expect, test, type Page } from '@playwright/test';
import { mineOneBlock, openTab } from './tabs';

async function chooseNickname(page: Page, nickname: string): Promise<void> {
  // A new tab offers to change the name it joined with, without holding the tab up.
  await expect(page.getByTestId('nickname-prompt')).toBeVisible();
  await page.getByTestId('nickname-input').fill(nickname);
  await page.getByTestId('nickname-save').click();
  await expect(page.getByTestId('nickname-prompt')).toBeHidden();
}

test('a nickname chosen in one tab appears in another tab’s graph, event log and sync bar', async ({ context }) => {
  const amy = await openTab(context, 'names-shown', 6);
  await chooseNickname(amy.page, 'Amy');
  await expect(amy.page.getByTestId('self-nickname')).toHaveText('Amy');
  await mineOneBlock(amy); // so the next tab has something to sync from Amy

  const ben = await openTab(context, 'names-shown', 6);
  await expect(ben.page.getByTestId('peer-count')).toHaveText('1');
  await expect(ben.page.getByTestId('network-graph')).toContainText('Amy');
  await expect(ben.page.getByTestId('event-log').locator('li[data-kind="open"]')).toContainText('Amy');
  await expect(ben.page.getByTestId('sync-peer')).toContainText('Amy');

  // A later change reaches the other tab too, everywhere it is drawn.
  await amy.page.getByTestId('nickname-change').click();
  await chooseNickname(amy.page, '艾美');
  await expect(amy.page.getByTestId('self-nickname')).toHaveText('艾美');
  await expect(ben.page.getByTestId('network-graph')).toContainText('艾美');
  await expect(ben.page.getByTestId('sync-peer')).toContainText('艾美');
  await expect(ben.page.getByTestId('event-log')).toContainText('Amy is now called 艾美');
});

test('a nickname already in the room gets a suffix, and the second tab is told', async ({ context }) => {
  const first = await openTab(context, 'names-clash', 6);
  await chooseNickname(first.page, 'Amy');
  const second = await openTab(context, 'names-clash', 6);
  // A look-alike (Cyrillic а) is the same name to the room.
  await chooseNickname(second.page, 'аmy');
  await expect(second.page.getByTestId('self-nickname')).toHaveText('аmy 2');
  await expect(second.page.getByTestId('nickname-notice')).toHaveText('“аmy” was taken: you are “аmy 2”.');
  await expect(first.page.getByTestId('network-graph')).toContainText('аmy 2');
});

test('a nickname the rule refuses is explained before anything is sent, and ?nickname= names a tab', async ({ context }) => {
  const tab = await openTab(context, 'names-rule', 6, '&nickname=Zoé');
  await expect(tab.page.getByTestId('self-nickname')).toHaveText('Zoé');
  // A name given in the address is a choice already made: no prompt until the student asks for one.
  await expect(tab.page.getByTestId('nickname-prompt')).toBeHidden();
  await tab.page.getByTestId('nickname-change').click();
  await expect(tab.page.getByTestId('nickname-prompt')).toBeVisible();
  await tab.page.getByTestId('nickname-input').fill('Zo\u202Eé');
  await expect(tab.page.getByTestId('nickname-problem')).toHaveText(/writing direction/);
  await expect(tab.page.getByTestId('nickname-save')).toBeDisabled();
  await tab.page.getByTestId('nickname-keep').click();
  await expect(tab.page.getByTestId('self-nickname')).toHaveText('Zoé');
  // Kept for the tab: a reload joins under the same name without asking again.
  await tab.page.reload();
  await expect(tab.page.getByTestId('signalling-state')).toHaveAttribute('data-state', 'connected');
  await expect(tab.page.getByTestId('self-nickname')).toHaveText('Zoé');
  await expect(tab.page.getByTestId('nickname-prompt')).toBeHidden();
});

test('a duplicated tab (same stored identity as a live tab) takes a name of its own and says so', async ({ context }) => {
  const original = await openTab(context, 'names-duplicate', 6);
  const name = (await original.page.getByTestId('node-name').textContent())!;
  // "Duplicate tab" copies sessionStorage: this page starts with the original's identity, once.
  const copy = await context.newPage();
  await copy.addInitScript((identity) => {
    if (sessionStorage.getItem('e2e-duplicated')) return;
    sessionStorage.setItem('e2e-duplicated', '1');
    sessionStorage.setItem('meshchain.tab-identity', identity);
  }, name);
  await copy.goto('/?room=names-duplicate&difficulty=6');
  await expect(copy.getByTestId('event-log')).toContainText(`this tab's name ${name} was held by another tab of the room`, { timeout: 20_000 });
  await expect(copy.getByTestId('signalling-state')).toHaveAttribute('data-state', 'connected');
  await expect(copy.getByTestId('node-name')).not.toHaveText(name);
  await expect(copy.getByTestId('peer-count')).toHaveText('1');
  await expect(original.page.getByTestId('peer-count')).toHaveText('1');
});
