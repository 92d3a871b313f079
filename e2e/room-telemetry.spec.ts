import { expect, test } from '@playwright/test';
import { expectFullMesh, mineAndSpread, openTabs, type Tab } from './tabs';

const nameOf = async (tab: Tab) => {
  const name = await tab.page.getByTestId('node-name').textContent();
  if (!name || name === '—') throw new Error('the tab shows no name');
  return name;
};

test("a block mined in tab A: tab D shows it reached every tab and the way it came from A, on the room's whole overlay", async ({ context }) => {
  test.setTimeout(90_000);
  const room = `telemetry-${Date.now().toString(36)}`;
  const tabs = await openTabs(context, room, 4);
  await expectFullMesh(tabs);
  const [a, , , d] = tabs as [Tab, Tab, Tab, Tab];
  const [aName, dName] = [await nameOf(a), await nameOf(d)];

  // D draws the whole room from the reports: 4 tabs and the 6 links of a full mesh, not only its own 3.
  const graph = d.page.getByTestId('network-graph');
  await expect(graph).toHaveAttribute('data-nodes', '4');
  await expect(graph).toHaveAttribute('data-edges', '6');

  const hash = await mineAndSpread(a, tabs);
  await d.page.locator(`table.chain tr[data-hash="${hash}"]`).click();

  const stats = d.page.getByTestId('room-block-stats');
  await expect(stats).toContainText('reached 4/4 tabs');
  await expect(stats).toHaveText(/reached 4\/4 tabs, p50 \d+ ms, p90 \d+ ms, \d+ messages, \d+ bytes over the room/);
  const path = d.page.getByTestId('block-path');
  await expect(path).toHaveAttribute('data-complete', 'true');
  const names = (await path.getAttribute('data-path'))!.split(',');
  expect(names[0]).toBe(aName);
  expect(names.at(-1)).toBe(dName);
  // The path is drawn with the names people know the tabs by (their nicknames).
  const nicknames = new Map(await Promise.all(tabs.map(async (t) => [await nameOf(t), (await t.page.getByTestId('self-nickname').textContent())!] as const)));
  await expect(path).toHaveText(names.map((n) => nicknames.get(n) ?? n).join(' → '));
  // The same path is drawn on the graph, one highlighted line per hop.
  await expect(graph.getByTestId('path-link')).toHaveCount(names.length - 1);
});
