/** Watching the stage's message tokens, which live well under a second: record each as it is added. */
import type { Page } from '@playwright/test';

/** From now on, records the kind of every message token the stage adds to its graph. */
export async function recordTokens(page: Page): Promise<void> {
  await page.evaluate(() => {
    const seen: string[] = [];
    Object.assign(window, { stageTokensSeen: seen });
    new MutationObserver((records) => {
      for (const r of records) for (const n of r.addedNodes) if (n instanceof Element && n.getAttribute('data-testid') === 'token') seen.push(n.getAttribute('data-kind') ?? '');
    }).observe(document.querySelector('[data-testid="stage-graph"]')!, { childList: true, subtree: true });
  });
}

/** The kinds recorded so far (a copy). */
export const tokensSeen = (page: Page): Promise<string[]> =>
  page.evaluate(() => (window as unknown as { stageTokensSeen: string[] }).stageTokensSeen.slice());
