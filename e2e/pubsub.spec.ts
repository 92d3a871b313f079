import { expect, test, type Locator } from '@playwright/test';
import { openTab, type Tab } from './tabs';

/** The links each tab lists, as pairs of tab ids (each link once). */
async function links(tabs: Tab[]): Promise<Array<[string, string]>> {
  const pairs = new Set<string>();
  for (const tab of tabs) {
    const peers = await tab.page.getByTestId('peer-list').locator('li[data-peer-id]').evaluateAll((items) =>
      items.map((li) => li.getAttribute('data-peer-id')!),
    );
    for (const peer of peers) pairs.add([tab.id, peer].sort().join(' '));
  }
  return [...pairs].map((p) => p.split(' ') as [string, string]);
}

/** Whether every tab can reach every other over the links the tabs list. */
function connected(tabs: Tab[], edges: Array<[string, string]>): boolean {
  const reached = new Set([tabs[0]!.id]);
  for (let grew = true; grew; ) {
    grew = false;
    for (const [a, b] of edges) {
      if (reached.has(a) !== reached.has(b)) {
        reached.add(a).add(b);
        grew = true;
      }
    }
  }
  return tabs.every((t) => reached.has(t.id));
}

/**
 * Waits until the links join every tab and have not changed for 3 s. The overlay tops links up every
 * 1.5 s and may evict an inbound link for a newcomer; once each tab holds its one outbound link it
 * stops dialling. A note is flooded over the links of the moment and never resent, so a tab cut off
 * while its link is replaced would miss it: publish on settled links.
 */
async function settledLinks(tabs: Tab[]): Promise<Array<[string, string]>> {
  let last = '';
  let since = Date.now();
  let edges: Array<[string, string]> = [];
  await expect
    .poll(
      async () => {
        edges = await links(tabs);
        const key = edges.map((e) => e.join('-')).sort().join(',');
        if (key !== last) [last, since] = [key, Date.now()];
        return connected(tabs, edges) && Date.now() - since >= 3_000;
      },
      { timeout: 60_000, intervals: [250] },
    )
    .toBe(true);
  return edges;
}

const notes = (tab: Tab): Locator => tab.page.getByTestId('topic-notes');
/** The items of the notes topic showing `text`: one per delivery. */
const copies = (tab: Tab, text: string): Locator => notes(tab).getByTestId('topic-message').filter({ hasText: text });

async function publishNote(tab: Tab, text: string): Promise<void> {
  await tab.page.getByTestId('note-input').fill(text);
  await tab.page.getByTestId('note-publish').click();
}

test('a note reaches every tab of an unstructured room exactly once, the publisher included, and not a tab that left notes', async ({ context }) => {
  test.setTimeout(120_000);
  const tabs: Tab[] = [];
  for (let i = 0; i < 4; i++) tabs.push(await openTab(context, 'pubsub-4', 6, '&topology=unstructured&outbound=1'));
  // One outbound link each: at most 4 links among 4 tabs, so some pairs are not linked directly and
  // a note has to be relayed.
  expect((await settledLinks(tabs)).length).toBeLessThan(6);
  for (const tab of tabs) await expect(notes(tab)).toBeVisible();

  const first = 'hello from tab 1';
  await publishNote(tabs[0]!, first);
  for (const tab of tabs) await expect(copies(tab, first)).toHaveCount(1);
  await expect(tabs[0]!.page.getByTestId('note-input')).toHaveValue('');

  // Tab 4 leaves notes; it must still pass notes on, but not show them.
  const leaver = tabs[3]!;
  await notes(leaver).getByTestId('topic-unsubscribe').click();
  await expect(notes(leaver)).toHaveCount(0);
  await leaver.page.evaluate(() => {
    const w = window as unknown as { meshchain: { node: { events: { on: (e: string, f: (peer: string, m: { type: string; frame: { data?: string } }) => void) => void } } }; framesIn: string[] };
    w.framesIn = [];
    w.meshchain.node.events.on('overlay-message', (_peer, m) => m.type === 'pubsub' && m.frame.data && w.framesIn.push(m.frame.data));
  });
  const second = 'second note, after tab 4 left';
  await publishNote(tabs[0]!, second);
  for (const tab of tabs.slice(0, 3)) await expect(copies(tab, second)).toHaveCount(1);
  // The frame did reach tab 4 (it floods to every tab)...
  await expect.poll(() => leaver.page.evaluate(() => (window as unknown as { framesIn: string[] }).framesIn)).toContain(second);
  // ...which did not deliver it: back on notes, it shows the first note once and the second not at all.
  await leaver.page.getByTestId('topic-name-input').fill('notes');
  await leaver.page.getByTestId('topic-subscribe').click();
  await expect(copies(leaver, first)).toHaveCount(1);
  await expect(copies(leaver, second)).toHaveCount(0);
  // And no late copy of either turned up anywhere.
  for (const tab of tabs) await expect(copies(tab, first)).toHaveCount(1);
  for (const tab of tabs.slice(0, 3)) await expect(copies(tab, second)).toHaveCount(1);
});
