/**
 * The teacher's desk in real tabs over real WebRTC, with the server started with a known teacher
 * key (playwright.config.ts): one teacher tab and three students. The teacher slows the links
 * (the round trip shown in the peer list rises), splits the room (two tips), heals it (one tip,
 * a reorganisation on the losing side), locks it (a student can neither press nor force a switch)
 * and pauses every miner.
 */
import { expect, test, type Page } from '@playwright/test';
import { expectFullMesh, mineOneBlock, openTab, tipHash, type Tab } from './tabs';

const KEY = 'e2e-teacher-key';

const tabName = async (tab: Tab) => (await tab.page.getByTestId('node-name').getAttribute('data-tab-name'))!;
/** The round trip this page shows for its link to `peerId` (ms), or null before the first pong. */
const shownRoundTrip = (page: Page, peerId: string) =>
  page
    .locator(`li[data-peer-id="${peerId}"] [data-testid="peer-rtt"]`)
    .getAttribute('data-ms', { timeout: 1_000 })
    .then((ms) => (ms === null ? null : Number(ms)))
    .catch(() => null);
/**
 * The lowest of three round trips this page measures to `peerId` right now (one ping at a time), as
 * its store (what the peer list draws) has them: a link's first pings, while tabs still load, can be slow.
 */
const quietRoundTrip = (page: Page, peerId: string) =>
  page.evaluate(async (peer) => {
    type Meshchain = { node: { ping(id: string): string | null; events: { on(e: string, fn: (...a: unknown[]) => void): () => void } }; store: { getState(): { desk: { rttMs: Record<string, number> } } } };
    const { node, store } = (window as unknown as { meshchain: Meshchain }).meshchain;
    const shown: number[] = [];
    for (let i = 0; i < 3; i++) {
      await new Promise<void>((resolve) => {
        const off = node.events.on('pong', (from) => from === peer && (off(), resolve()));
        node.ping(peer);
      });
      shown.push(store.getState().desk.rttMs[peer]!);
    }
    return Math.min(...shown);
  }, peerId);
const banner = (tab: Tab) => tab.page.getByTestId('room-conditions');
const log = (tab: Tab) => tab.page.getByTestId('event-log');

test('a teacher slows, splits, heals, locks and pauses a room; students see it and cannot take over', async ({ context }) => {
  test.setTimeout(90_000);
  const room = `desk-${Date.now().toString(36)}`;
  const teacher = await openTab(context, room, 6, `&nickname=Teacher&teacher=${KEY}`);
  // The key leaves the address bar at once, and the tab becomes the room's desk.
  expect(teacher.page.url()).not.toContain(KEY);
  await expect(teacher.page.getByTestId('teacher-desk')).toHaveAttribute('data-teacher', 'true');
  const [amy, ben, cat] = [await openTab(context, room, 6, '&nickname=Amy'), await openTab(context, room, 6, '&nickname=Ben'), await openTab(context, room, 6, '&nickname=Cat')] as Tab[];
  const all = [teacher, amy!, ben!, cat!];
  await expectFullMesh(all);
  for (const student of [amy!, ben!, cat!]) await expect(student.page.getByTestId('teacher-desk')).toHaveCount(0);
  const desk = teacher.page;

  await test.step('latency 200 ms raises the round trip shown per link by at least 150 ms', async () => {
    await expect.poll(() => shownRoundTrip(amy!.page, ben!.id)).not.toBeNull(); // measured as soon as the link opened
    const before = await quietRoundTrip(amy!.page, ben!.id);
    await desk.getByTestId('desk-latency').fill('200');
    await desk.getByTestId('desk-links-apply').click();
    for (const tab of all) await expect(banner(tab)).toContainText('teacher: +200 ms per link');
    await expect.poll(() => shownRoundTrip(amy!.page, ben!.id), { timeout: 20_000 }).toBeGreaterThanOrEqual(before + 150);
    console.log(`round trip Amy → Ben shown: ${before} ms before, ${await shownRoundTrip(amy!.page, ben!.id)} ms with 200 ms per link`);
    await desk.getByTestId('desk-links-clear').click();
    for (const tab of all) await expect(banner(tab)).toHaveCount(0);
  });

  await test.step('a partition: each group mines its own block, two tips; heal: one tip, and the losing side reorganises', async () => {
    const [t, a, b, c] = await Promise.all(all.map(tabName));
    for (const [name, group] of [[t, 'A'], [a, 'A'], [b, 'B'], [c, 'B']] as const) await desk.getByTestId(`partition-${name}-${group}`).check();
    await desk.getByTestId('partition-apply').click();
    await expect(banner(amy!)).toContainText('partition: you are in group A with Teacher');
    await expect(banner(ben!)).toContainText('partition: you are in group B with Cat');

    const tipA = await mineOneBlock(amy!);
    await expect(tipHash(teacher)).toHaveAttribute('title', tipA);
    const tipB = await mineOneBlock(ben!);
    await expect(tipHash(cat!)).toHaveAttribute('title', tipB);
    expect(tipB).not.toEqual(tipA);
    await expect(tipHash(amy!)).toHaveAttribute('title', tipA); // Ben's block was dropped on the way
    // Said as a lesson condition, not an error, and once per peer rather than per message.
    await expect(log(amy!).locator('li[data-kind="conditions"]', { hasText: 'the partition puts that tab in another group' }).first()).toBeVisible();
    await expect(log(amy!).locator('li[data-kind="error"]')).toHaveCount(0);

    await desk.getByTestId('partition-heal').click();
    for (const tab of all) await expect(banner(tab)).toHaveCount(0);
    const next = await mineOneBlock(amy!);
    for (const tab of all) await expect(tipHash(tab)).toHaveAttribute('title', next);
    for (const loser of [ben!, cat!]) await expect(log(loser).locator('li[data-kind="chain"]', { hasText: 'reorg: 1 block replaced' })).toHaveCount(1);
  });

  await test.step('a locked room: the student button is disabled, and forcing a switch is refused by the server', async () => {
    await desk.getByTestId('desk-lock').click();
    await expect(banner(amy!)).toContainText('room locked');
    await expect(amy!.page.getByTestId('topology-switch-unstructured')).toBeDisabled();
    await expect(amy!.page.getByTestId('topology-locked')).toContainText('locked');
    // Forced from the console, both ways a page could try: the plain switch and a forged control.
    await amy!.page.evaluate(() => (window as unknown as { meshchain: { switchTopology(t: string): void } }).meshchain.switchTopology('unstructured'));
    await expect(amy!.page.getByTestId('control-refusal')).toHaveAttribute('data-code', 'not-teacher');
    const forged = await amy!.page.evaluate(() =>
      (window as unknown as { meshchain: { teacher: { send(c: unknown): Promise<{ ok: boolean; code?: string }> } } }).meshchain.teacher.send({ kind: 'overlay', locked: false }),
    );
    expect(forged.ok).toBe(false);
    await expect(amy!.page.getByTestId('control-refusal')).toHaveAttribute('data-code', forged.code!);
    for (const tab of all) await expect(tab.page.getByTestId('topology')).toHaveText('mesh');
    await expect(banner(ben!)).toContainText('room locked'); // still locked
  });

  await test.step('pause stops every miner, even one mining continuously', async () => {
    await cat!.page.getByTestId('mine-start').click();
    await expect(cat!.page.getByTestId('mining-status')).toHaveAttribute('data-running', 'true');
    await desk.getByTestId('desk-pause').click();
    for (const tab of all) {
      await expect(banner(tab)).toContainText('mining paused by the teacher');
      await expect(tab.page.getByTestId('mining-status')).toHaveAttribute('data-running', 'false');
    }
    // Nobody can start again until the teacher resumes; then Cat goes on mining as before.
    await expect(cat!.page.getByTestId('mine-one')).toBeDisabled();
    await expect(cat!.page.getByTestId('mine-start')).toBeDisabled();
    await desk.getByTestId('desk-pause').click();
    await expect(banner(cat!)).not.toContainText('mining paused'); // the lock still shows
    await expect(cat!.page.getByTestId('mining-status')).toHaveAttribute('data-running', 'true');
    await expect(amy!.page.getByTestId('mining-status')).toHaveAttribute('data-running', 'false'); // only those who were mining
    await cat!.page.getByTestId('mine-stop').click();
  });
});

