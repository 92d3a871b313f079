/**
 * A class-sized room of real members: a few Chromium tabs (2 cores cannot carry 64) and the rest
 * headless peers (`peer/main.ts`, one process each, real WebRTC through @roamhq/wrtc), all on one
 * server, in the unstructured overlay a room this size runs. Everything is read from the room's
 * telemetry as tab 0 holds it (its store's `roomReports`): links, block arrivals on the server's
 * clock, tips. Blocks are mined one at a time in the tabs at a tiny difficulty.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { loadavg, tmpdir } from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'playwright';
import { blockSpread, linkSpread, membersAtTip, type MemberFigures, type MemberReport } from './scale-figures';
import { isConnected } from './room-figures';
import { mineInTab, openRoomTab, type RoomTab } from './room-tabs';
import { busyShare, machineCpu } from './scale-server';
import { until } from './until';

/** The same chain rules in the tabs (?difficulty=) and the peers (--difficulty): one genesis. */
const DIFFICULTY = 4;
const BLOCKS = 3;
const TAB_OPEN_MS = 30_000;
/**
 * Headless peers start one after another, each once the last has joined (or this long has passed):
 * 56 starting at once (tsx, wrtc) starve the server on 2 cores until joins time out.
 */
const PEER_JOIN_MS = 15_000;
const LINKED_MS = 180_000;
const BLOCK_REACH_MS = 30_000;
const POLL_MS = 250;
/**
 * Before mining, the machine is given until its CPUs are at most this busy (or SETTLE_MS has
 * passed): 56 peers starting up starve everything, and propagation measured then is mostly that.
 */
const SETTLED_BUSY = 0.8;
const SETTLE_MS = 60_000;

/** Share of this machine's CPU time spent busy over the next `ms` (all cores). */
async function cpuBusy(ms: number): Promise<number> {
  const before = await machineCpu();
  await new Promise((resolve) => setTimeout(resolve, ms));
  return busyShare(before, await machineCpu());
}

type Reports = Array<MemberReport & { id: string; kind?: string }>;
type Roster = Record<string, { nickname: string }>;

function reportsOf(page: Page): Promise<Reports> {
  // Empty while the page is (re)loading and has no node yet.
  return page.evaluate(() => (window as unknown as { meshchain?: { store: { getState(): { roomReports: Reports } } } }).meshchain?.store.getState().roomReports ?? []);
}

/** The room's members as tab 0 knows them (itself included): nickname, and whether it has reported. */
function rosterOf(page: Page): Promise<Array<{ nickname: string; reporting: boolean }>> {
  return page.evaluate(() => {
    const state = (window as unknown as { meshchain?: { store: { getState(): { roster: Roster; roomReports: Reports; self: { id: string | null; nickname: string | null } } } } }).meshchain?.store.getState();
    if (!state) return [];
    const reporting = new Set(state.roomReports.map((r) => r.id));
    const members: Roster = { ...state.roster, ...(state.self.id ? { [state.self.id]: { nickname: state.self.nickname ?? '?' } } : {}) };
    return Object.entries(members).map(([id, m]) => ({ nickname: m.nickname, reporting: reporting.has(id) }));
  });
}

interface HeadlessPeer {
  child: ChildProcess;
  /** The last lines it printed, for the note when it stops early. */
  tail: string[];
  notable: string[];
  /** Resolves when it says it joined the room (true), or exits first (false). */
  joined: Promise<boolean>;
}

