import { expect, test, type Page } from '@playwright/test';

/**
 * The three modes take three shapes at class sizes: in an 8-tab room the mesh links every pair
 * (28 links), while unstructured (2 outbound links a tab, scaled to the room) and Kademlia (k = 1,
 * scaled to the room) leave pairs unlinked. One room per mode, each in a fresh context, one at a
 * time (8 tabs on 2 cores); nothing is mined.
 */
const TABS = 8;
const MESH_LINKS = (TABS * (TABS - 1)) / 2;

/** The stage's links, once they agree with what every tab says it is linked to (not mid-change). */
async function settledLinks(stage: Page, classic: Page[]): Promise<number> {
  let settled = -1;
  await expect
    .poll(
      async () => {
        const drawn = Number(await stage.getByTestId('stage-graph').getAttribute('data-edges'));
        const self = await stage.locator('[data-testid="stage-node"].self').getAttribute('data-name');
        const own = await stage.locator(`line.stage-link[data-a="${self}"], line.stage-link[data-b="${self}"]`).count();
        const counts = await Promise.all(classic.map(async (p) => Number(await p.getByTestId('peer-count').textContent())));
        const told = (counts.reduce((a, b) => a + b, 0) + own) / 2;
        settled = counts.every((c) => c > 0) && drawn === told ? drawn : -1;
        return settled;
      },
      { timeout: 45_000 },
    )
    .toBeGreaterThan(0);
  return settled;
}

test(`in ${TABS}-tab rooms the unstructured and Kademlia stages draw fewer links than the mesh`, async ({ browser }) => {
  test.setTimeout(180_000);
  const links: Record<string, number> = {};
  for (const mode of ['mesh', 'unstructured', 'kademlia'] as const) {
    const context = await browser.newContext();
    const room = `stage-${mode}-${Date.now().toString(36)}`;
    const classic: Page[] = [];
    for (let i = 0; i < TABS - 1; i++) {
      const page = await context.newPage();
      await page.goto(`/?room=${room}&difficulty=6&topology=${mode}`);
      await expect(page.getByTestId('signalling-state')).toHaveAttribute('data-state', 'connected');
      classic.push(page);
    }
    const stage = await context.newPage();
    await stage.goto(`/?room=${room}&difficulty=6&topology=${mode}&view=stage`);
    await expect(stage.getByTestId('stage-graph')).toHaveAttribute('data-nodes', String(TABS), { timeout: 30_000 });
    links[mode] = await settledLinks(stage, classic);
    await context.close();
  }
  expect(links.mesh).toBe(MESH_LINKS);
  expect(links.unstructured).toBeLessThan(MESH_LINKS);
  expect(links.kademlia).toBeLessThan(MESH_LINKS);
  console.log(`links in ${TABS}-tab rooms: ${JSON.stringify(links)}`);
});