test('a reset starts every tab on a new chain with the new rules; a kicked tab is told and leaves the room', async ({ context }) => {
  const room = `desk-reset-${Date.now().toString(36)}`;
  const teacher = await openTab(context, room, 6, `&nickname=Teacher&teacher=${KEY}`);
  await expect(teacher.page.getByTestId('teacher-desk')).toHaveAttribute('data-teacher', 'true');
  const amy = await openTab(context, room, 6, '&nickname=Amy');
  await expectFullMesh([teacher, amy]);
  await mineOneBlock(amy);
  await expect(teacher.page.getByTestId('tip-height')).toHaveText('1');

  const desk = teacher.page;
  await desk.getByTestId('desk-difficulty').fill('5');
  await desk.getByTestId('desk-interval').fill('0');
  await desk.getByTestId('desk-reset-button').click();
  await expect(desk.getByTestId('desk-reset-button-confirm')).toContainText('difficulty 5'); // asked first
  await desk.getByTestId('desk-reset-button-yes').click();
  for (const tab of [teacher, amy]) {
    // A reloaded page under the new rules, its old chain forgotten.
    await expect.poll(() => new URL(tab.page.url()).searchParams.get('epoch')).toBe('1');
    expect(new URL(tab.page.url()).searchParams.get('difficulty')).toBe('5');
    await expect(tab.page.getByTestId('signalling-state')).toHaveAttribute('data-state', 'connected');
    await expect(tab.page.getByTestId('tip-height')).toHaveText('0');
  }
  expect(teacher.page.url()).not.toContain(KEY);
  await expect(teacher.page.getByTestId('teacher-desk')).toHaveAttribute('data-teacher', 'true'); // the key survived the reload
  // The room kept its new round through the moment every tab reloaded at once: the banner says so,
  // and a late tab opened with the room's old link follows the reset onto the new chain.
  await expect(amy.page.getByTestId('room-conditions')).toContainText('round 1: difficulty 5 bits');
  const late = await context.newPage();
  await late.goto(`/?room=${room}&difficulty=6&nickname=Late`);
  await expect.poll(() => new URL(late.url()).searchParams.get('epoch')).toBe('1');
  expect(new URL(late.url()).searchParams.get('difficulty')).toBe('5');
  await expect(late.getByTestId('signalling-state')).toHaveAttribute('data-state', 'connected');
  await expect(late.getByTestId('tip-height')).toHaveText('0');
  await late.close();

  const amyName = await tabName({ page: amy.page, id: '' });
  await desk.getByTestId(`desk-kick-${amyName}`).click();
  await desk.getByTestId(`desk-kick-${amyName}-yes`).click();
  await expect(amy.page.getByTestId('problem')).toContainText('The teacher removed this tab from the room');
  await expect(desk.getByTestId('peer-count')).toHaveText('0');
});
