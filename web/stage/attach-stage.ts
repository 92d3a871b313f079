/**
 * Feeds the stage from what this tab can see: its own node's messages at once (a token per
 * message on the link it used), its own blocks and tip changes (the block tree), and the room's
 * reports (each tab's new block arrivals become hops of the wave, and its tip). Returns the
 * function that stops it.
 */
import { minerOf } from '../../shared/chain/block';
import type { TreeEntry } from '../../shared/chain/block-tree';
import { targetFromBits, workOfTarget } from '../../shared/chain/target';
import type { Node } from '../../shared/node/node';
import type { TreeEvent } from '../../shared/stage/block-tree-view';
import { kindOfMessage } from '../../shared/stage/message-events';
import { freshMessages } from '../../shared/stage/room-messages';
import { newArrivals, reportedTips } from '../../shared/stage/room-waves';
import type { MeshStore } from '../store/mesh-store';
import { resolveTab } from '../store/names';
import type { StageStore } from './stage-store';

/** Main-chain blocks put in the tree when the stage opens: the recent past, not the whole chain. */
export const STAGE_HISTORY = 12;

export function blockEvent(entry: TreeEntry): TreeEvent {
  return {
    kind: 'block',
    hash: entry.hash,
    prevHash: entry.prevHash,
    height: entry.height,
    work: workOfTarget(targetFromBits(entry.block.header.bits) ?? 0n),
    miner: minerOf(entry.block),
  };
}

export function attachStage(stage: StageStore, mesh: MeshStore, node: Node, now: () => number): () => void {
  const st = () => stage.getState();
  st().applyTree([...node.tree.recentMainChain(STAGE_HISTORY).reverse().map(blockEvent), { kind: 'tip', hash: node.tip.hash }]);
  const selfName = () => mesh.getState().self.name ?? 'self';
  const nameOf = (peerId: string) => resolveTab(mesh.getState(), { peerId }).tabName ?? peerId;

  let seen = new Set<string>();
  let lastSeq = new Map<string, number>();
  let firstReports = true;
  const onReports = () => {
    const { roomReports } = mesh.getState();
    const fresh = newArrivals(roomReports, seen);
    seen = fresh.seen;
    const at = now();
    const me = selfName();
    // Tabs whose reports carry their message events (message-collector.ts) are drawn from those.
    const messages = freshMessages(roomReports, me, lastSeq);
    lastSeq = messages.lastSeq;
    // What the reports listed before the stage opened is history, not a wave to replay.
    if (!firstReports) {
      st().launch(messages.launches, at);
      if (messages.sampledOut > 0) st().addSampled(messages.sampledOut);
      // Our own hops are drawn from our own events already; so are those of tabs that report messages.
      const hops = fresh.arrivals.filter((a) => a.tab !== me && a.from !== null && a.from !== me && !messages.reporting.has(a.from));
      st().launch(hops.map((a) => ({ from: a.from!, to: a.tab, kind: 'block' as const })), at);
      for (const a of fresh.arrivals) {
        if (a.tab === me) continue;
        if (a.from === null) st().blockMined(a.tab, a.hash, at);
        else st().blockReached(a.tab, a.hash, at);
      }
    }
    firstReports = false;
    const heightOf = (hash: string) => node.tree.get(hash)?.height ?? null;
    const tips = reportedTips(roomReports, heightOf);
    const events: TreeEvent[] = [];
    for (const tab of st().tree.roomTips.keys()) if (!tips.has(tab) || tab === me) events.push({ kind: 'room-tip', tab, hash: null });
    for (const [tab, hash] of tips) if (tab !== me && st().tree.roomTips.get(tab) !== hash) events.push({ kind: 'room-tip', tab, hash });
    if (events.length > 0) st().applyTree(events);
  };
  onReports();

  const offs = [
    node.events.on('message', (peerId, direction, type) => {
      const [from, to] = direction === 'out' ? [selfName(), nameOf(peerId)] : [nameOf(peerId), selfName()];
      st().launch([{ from, to, kind: kindOfMessage(type) }], now());
    }),
    node.events.on('block-accepted', (entry, source) => {
      st().applyTree([blockEvent(entry)]);
      if (source.kind === 'local') st().blockMined(selfName(), entry.hash, now());
      else if (source.kind === 'peer') st().blockReached(selfName(), entry.hash, now());
    }),
    node.events.on('tip-changed', (tip) => {
      st().applyTree([{ kind: 'tip', hash: tip.hash }]);
      onReports(); // a block we just learned may be the tip some reports already named
    }),
    mesh.subscribe((state, previous) => {
      if (state.roomReports !== previous.roomReports) onReports();
    }),
  ];
  return () => offs.forEach((off) => off());
}
