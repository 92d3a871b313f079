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
  test.setTimeout(120_000);
  server = createSignalServer({ staticDir: 'dist' });
  const port = await server.listen(0, '127.0.0.1');
  const open = async (): Promise<Tab> => {
    const page = await context.newPage();
    await page.goto(`http://localhost:${port}/?room=repair&difficulty=6&topology=unstructured&outbound=2`);
    await expect(page.getByTestId('signalling-state')).toHaveAttribute('data-state', 'connected');
    return { page, id: (await page.getByTestId('node-id').getAttribute('title'))! };
  };
  // Ten tabs with two outbound links each: sparse enough that a tab losing a link has tabs left to dial.
  const tabs: Tab[] = [];
  for (let i = 0; i < 10; i++) tabs.push(await open());
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

test('in a kademlia room without its server, lookups reach new contacts through the tabs that named them', async ({ context }) => {
  // Ten tabs joining, mining and nine FIND_VALUEs take 70–110 s on two loaded cores: 120 s left
  // too little for the lookup's own 45 s and the server's return.
  test.setTimeout(180_000);
  server = createSignalServer({ staticDir: 'dist' });
  const port = await server.listen(0, '127.0.0.1');
  const open = async (): Promise<Tab> => {
    const page = await context.newPage();
    await page.goto(`http://localhost:${port}/?room=kad-outage&difficulty=6&topology=kademlia&k=2`);
    await expect(page.getByTestId('signalling-state')).toHaveAttribute('data-state', 'connected');
    return { page, id: (await page.getByTestId('node-id').getAttribute('title'))! };
  };
  const tabs: Tab[] = [];
  for (let i = 0; i < 10; i++) tabs.push(await open());
  for (const tab of tabs) await expect.poll(() => tab.page.getByTestId('kcontact').count(), { timeout: 30_000 }).toBeGreaterThanOrEqual(1);

  await server.close();
  const [gone, ...rest] = tabs as [Tab, ...Tab[]];
  for (const tab of rest) await expect(tab.page.getByTestId('signalling-state')).toHaveAttribute('data-state', 'lost');
  await gone.page.close();
  // Blocks still spread, and every tab still finds one by its hash.
  const hash = await mineOneBlock(rest[0]!);
  for (const tab of rest) await expect(tipHash(tab)).toHaveAttribute('title', hash, { timeout: 20_000 });
  for (const tab of rest) {
    await tab.page.getByTestId('dht-find-input').fill(hash);
    await tab.page.getByTestId('dht-find').click();
    await expect(tab.page.getByTestId('dht-find-result')).toHaveAttribute('data-status', 'found', { timeout: 20_000 });
  }
  // A tab looks up another it has no link to (by its DHT id): the new link is set up through relays.
  const names = await Promise.all(rest.map((t) => t.page.getByTestId('node-name').textContent()));
  const linkedNames = (t: Tab) => t.page.getByTestId('peer-list').textContent();
  const unlinkedPair = async (): Promise<[Tab, Tab, string] | undefined> => {
    for (const a of rest) {
      const listed = (await linkedNames(a)) ?? '';
      const i = rest.findIndex((b, j) => b !== a && !listed.includes(`“${names[j]}”`));
      if (i >= 0) return [a, rest[i]!, names[i]!];
    }
    return undefined;
  };
  // The finds above left passing links (closed 5 s after their contact is out of the dialler's table).
  let pair: [Tab, Tab, string] | undefined;
  await expect.poll(async () => (pair = await unlinkedPair()), { message: 'a remaining tab not linked to another', timeout: 30_000 }).toBeDefined();
  const [seeker, sought, soughtName] = pair!;
  const soughtId = (await sought.page.getByTestId('dht-id').textContent())!;
  await seeker.page.getByTestId('dht-find-input').fill(soughtId);
  // Right after the outage the routing tables are still settling: a student would press Find again.
  await expect(async () => {
    await seeker.page.getByTestId('dht-find').click();
    await expect(seeker.page.getByTestId('dht-find-result')).toHaveAttribute('data-status', 'found', { timeout: 15_000 });
  }).toPass({ timeout: 45_000 });
  await expect(seeker.page.getByTestId('peer-list')).toContainText(`“${soughtName}”`);
  // Either end may dial: the seeker through the tab that named the sought one, or the sought tab
  // (whose table the lookup reached) through a neighbour of the seeker. Both are relayed signals.
  const soughtNickname = (await sought.page.getByTestId('self-nickname').textContent())!;
  const escaped = soughtNickname.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  await expect(seeker.page.getByTestId('event-log')).toContainText(
    new RegExp(`through the tab that named it \\(signalling server away\\)|offer from ${escaped}, passed on`),
  );

  server = createSignalServer({ staticDir: 'dist' });
  await server.listen(port, '127.0.0.1');
  for (const tab of rest) await expect(tab.page.getByTestId('signalling-state')).toHaveAttribute('data-state', 'connected');
});