function startPeer(repoRoot: string, url: string, room: string, dataDir: string, nickname: string): HeadlessPeer {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', 'peer/main.ts', '--url', url, '--room', room, '--data', dataDir, '--difficulty', String(DIFFICULTY), '--nickname', nickname],
    { cwd: repoRoot, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let joined!: (ok: boolean) => void;
  const peer: HeadlessPeer = { child, tail: [], notable: [], joined: new Promise((resolve) => (joined = resolve)) };
  child.once('exit', () => joined(false));
  const keep = (chunk: Buffer) => {
    const lines = chunk.toString().trim().split('\n');
    peer.tail = [...peer.tail, ...lines].slice(-20);
    if (lines.some((l) => /joined room/.test(l))) joined(true);
    // What explains a peer that drops out of the room: its signalling trouble, refusals, errors.
    peer.notable = [...peer.notable, ...lines.filter((l) => /disconnect|refus|rate|drop|reconnect|error|left the room|kicked/i.test(l))].slice(-5);
  };
  child.stdout!.on('data', keep);
  child.stderr!.on('data', keep);
  return peer;
}

async function stopPeers(peers: HeadlessPeer[]): Promise<void> {
  await Promise.all(
    peers.map(({ child }) => {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
      return exited.finally(() => clearTimeout(timer));
    }),
  );
}

/** Every member reporting, with a link, and the links making one overlay. */
function linkedRoom(reports: Reports, members: number): boolean {
  if (reports.length < members || reports.some((r) => r.links.length === 0)) return false;
  return isConnected(new Map(reports.map((r) => [r.name, r.links])));
}

export async function measureMembers(repoRoot: string, browser: Browser, baseUrl: string, members: number, tabCount: number): Promise<MemberFigures> {
  const room = `scale-members-${members}-${Date.now() % 100_000}`;
  const notes: string[] = [];
  const dataRoot = await mkdtemp(path.join(tmpdir(), 'meshchain-scale-peers-'));
  const context = await browser.newContext();
  const peers: HeadlessPeer[] = [];
  const killPeers = () => peers.forEach((p) => p.child.kill('SIGKILL'));
  process.on('exit', killPeers);
  try {
    const started = Date.now();
    const url = `${baseUrl}?room=${encodeURIComponent(room)}&difficulty=${DIFFICULTY}&topology=unstructured`;
    const tabs: RoomTab[] = [];
    for (let i = 0; i < tabCount; i++) tabs.push(await openRoomTab(context, url, TAB_OPEN_MS));
    const serverUrl = baseUrl.replace(/\/$/, '');
    for (let i = 0; i < members - tabCount; i++) {
      const peer = startPeer(repoRoot, serverUrl, room, path.join(dataRoot, String(i)), `peer-${i}`);
      peers.push(peer);
      let timer: NodeJS.Timeout | undefined;
      await Promise.race([peer.joined, new Promise((resolve) => (timer = setTimeout(resolve, PEER_JOIN_MS)))]);
      clearTimeout(timer);
    }
    const observer = tabs[0]!.page;
    const linked = await until(async () => linkedRoom(await reportsOf(observer), members), LINKED_MS, POLL_MS);
    const joinSeconds = (Date.now() - started) / 1000;
    const exited = peers.filter((p) => p.child.exitCode !== null);
    if (exited.length > 0) {
      notes.push(`${exited.length} headless peers exited (codes ${[...new Set(exited.map((p) => p.child.exitCode))].join(', ')}); last words: ${exited[0]!.tail.slice(-1)[0] ?? '—'}`);
    }
    if (!linked) {
      const reports = await reportsOf(observer);
      const roster = await rosterOf(observer);
      const lastWords = (nickname: string) => {
        const peer = peers[Number(/^peer-(\d+)$/.exec(nickname)?.[1] ?? NaN)];
        return peer ? `${nickname} (last said: ${peer.tail.slice(-1)[0] ?? '—'}; trouble: ${peer.notable.join(' | ') || 'none logged'})` : nickname;
      };
      const inRoom = new Set(roster.map((m) => m.nickname));
      const silent = roster.filter((m) => !m.reporting).map((m) => lastWords(m.nickname));
      const absent = peers.map((_p, i) => `peer-${i}`).filter((n) => !inRoom.has(n)).map(lastWords);
      notes.push(
        `after ${LINKED_MS / 1000} s only ${reports.length}/${members} reporting, ${reports.filter((r) => r.links.length > 0).length} with a link; ` +
          `in the room but silent: ${silent.join('; ') || 'none'}; headless peers not in tab 0's roster: ${absent.join('; ') || 'none'}; mined anyway`,
      );
    }

    const settleEnd = Date.now() + SETTLE_MS;
    let busy = await cpuBusy(2_000);
    while (busy > SETTLED_BUSY && Date.now() < settleEnd) busy = await cpuBusy(2_000);
    notes.push(`CPU ${(100 * busy).toFixed(0)}% busy (both cores) just before mining${busy > SETTLED_BUSY ? `, still over ${100 * SETTLED_BUSY}% after ${SETTLE_MS / 1000} s of waiting` : ''}`);

    const mined: string[] = [];
    for (let b = 0; b < BLOCKS; b++) {
      const miner = tabs[(1 + 2 * b) % tabs.length]!;
      const hash = await mineInTab(miner.page);
      mined.push(hash);
      const everywhere = await until(async () => {
        const reports = await reportsOf(observer);
        return reports.length >= members && reports.every((r) => r.blocks.some((x) => x.hash === hash));
      }, BLOCK_REACH_MS, POLL_MS);
      if (!everywhere) notes.push(`block ${b + 1} had not reached every member's report after ${BLOCK_REACH_MS / 1000} s`);
    }

    const reports = await reportsOf(observer);
    const blocks = mined.map((hash) => blockSpread(reports, hash));
    const headless = reports.filter((r) => r.kind === 'headless').length;
    if (headless === 0 && reports.length > tabCount) notes.push("the peers' reports carry no kind: 'headless' (told apart by name only)");
    return {
      members,
      tabs: tabCount,
      headless: members - tabCount,
      reporting: reports.length,
      joinSeconds,
      linked,
      loadAverage: loadavg()[0]!,
      blocks,
      atTip: membersAtTip(reports, mined[mined.length - 1]!),
      // Those a block never reached are counted out of atTip, not in this time.
      convergedMs: Math.max(...blocks.flatMap((b) => b.delaysMs)),
      links: linkSpread(reports),
      notes,
    };
  } finally {
    await stopPeers(peers);
    process.off('exit', killPeers);
    await context.close();
    await rm(dataRoot, { recursive: true, force: true });
  }
}
