/**
 * A hostile peer in a real room over real WebRTC: one tab's page script writes raw pub/sub frames
 * on its data channel (`meshchain.transport.send`, below the node, as a tab running other code would),
 * one message on each of 120 new topics, a few milliseconds apart. The victim holds the 64-topic cap
 * per link for 10 s (TOPIC_HOLD_MS), scores each new topic past it and drops the sender at the 84th;
 * its page says so in the event log and the sprayer leaves its peer list. A second tab asks for the
 * same blocks (which it already has) hundreds of times: past its serving budget for repeats (128 KiB/s) and 8 waiting requests, each
 * request is refused and scored 5 points, and it is dropped at the 20th.
 */
import { expect, test } from '@playwright/test';
import { expectFullMesh, mineAndSpread, openTab } from './tabs';

type Meshchain = {
  node: { id: string };
  transport: { send(peerId: string, data: string): void; connectedPeers(): string[] };
};

test('a tab spraying one pub/sub message on each of 120 new topics is scored and dropped; the victim page shows it', async ({ browser }) => {
  const context = await browser.newContext();
  const room = `hostile-${Date.now()}`;
  const victim = await openTab(context, room, 6, '&lang=en');
  const sprayer = await openTab(context, room, 6, '&lang=en');
  await expectFullMesh([victim, sprayer]);

  const sent = await sprayer.page.evaluate(async (to) => {
    const { node, transport } = (window as unknown as { meshchain: Meshchain }).meshchain;
    let count = 0;
    for (let i = 1; i <= 120 && transport.connectedPeers().includes(to); i++) {
      const frame = { type: 'publish', topic: `spray-${i}`, origin: node.id, seqno: Date.now() * 1000 + i, data: `spam ${i}` };
      transport.send(to, JSON.stringify({ v: 2, type: 'pubsub', frame }));
      count = i;
      // Spread out, as a real burst is: refilling alone used to forget each topic 50 ms after its message.
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    return count;
  }, victim.id);
  expect(sent).toBeGreaterThanOrEqual(84); // it stops when its link closes, right after the 84th arrives

  const log = victim.page.getByTestId('event-log');
  await expect(log.locator('li[data-kind="error"]', { hasText: 'dropped after 100 misbehaviour points' })).toHaveCount(1);
  await expect(log.locator('li[data-kind="error"]', { hasText: 'too many pub/sub messages' })).toHaveCount(20);
  await expect(log).toContainText('over 64 topics in 10 s on this link (new topic spray-65)');
  await expect(victim.page.getByTestId('peer-list').locator(`li[data-peer-id="${sprayer.id}"]`)).toHaveCount(0);
  await expect(victim.page.getByTestId('peer-count')).toHaveText('0');
  await context.close();
});

type ChainView = { tip: { hash: string }; tree: { get(hash: string): { block: { header: { prevHash: string } } } | undefined } };

test('a tab asking for blocks far faster than they are served is refused past its queue, scored 20 times and dropped; the victim page shows why', async ({ browser }) => {
  const context = await browser.newContext();
  const room = `amplify-${Date.now()}`;
  const victim = await openTab(context, room, 6, '&lang=en');
  const asker = await openTab(context, room, 6, '&lang=en');
  await expectFullMesh([victim, asker]);
  for (let i = 0; i < 16; i++) await mineAndSpread(victim, [victim, asker]);

  const result = await asker.page.evaluate(async (to) => {
    const { node, transport } = (window as unknown as { meshchain: Meshchain & { node: ChainView } }).meshchain;
    const hashes: string[] = [];
    for (let hash = node.tip.hash, i = 0; i < 16; i++, hash = node.tree.get(hash)!.block.header.prevHash) hashes.push(hash);
    let sent = 0;
    // 400 requests for the same 16 bodies it already has, in bursts of 50: about 1.2 KB asked for each
    // ~5.5 KB answered, several times the budget for repeats however fast the victim reads them.
    for (let burst = 0; burst < 8 && transport.connectedPeers().includes(to); burst++) {
      for (let i = 0; i < 50; i++, sent++) transport.send(to, JSON.stringify({ v: 2, type: 'get-blocks', hashes }));
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    return { sent };
  }, victim.id);
  expect(result.sent).toBeGreaterThan(100);

  const log = victim.page.getByTestId('event-log');
  // The victim's page handles a few hundred requests a second while it logs each one: give it time.
  await expect(log.locator('li[data-kind="error"]', { hasText: 'dropped after 100 misbehaviour points' })).toHaveCount(1, { timeout: 45_000 });
  await expect(log.locator('li[data-kind="error"]', { hasText: 'asked for blocks or headers faster than this tab serves them' })).toHaveCount(20);
  await expect(victim.page.getByTestId('peer-count')).toHaveText('0');
  await context.close();
});
