/**
 * A hostile peer in a real room over real WebRTC: one tab's page script writes raw pub/sub frames
 * on its data channel (`meshchain.transport.send`, below the node, as a tab running other code would),
 * one message on each of 120 new topics, a few milliseconds apart. The victim holds the 64-topic cap
 * per link for 10 s (TOPIC_HOLD_MS), scores each new topic past it and drops the sender at the 84th;
 * its page says so in the event log and the sprayer leaves its peer list.
 */
import { expect, test } from '@playwright/test';
import { expectFullMesh, openTab } from './tabs';

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
  expect(sent).toBeGreaterThan(84);

  const log = victim.page.getByTestId('event-log');
  await expect(log.locator('li[data-kind="error"]', { hasText: 'dropped after 100 misbehaviour points' })).toHaveCount(1);
  await expect(log.locator('li[data-kind="error"]', { hasText: 'too many pub/sub messages' })).toHaveCount(20);
  await expect(log).toContainText('over 64 topics in 10 s on this link (new topic spray-65)');
  await expect(victim.page.getByTestId('peer-list').locator(`li[data-peer-id="${sprayer.id}"]`)).toHaveCount(0);
  await expect(victim.page.getByTestId('peer-count')).toHaveText('0');
  await context.close();
});
