/**
 * What the room bench does inside one meshchain tab, through the node the page exposes as
 * `window.meshchain.node`: read its links, time round trips, stamp block arrivals, mine a block,
 * read what relaying cost. Each function is one `page.evaluate`; times are taken in the page.
 */
import type { BrowserContext, Page } from 'playwright';
import type { Node } from '../shared/node/node';
import type { DhtLinks } from '../shared/overlay/kademlia/dht-links';

type BenchWindow = {
  meshchain: { node: Node; kademlia?: DhtLinks };
  /** block hash → when this tab accepted it (Unix ms, sub-millisecond). */
  benchArrivals?: Record<string, number>;
};

export interface RoomTab {
  page: Page;
  /** The id the signalling server gave the tab: its address for the others. */
  id: string;
}

/** Opens the page and waits until it has joined its room (the id the server gave it is shown). */
export async function openRoomTab(context: BrowserContext, url: string, timeoutMs: number): Promise<RoomTab> {
  const page = await context.newPage();
  await page.goto(url, { timeout: timeoutMs });
  await page.locator('[data-testid="signalling-state"][data-state="connected"]').waitFor({ timeout: timeoutMs });
  const id = await page.getByTestId('node-id').getAttribute('title', { timeout: timeoutMs });
  if (!id) throw new Error('the tab shows no node id');
  return { page, id };
}

/** The overlay the page says it runs, and the problem it shows (a topology it cannot run, say). */
export async function shownTopology(page: Page): Promise<{ topology: string; problem: string | null }> {
  const topology = ((await page.getByTestId('topology').textContent()) ?? '').trim();
  const problem = page.getByTestId('problem');
  return { topology, problem: (await problem.count()) > 0 ? await problem.textContent() : null };
}

export function linksOf(page: Page): Promise<string[]> {
  return page.evaluate(() => (window as unknown as BenchWindow).meshchain.node.peerIds());
}

/**
 * `count` round trips to `peerId`, one after another, timed in the page with performance.now()
 * (the node's own `pong` rttMs uses Date.now(), too coarse for a sub-millisecond channel).
 */
export function pingRoundTrips(page: Page, peerId: string, count: number, timeoutMs: number): Promise<number[]> {
  return page.evaluate(
    async ([peer, n, timeout]) => {
      const { node } = (window as unknown as BenchWindow).meshchain;
      const rtts: number[] = [];
      for (let i = 0; i < n; i++) {
        const started = performance.now();
        await new Promise<void>((resolve, reject) => {
          let nonce: string | null = null;
          const off = node.events.on('pong', (from, answered) => {
            if (from !== peer || answered !== nonce) return;
            clearTimeout(timer);
            off();
            resolve();
          });
          const timer = setTimeout(() => {
            off();
            reject(new Error(`no pong from ${peer} in ${timeout} ms`));
          }, timeout);
          // Listening first: the pong cannot come before ping() returns, but the nonce is only known then.
          nonce = node.ping(peer);
          if (nonce === null) {
            clearTimeout(timer);
            off();
            reject(new Error(`no link to ${peer}`));
          }
        });
        rtts.push(performance.now() - started);
      }
      return rtts;
    },
    [peerId, count, timeoutMs] as const,
  );
}

/** From now on the tab notes when it accepts each block, first time only. */
export function stampArrivals(page: Page): Promise<void> {
  return page.evaluate(() => {
    const w = window as unknown as BenchWindow;
    const arrivals: Record<string, number> = (w.benchArrivals = {});
    // timeOrigin + now(): Unix time with sub-millisecond steps, comparable between tabs of one machine.
    w.meshchain.node.events.on('block-accepted', (entry) => {
      arrivals[entry.hash] ??= performance.timeOrigin + performance.now();
    });
  });
}

export function arrivalsOf(page: Page): Promise<Record<string, number>> {
  return page.evaluate(() => ({ ...(window as unknown as BenchWindow).benchArrivals }));
}

/**
 * Mines one block on the tab's tip through its node (the same submitMinedBlock the page's miner
 * calls; at the bench's low difficulty a few dozen nonces do) and returns its hash.
 */
export function mineInTab(page: Page): Promise<string> {
  return page.evaluate(() => {
    const { node } = (window as unknown as BenchWindow).meshchain;
    const template = node.blockTemplate();
    for (let nonce = 0; nonce <= 0xffff_ffff; nonce++) {
      const result = node.submitMinedBlock({ ...template, header: { ...template.header, nonce } });
      if (result.ok) return result.value.hash;
      if (result.reason !== 'bad-pow') throw new Error(`${result.reason}: ${result.detail}`);
    }
    throw new Error('nonce space exhausted');
  });
}

/** What relaying each block cost this tab, as it sent it (RelayStats: inv, get-data, block). */
export function relayCostOf(page: Page, hashes: string[]): Promise<Array<{ messages: number; bytes: number }>> {
  return page.evaluate((list) => {
    const { node } = (window as unknown as BenchWindow).meshchain;
    return list.map((hash) => {
      const t = node.stats.totals(hash);
      return { messages: t.messagesOut, bytes: t.bytesOut };
    });
  }, hashes);
}

export interface DhtLookup {
  found: boolean;
  /** Sequential hops to the value (0: this tab held it). */
  hops: number;
  ms: number;
}

/** How many tabs hold each block in their DHT store (a kademlia room's miners STORE what they find). */
export function dhtHolds(page: Page, hashes: string[]): Promise<boolean[]> {
  return page.evaluate((list) => {
    const { kademlia } = (window as unknown as BenchWindow).meshchain;
    return list.map((hash) => kademlia?.dht.values.get(hash.slice(0, 40)) !== undefined);
  }, hashes);
}

/** FIND_VALUE for each block, one after another, in this tab: found or not, hops, time. */
export function dhtLookups(page: Page, hashes: string[]): Promise<DhtLookup[]> {
  return page.evaluate(async (list) => {
    const { kademlia } = (window as unknown as BenchWindow).meshchain;
    if (!kademlia) throw new Error('this tab runs no DHT');
    const out: DhtLookup[] = [];
    for (const hash of list) {
      const started = performance.now();
      out.push(
        await new Promise<DhtLookup>((resolve) =>
          kademlia.dht.findValue(hash.slice(0, 40), (r) => resolve({ found: r.value !== undefined, hops: r.hops, ms: performance.now() - started })),
        ),
      );
    }
    return out;
  }, hashes);
}
