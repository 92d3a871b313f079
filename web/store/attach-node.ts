/**
 * Folds a Node's events into the tab's store: peers, the chain view, sync progress and the event
 * log of each connection's life (the chapter's onOpen / onClose / onMessage / onError).
 */
import { minerOf } from '../../shared/chain/block';
import type { TreeEntry } from '../../shared/chain/block-tree';
import { difficultyOfBits } from '../../shared/chain/target';
import { transferHistory } from '../../shared/ledger/transfer-history';
import type { Node } from '../../shared/node/node';
import { CHAIN_VIEW_LIMIT, type BlockView, type MeshStore } from './mesh-store';

export const shortId = (id: string): string => id.slice(0, 6);
const shortHash = (hash: string): string => hash.slice(0, 12);

export function toBlockView(entry: TreeEntry): BlockView {
  const { header } = entry.block;
  return {
    header,
    height: entry.height,
    hash: entry.hash,
    prevHash: header.prevHash,
    nonce: header.nonce,
    miner: minerOf(entry.block),
    time: header.time,
    difficulty: difficultyOfBits(header.bits),
  };
}

/** Subscribes the store to the node; returns the function that unsubscribes. */
/**
 * @param defer coalesces chain redraws: a sync connects thousands of blocks in a second, and the
 *   page only needs to redraw the chain a few times a second (tests pass an immediate one).
 */
export function attachNode(
  store: MeshStore,
  node: Node,
  now: () => number,
  defer: (fn: () => void) => void = (fn) => fn(),
): () => void {
  const s = () => store.getState();
  let refreshQueued = false;
  const refreshNow = () => {
    refreshQueued = false;
    const address = s().self.address;
    s().setChain(
      {
        tip: toBlockView(node.tip),
        blocks: node.tree.recentMainChain(CHAIN_VIEW_LIMIT).map(toBlockView),
        knownBlocks: node.tree.size,
      },
      {
        balance: address ? node.chain.ledger.balanceOf(address) : 0,
        transfers: transferHistory(node.tree, node.chain.mempool),
      },
    );
  };
  const refreshChain = () => {
    if (refreshQueued) return;
    refreshQueued = true;
    defer(refreshNow);
  };
  refreshNow();
  const offs = [
    node.events.on('peer-open', (peerId) => {
      s().peerOpened(peerId, now());
      s().addLog({ at: now(), kind: 'open', peerId, text: 'channel open' });
    }),
    node.events.on('peer-named', (peerId, name, address) => s().peerNamed(peerId, name, address)),
    node.events.on('peer-close', (peerId) => {
      s().peerClosed(peerId);
      s().addLog({ at: now(), kind: 'close', peerId, text: 'channel closed' });
    }),
    node.events.on('message', (peerId, direction, type, summary) =>
      s().addLog({ at: now(), kind: 'message', peerId, text: `${direction === 'in' ? '←' : '→'} ${type}: ${summary}` }),
    ),
    node.events.on('error', ({ peerId, code, detail }) =>
      s().addLog({ at: now(), kind: 'error', peerId, text: `${code}: ${detail}` }),
    ),
    node.events.on('peer-dropped', (peerId, points) =>
      s().addLog({ at: now(), kind: 'error', peerId, text: `dropped after ${points} misbehaviour points` }),
    ),
    node.events.on('mempool-changed', refreshChain),
    node.events.on('block-accepted', (entry, source) => {
      if (source.kind === 'local') s().countFound();
      refreshChain();
    }),
    node.events.on('tip-changed', (tip, change) => {
      if (node.syncProgress && change.choice.kind === 'extend') return; // the sync logs a summary
      const what = change.choice.kind === 'reorg' ? `reorg: ${change.disconnected.length} block(s) replaced` : 'new tip';
      s().addLog({ at: now(), kind: 'chain', peerId: null, text: `${what} → #${tip.height} ${shortHash(tip.hash)}` });
    }),
    node.events.on('sync', (progress) => {
      const previous = s().sync;
      s().setSync(progress);
      if (progress.phase === 'done') {
        s().addLog({ at: now(), kind: 'sync', peerId: progress.peerId, text: `sync done: ${progress.headers} headers, ${progress.blocks} blocks` });
      } else if (!previous || previous.phase === 'done' || previous.peerId !== progress.peerId) {
        s().addLog({ at: now(), kind: 'sync', peerId: progress.peerId, text: 'sync started: headers first, then bodies' });
      }
    }),
  ];
  return () => offs.forEach((off) => off());
}
