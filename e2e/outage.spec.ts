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
