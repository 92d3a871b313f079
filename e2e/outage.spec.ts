import { expect, test } from '@playwright/test';
import { createSignalServer, type SignalServer } from '../signal-server/server';
import { expectFullMesh, mineOneBlock, tipHash, type Tab } from './tabs';

// This test runs its own signalling server, so it can stop it and start it again on the same port.
let server: SignalServer | undefined;
test.afterEach(async () => {
  await server?.close();
});

test('tabs keep relaying blocks while the signalling server is down, and rejoin when it returns', async ({ context }) => {
  server = createSignalServer({ staticDir: 'dist' });
  const port = await server.listen(0, '127.0.0.1');
  const open = async (): Promise<Tab> => {
    const page = await context.newPage();
    await page.goto(`http://localhost:${port}/?room=outage&difficulty=6`);
    await expect(page.getByTestId('signalling-state')).toHaveAttribute('data-state', 'connected');
    return { page, id: (await page.getByTestId('node-id').getAttribute('title'))! };
  };
  const a = await open();
  const b = await open();
  await expectFullMesh([a, b]);

  await server.close();
  for (const tab of [a, b]) await expect(tab.page.getByTestId('signalling-state')).toHaveAttribute('data-state', 'lost');
  const hash = await mineOneBlock(a);
  await expect(tipHash(b)).toHaveAttribute('title', hash); // tab to tab, no server involved

  server = createSignalServer({ staticDir: 'dist' });
  await server.listen(port, '127.0.0.1');
  for (const tab of [a, b]) await expect(tab.page.getByTestId('signalling-state')).toHaveAttribute('data-state', 'connected');
  // New server-given ids; the two tabs are still linked and did not dial each other again.
  const rejoined = await Promise.all([a, b].map(async (t) => ({ ...t, id: (await t.page.getByTestId('node-id').getAttribute('title'))! })));
  expect(rejoined[0]!.id).not.toBe(a.id);
  const c = await open();
  await expect(tipHash(c)).toHaveAttribute('title', hash);
  for (const tab of [...rejoined, c]) await expect(tab.page.getByTestId('peer-count')).toHaveText('2');
});

test('in an unstructured room, links lost while the server is down are repaired through neighbours', async ({ context }) => {
  server = createSignalServer({ staticDir: 'dist' });
  const port = await server.listen(0, '127.0.0.1');
  const open = async (): Promise<Tab> => {
    const page = await context.newPage();
    await page.goto(`http://localhost:${port}/?room=repair&difficulty=6&topology=unstructured&outbound=2`);
    await expect(page.getByTestId('signalling-state')).toHaveAttribute('data-state', 'connected');
    return { page, id: (await page.getByTestId('node-id').getAttribute('title'))! };
  };
  const tabs: Tab[] = [];
  for (let i = 0; i < 6; i++) tabs.push(await open());
  const count = (t: Tab) => t.page.getByTestId('peer-count').textContent().then(Number);
  for (const tab of tabs) await expect.poll(() => count(tab), { timeout: 30_000 }).toBeGreaterThanOrEqual(2);
  // Let the address gossip of the last links settle, so every tab knows who can pass signals on.
  for (const tab of tabs) await expect(tab.page.getByTestId('event-log')).toContainText('addr');

  await server.close();
  const [gone, ...rest] = tabs as [Tab, ...Tab[]];
  for (const tab of rest) await expect(tab.page.getByTestId('signalling-state')).toHaveAttribute('data-state', 'lost');
  await gone.page.close();
  // Tabs that lost a link to the closed tab dial an address they were told about, through the teller.
  await expect
    .poll(async () => (await Promise.all(rest.map((t) => t.page.getByTestId('event-log').textContent()))).join('\n'), { timeout: 30_000 })
    .toContain('dialling through');
  for (const tab of rest) await expect.poll(() => count(tab), { timeout: 30_000 }).toBeGreaterThanOrEqual(2);
  const hash = await mineOneBlock(rest[0]!);
  for (const tab of rest) await expect(tipHash(tab)).toHaveAttribute('title', hash, { timeout: 20_000 });
});
