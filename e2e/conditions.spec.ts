/**
 * The room's link conditions in real tabs over real WebRTC: applied on receive by each tab's link
 * conditioner (web/net/link-conditioner.ts), set here the way the teacher's desk will, through
 * `meshchain.transport.setConditions`. The page does not show per-link round trips yet, so the
 * latency test reads the node's own ping measurements.
 */
import { expect, test, type Page } from '@playwright/test';
import { expectFullMesh, mineOneBlock, openTabs, tipHash } from './tabs';

type Meshchain = {
  node: {
    ping(peerId: string): string | null;
    events: { on(event: string, fn: (...args: unknown[]) => void): () => void };
  };
  transport: {
    tabName: string;
    setConditions(c: unknown): { ok: boolean; detail?: string };
    on(event: string, fn: (...args: unknown[]) => void): () => void;
    conditioner: { dropped: { partition: number; loss: number } };
  };
};

const setConditions = (page: Page, conditions: unknown) =>
  page.evaluate((c) => (window as unknown as { meshchain: Meshchain }).meshchain.transport.setConditions(c), conditions);

/** The median of five ping round trips (node clock) from this page to `peerId`, one after another. */
const medianRoundTrip = (page: Page, peerId: string) =>
  page.evaluate(async (peer) => {
    const { node } = (window as unknown as { meshchain: Meshchain }).meshchain;
    const rtts: number[] = [];
    for (let i = 0; i < 5; i++) {
      rtts.push(
        await new Promise<number>((resolve, reject) => {
          let nonce: string | null = null;
          const off = node.events.on('pong', (from, answered, rtt) => {
            if (from === peer && answered === nonce) (off(), resolve(rtt as number));
          });
          nonce = node.ping(peer);
          if (nonce === null) (off(), reject(new Error('no open link to ping')));
        }),
      );
    }
    return rtts.sort((a, b) => a - b)[2]!;
  }, peerId);

test('latency 200 ms set in both tabs raises the ping round trip by at least 150 ms', async ({ context }) => {
  const [alice, bob] = await openTabs(context, 'conditions-latency', 2);
  await expectFullMesh([alice!, bob!]);
  const before = await medianRoundTrip(alice!.page, bob!.id);

  for (const tab of [alice!, bob!]) expect(await setConditions(tab.page, { latencyMs: 200, jitterMs: 0, loss: 0 })).toEqual(expect.objectContaining({ ok: true }));
  const after = await medianRoundTrip(alice!.page, bob!.id);
  console.log(`ping round trip: ${before} ms before, ${after} ms with 200 ms latency on receive in both tabs`);
  expect(after - before).toBeGreaterThanOrEqual(150);

  // A bad value is refused with the reason, and the latency set stays.
  const refused = await setConditions(alice!.page, { latencyMs: 100, jitterMs: 500, loss: 0 });
  expect(refused).toEqual(expect.objectContaining({ ok: false }));
  expect(refused.detail).toContain('jitterMs');
  expect(await medianRoundTrip(alice!.page, bob!.id)).toBeGreaterThanOrEqual(before + 150);
});

test('a partition keeps a block mined in one tab from the other, with the link still open; after the heal it arrives', async ({ context }) => {
  const [alice, bob] = await openTabs(context, 'conditions-partition', 2);
  await expectFullMesh([alice!, bob!]);
  const names = await Promise.all(
    [alice!, bob!].map((tab) => tab.page.evaluate(() => (window as unknown as { meshchain: Meshchain }).meshchain.transport.tabName)),
  );
  expect(names[0]).not.toEqual(names[1]);
  const split = { latencyMs: 0, jitterMs: 0, loss: 0, partition: { groups: [[names[0]], [names[1]]] } };
  for (const tab of [alice!, bob!]) expect(await setConditions(tab.page, split)).toEqual(expect.objectContaining({ ok: true }));
  // Bob keeps what his transport drops from Alice, so the test can wait for her announcement to be dropped.
  await bob!.page.evaluate(() => {
    const w = window as unknown as { meshchain: Meshchain; droppedFromPeers: Array<{ reason: string; data: string }> };
    w.droppedFromPeers = [];
    w.meshchain.transport.on('dropped', (_peer, reason, data) => w.droppedFromPeers.push({ reason: reason as string, data: String(data) }));
  });

  const first = await mineOneBlock(alice!);
  // Alice announced the block; it reached Bob's transport and was dropped there by the partition.
  await expect
    .poll(() =>
      bob!.page.evaluate(
        (hash) => (window as unknown as { droppedFromPeers: Array<{ reason: string; data: string }> }).droppedFromPeers.some((d) => d.reason === 'partition' && d.data.includes(hash)),
        first,
      ),
    )
    .toBe(true);
  await expect(bob!.page.getByTestId('tip-height')).toHaveText('0');
  await expect(bob!.page.getByTestId('peer-count')).toHaveText('1'); // the channel itself stays open

  for (const tab of [alice!, bob!]) expect(await setConditions(tab.page, { ...split, partition: null })).toEqual(expect.objectContaining({ ok: true }));
  // Nothing is re-sent on the heal: Alice's next block brings Bob both (he fetches the one he missed).
  const second = await mineOneBlock(alice!);
  await expect(tipHash(bob!)).toHaveAttribute('title', second);
  await expect(bob!.page.getByTestId('tip-height')).toHaveText('2');
  const bobHasFirst = await bob!.page.evaluate(
    (hash) => (window as unknown as { meshchain: { node: { tree: { has(h: string): boolean } } } }).meshchain.node.tree.has(hash),
    first,
  );
  expect(bobHasFirst).toBe(true);
});
