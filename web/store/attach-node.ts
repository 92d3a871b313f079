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
      s().addLog({ at: now(), kind: 'open', peerId, key: 'open' });
    }),
    node.events.on('peer-named', (peerId, name, address) => s().peerNamed(peerId, name, address)),
    node.events.on('peer-close', (peerId) => {
      s().peerClosed(peerId);
      if (s().wrongChainPeers.includes(peerId)) store.setState({ wrongChainPeers: s().wrongChainPeers.filter((id) => id !== peerId) });
      s().addLog({ at: now(), kind: 'close', peerId, key: 'close' });
    }),
    // The summary is a key of its own; EventLog draws it and puts it in the line (see its comment).
    node.events.on('message', (peerId, direction, type, summary) =>
      s().addLog({ at: now(), kind: 'message', peerId, key: `message.${direction}`, params: { ...summary.params, messageType: type, summaryKey: summary.key } }),
    ),
    // One key per code, so the reason reads in the page's language; the node's English detail is
    // kept as the technical detail (EventLog shows it beside the reason).
    node.events.on('error', ({ peerId, code, detail }) => {
      s().addLog({ at: now(), kind: 'error', peerId, key: `error.${code}`, params: { code, detail } });
      // Said once per link, when its status names another genesis; the banner lists these peers.
      if (code === 'wrong-chain' && peerId && !s().wrongChainPeers.includes(peerId)) {
        store.setState({ wrongChainPeers: [...s().wrongChainPeers, peerId] });
      }
    }),
    node.events.on('peer-dropped', (peerId, points) =>
      s().addLog({ at: now(), kind: 'error', peerId, key: 'dropped', params: { count: points } }),
    ),
    node.events.on('mempool-changed', refreshChain),
    node.events.on('block-accepted', (entry, source) => {
      if (source.kind === 'local') s().countFound();
      refreshChain();
    }),
    node.events.on('tip-changed', (tip, change) => {
      if (node.syncProgress && change.choice.kind === 'extend') return; // the sync logs a summary
      const params = { height: tip.height, hash: shortHash(tip.hash) };
      if (change.choice.kind === 'reorg') {
        s().addLog({ at: now(), kind: 'chain', peerId: null, key: 'chain.reorg', params: { ...params, count: change.disconnected.length } });
      } else s().addLog({ at: now(), kind: 'chain', peerId: null, key: 'chain.newTip', params });
    }),
    node.events.on('sync', (progress) => {
      const previous = s().sync;
      s().setSync(progress);
      if (progress.phase === 'done') {
        s().addLog({ at: now(), kind: 'sync', peerId: progress.peerId, key: 'sync.done', params: { headers: progress.headers, blocks: progress.blocks } });
      } else if (!previous || previous.phase === 'done' || previous.peerId !== progress.peerId) {
        s().addLog({ at: now(), kind: 'sync', peerId: progress.peerId, key: 'sync.started' });
      }
    }),
  ];
  return () => offs.forEach((off) => off());
}
