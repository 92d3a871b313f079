/**
 * What the headless peer says about its node on stdout: links opening and closing, sync progress,
 * blocks accepted and mined, the tip, and what peers did wrong. A sync accepts thousands of blocks
 * in a burst, so during one only its progress is logged, not every block.
 */
import type { Node } from '../shared/node/node';
import type { Logger } from './logger';

const PROGRESS_EVERY_BLOCKS = 500;

export function logNodeEvents(node: Node, log: Logger, nameOf: (peerId: string) => string): void {
  let syncStartedAt = 0;
  let lastProgress = 0;
  const syncing = () => node.syncProgress !== undefined;
  node.events.on('peer-open', (peerId) => log.info(`link open to ${nameOf(peerId)} (${node.peerIds().length} link(s))`));
  node.events.on('peer-close', (peerId) => log.info(`link closed to ${nameOf(peerId)} (${node.peerIds().length} link(s) left)`));
  node.events.on('sync', (progress) => {
    const from = nameOf(progress.peerId);
    if (progress.phase === 'headers' && progress.headers === 0) {
      syncStartedAt = Date.now();
      lastProgress = 0;
      log.info(`sync from ${from} started at our height ${node.tip.height}`);
    } else if (progress.phase === 'bodies' && progress.blocks >= lastProgress + PROGRESS_EVERY_BLOCKS) {
      lastProgress = progress.blocks;
      log.info(`sync from ${from}: ${progress.blocks}/${progress.total} blocks`);
    } else if (progress.phase === 'done') {
      log.info(`sync from ${from} done: ${progress.blocks} blocks in ${Date.now() - syncStartedAt} ms; tip height ${node.tip.height} ${node.tip.hash}`);
    }
  });
  node.events.on('block-accepted', (entry, source) => {
    if (source.kind === 'local') log.info(`mined block height ${entry.height} ${entry.hash}`);
    else if (source.kind === 'peer' && !syncing()) log.info(`block height ${entry.height} ${entry.hash} from ${nameOf(source.peerId)}`);
  });
  node.events.on('tip-changed', (tip, change) => {
    if (syncing()) return;
    const reorg = change.disconnected.length > 0 ? ` (reorganised: ${change.disconnected.length} block(s) left the main chain)` : '';
    log.info(`tip height ${tip.height} ${tip.hash}${reorg}`);
  });
  node.events.on('error', (error) => {
    if (error.peerId === null) log.warn(`${error.code}: ${error.detail}`);
    else log.warn(`${nameOf(error.peerId)}: ${error.code}: ${error.detail}`);
  });
  node.events.on('peer-dropped', (peerId, points) => log.warn(`dropped ${nameOf(peerId)} for misbehaving (${points} points)`));
}
