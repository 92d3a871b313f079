/**
 * A headless Node.js peer (peer/main.ts, real WebRTC through @roamhq/wrtc) in a room of Chromium
 * tabs: it joins like a tab, syncs their chain, mines a block they accept, and keeps the chain
 * after every tab has closed, so a late tab syncs from it alone.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import { PeerProcess, spawnPeer } from './peer-process';
import { expectFullMesh, mineAndSpread, openTab, openTabs, tipHash } from './tabs';

test('a headless peer syncs a room, mines a block the tabs accept, and keeps the chain for a late tab', async ({ browser }) => {
  const room = `headless-${Date.now().toString(36)}`;
  const dataDir = mkdtempSync(join(tmpdir(), 'meshchain-peer-e2e-'));
  const context = await browser.newContext();
  const tabs = await openTabs(context, room, 3);
  await expectFullMesh(tabs);
  await mineAndSpread(tabs[0]!, tabs);
  const tabsTip = await mineAndSpread(tabs[1]!, tabs);

  const startPeer = (...extra: string[]) => spawnPeer(room, dataDir, ...extra);
  const peer = startPeer('--mine-blocks', '1');
  let restarted: PeerProcess | undefined;
  try {
    const joined = await peer.waitFor(/joined room .* as "archive" \(tab name \S+, id ([A-Za-z0-9_-]+)\); 3 member\(s\) there/);
    const peerId = joined.match[1]!;
    // Every tab links to it, and calls it by its nickname.
    for (const tab of tabs) {
      await expect(tab.page.getByTestId('peer-count')).toHaveText('3');
      await expect(tab.page.getByTestId('peer-list').locator(`li[data-peer-id="${peerId}"]`)).toContainText('archive');
    }
    const synced = await peer.waitFor(/sync from .* done: \d+ blocks in \d+ ms; tip height 2 ([0-9a-f]{64})/);
    expect(synced.match[1]).toBe(tabsTip);
    const mined = await peer.waitFor(/mined block height 3 ([0-9a-f]{64})/);
    const peerTip = mined.match[1]!;
    for (const tab of tabs) await expect(tipHash(tab)).toHaveAttribute('title', peerTip);

    // Every tab goes; the peer stays, with the chain.
    await context.close();
    await peer.waitFor(/link closed to .* \(0 link\(s\) left\)/, mined.index);

    const late = await browser.newContext();
    const newcomer = await openTab(late, room);
    await expect(newcomer.page.getByTestId('peer-count')).toHaveText('1');
    await expect(tipHash(newcomer)).toHaveAttribute('title', peerTip);
    await expect(newcomer.page.getByTestId('tip-height')).toHaveText('3');

    // Restarted, it reads its chain back from disk, validates it, and the tab links to it again.
    await peer.stop();
    await expect(newcomer.page.getByTestId('peer-count')).toHaveText('0');
    restarted = startPeer();
    const restored = await restarted.waitFor(/(\d+) blocks restored and validated, tip height 3 ([0-9a-f]{16})/);
    expect(restored.match[1]).toBe('3');
    expect(peerTip.startsWith(restored.match[2]!)).toBe(true);
    await expect(newcomer.page.getByTestId('peer-count')).toHaveText('1');
    await late.close();
  } finally {
    await peer.stop();
    await restarted?.stop();
    // The peer's own account of the run (sync time, links), kept with the test's results.
    const log = [...peer.lines, ...(restarted ? ['(restarted)', ...restarted.lines] : [])].join('\n');
    await test.info().attach('headless peer log', { body: log, contentType: 'text/plain' });
    if (process.env.SHOW_PEER_LOG) console.log(log);
    rmSync(dataDir, { recursive: true, force: true });
  }
});
