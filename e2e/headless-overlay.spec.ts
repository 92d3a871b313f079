/**
 * The headless peer in a room that is not a mesh: it runs the room's overlay (here unstructured,
 * with the room-scaled links) rather than leaving, the tabs' graph marks it as a headless peer,
 * and when the room switches to Kademlia mid-run it rebuilds its links and stays, still syncing.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { spawnPeer, type PeerProcess } from './peer-process';
import { mineAndSpread, mineOneBlock, openTab, tipHash, type Tab } from './tabs';

test.setTimeout(120_000);

/** The tab's network graph: the member named `tabName` as it is drawn. */
const graphNode = (page: Page, tabName: string) => page.getByTestId('network-graph').locator(`g[data-name="${tabName}"]`);

test('a headless peer follows an unstructured room, shows as headless in the graph, and stays through a switch to Kademlia', async ({ browser }) => {
  const room = `headless-overlay-${Date.now().toString(36)}`;
  const dataDir = mkdtempSync(join(tmpdir(), 'meshchain-peer-e2e-'));
  const context = await browser.newContext();
  const tabs: Tab[] = [];
  for (let i = 0; i < 2; i++) tabs.push(await openTab(context, room, 6, '&topology=unstructured'));
  // A third tab shows the stage (it is a member of the room too).
  const stage = await context.newPage();
  await stage.goto(`/?room=${room}&difficulty=6&topology=unstructured&view=stage`);
  for (const tab of tabs) await expect(tab.page.getByTestId('peer-count')).toHaveText('2');
  const tabsTip = await mineAndSpread(tabs[0]!, tabs);

  let peer: PeerProcess | undefined;
  try {
    // Asked for no mode: it follows the room's.
    peer = spawnPeer(room, dataDir);
    const joined = await peer.waitFor(/joined room .* \(tab name (\S+), id [A-Za-z0-9_-]+\); 3 member\(s\) there; topology unstructured/);
    const peerName = joined.match[1]!;
    const running = await peer.waitFor(/running the unstructured overlay: (\d+) outbound link\(s\), at most (\d+) inbound, in a room of 4/);
    expect(running.match[1]).toBe('2'); // room-scaled as a tab's: 2 outbound up to 8 members
    const synced = await peer.waitFor(/sync from .* done: \d+ blocks in \d+ ms; tip height 1 ([0-9a-f]{64})/);
    expect(synced.match[1]).toBe(tabsTip);

    for (const tab of tabs) {
      // Drawn as what it is: a headless peer, square, named in the graph's label and the legend.
      await expect(graphNode(tab.page, peerName)).toHaveAttribute('data-kind', 'headless');
      await expect(graphNode(tab.page, peerName).locator('title')).toHaveText('archive (headless peer: no page, keeps the chain)');
      await expect(graphNode(tab.page, peerName).locator('rect')).toHaveCount(1);
      // Counted as what it is: the room has members, not four tabs.
      await expect(tab.page.getByTestId('network-graph')).toHaveAttribute('aria-label', /the room: 4 members: 3 tabs, 1 headless peer; \d+ links?$/);
      await expect(tab.page.getByTestId('graph-legend')).toContainText('Square: a headless peer');
      // The tabs themselves stay tabs (circles).
      await expect(tab.page.getByTestId('network-graph').locator('g[data-kind="tab"] circle')).toHaveCount(3);
    }
    // The stage draws it as a square too, with a legend entry that says what it is.
    const onStage = stage.getByTestId('stage-graph').locator(`[data-testid="stage-node"][data-name="${peerName}"]`);
    await expect(onStage).toHaveAttribute('data-kind', 'headless');
    await expect(onStage.locator('rect.node-body')).toHaveCount(1);
    await expect(onStage.locator('title')).toContainText('archive (headless peer, keeps the chain)');
    await expect(stage.getByTestId('stage-graph').locator('[data-testid="stage-node"][data-kind="tab"]')).toHaveCount(3);
    await expect(stage.getByTestId('stage-legend-headless')).toContainText('Square: a headless peer');
    await expect(stage.getByTestId('stage-subtitle')).toContainText('· 4 members: 3 tabs, 1 headless peer ·');
    await expect(stage.getByTestId('stage-graph')).toHaveAttribute('aria-label', /^The room's network: 4 members: 3 tabs, 1 headless peer; \d+ links?$/);
    // The join card on the projector counts the room the same way.
    await tabs[0]!.page.getByTestId('join-card-open').click();
    await expect(tabs[0]!.page.getByTestId('join-card-count')).toHaveText('4 members: 3 tabs, 1 headless peer in this room now');
    await tabs[0]!.page.getByTestId('join-card-close').click();
    await expect(tabs[0]!.page.getByTestId('join-card')).toBeHidden();
    // The tabs linked to it (one at least: its own outbound links) list it with the badge, and only it.
    const badges = () => Promise.all(tabs.map((tab) => tab.page.getByTestId('peer-list').locator('li', { hasText: 'archive' }).getByTestId('headless-badge').count()));
    await expect.poll(async () => (await badges()).reduce((a, b) => a + b, 0)).toBeGreaterThanOrEqual(1);
    for (const tab of tabs) await expect(tab.page.getByTestId('peer-list').getByTestId('headless-badge')).toHaveCount(await tab.page.getByTestId('peer-list').locator('li', { hasText: 'archive' }).count());
    const peerLinks = await peer.waitFor(/link open to .* \((\d+) link\(s\)\)/, running.index);

    // A block mined in a tab reaches the peer over the overlay's links.
    const second = await mineOneBlock(tabs[1]!);
    await peer.waitFor(new RegExp(`block height 2 ${second}`));
    // The block's spread over the room counts members, the headless peer among them, not tabs.
    await expect(tipHash(tabs[0]!)).toHaveAttribute('title', second);
    await tabs[0]!.page.locator(`table.chain tr[data-hash="${second}"]`).click();
    await expect(tabs[0]!.page.getByTestId('room-block-stats')).toHaveText(/^reached \d\/4 members \(tabs and headless peers\), p50 /);
    test.info().annotations.push({ type: 'links', description: `headless peer in an unstructured room of 4: ${peerLinks.match[1]} link(s) at first open; tabs' graph edges: ${await tabs[0]!.page.getByTestId('network-graph').getAttribute('data-edges')}` });

    // The room switches to Kademlia: the tabs reload into it; the peer rebuilds its links and stays.
    const before = peer.lines.length;
    await tabs[0]!.page.evaluate(() => (window as unknown as { meshchain: { switchTopology(t: string): void } }).meshchain.switchTopology('kademlia'));
    await peer.waitFor(/the room switched to kademlia: closing \d+ link\(s\) and starting over/, before);
    await peer.waitFor(/running the Kademlia overlay: k = \d+/, before);
    for (const tab of tabs) {
      await expect(tab.page.getByTestId('topology')).toHaveText('kademlia');
      await expect(tab.page.getByTestId('signalling-state')).toHaveAttribute('data-state', 'connected');
    }
    await peer.waitFor(/link open to /, before);
    const third = await mineOneBlock(tabs[0]!);
    await peer.waitFor(new RegExp(`block height 3 ${third}`), before);
    expect(peer.exitMessage).toBeNull();
    for (const tab of tabs) await expect(tipHash(tab)).toHaveAttribute('title', third);
    await expect(graphNode(tabs[1]!.page, peerName)).toHaveAttribute('data-kind', 'headless');
  } finally {
    await peer?.stop();
    await context.close();
    if (peer) await test.info().attach('headless peer log', { body: peer.lines.join('\n'), contentType: 'text/plain' });
    if (process.env.SHOW_PEER_LOG && peer) console.log(peer.lines.join('\n'));
    rmSync(dataDir, { recursive: true, force: true });
  }
});
