import { expect, test } from '@playwright/test';
import { openTab, type Tab } from './tabs';

const topology = (tab: Tab) => tab.page.getByTestId('topology');
const signalling = (tab: Tab) => tab.page.getByTestId('signalling-state');

test('one tab switches the whole room: every tab reloads into the new mode, and a latecomer follows', async ({ context }) => {
  test.setTimeout(90_000);
  const room = `switch-${Date.now().toString(36)}`;
  const tabs: Tab[] = [];
  for (let i = 0; i < 3; i++) tabs.push(await openTab(context, room));
  for (const tab of tabs) await expect(topology(tab)).toHaveText('mesh');
  await expect(tabs[0]!.page.getByTestId('topology-switch-mesh')).toHaveAttribute('aria-pressed', 'true');

  await tabs[0]!.page.getByTestId('topology-switch-unstructured').click();
  await tabs[0]!.page.getByTestId('topology-switch-unstructured-yes').click(); // a room-wide switch is confirmed first

  for (const tab of tabs) {
    // The mode shown comes from the page's own URL, so this is a reloaded page, not a relabelled one.
    await expect(topology(tab)).toHaveText('unstructured');
    expect(new URL(tab.page.url()).searchParams.get('topology')).toBe('unstructured');
    expect(new URL(tab.page.url()).searchParams.get('room')).toBe(room);
    await expect(signalling(tab)).toHaveAttribute('data-state', 'connected');
    await expect(tab.page.getByTestId('topology-switch-unstructured')).toHaveAttribute('aria-pressed', 'true');
  }

  // A tab opened later with ?topology=mesh joins, hears the room runs unstructured, and reloads into it.
  const late = await openTab(context, room, 6, '&topology=mesh');
  await expect(topology(late)).toHaveText('unstructured');
  await expect(signalling(late)).toHaveAttribute('data-state', 'connected');
  expect(new URL(late.page.url()).searchParams.get('topology')).toBe('unstructured');
});
