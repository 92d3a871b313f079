/**
 * Topic pub/sub in a tab: runs the node's pub/sub shell (shared/overlay/pubsub/node-pubsub.ts),
 * follows the room's `notes` topic from the start, and folds every change into the store for
 * TopicsPanel. The panel reaches the shell through `topicsOf(node)`, so the session needs no new
 * field for it.
 */
import type { Node } from '../../shared/node/node';
import { NodePubsub } from '../../shared/overlay/pubsub/node-pubsub';
import type { MeshStore } from '../store/mesh-store';

/** The room's own topic, followed by every tab until its student leaves it. */
export const NOTES_TOPIC = 'notes';

const shells = new WeakMap<Node, NodePubsub>();

/** The pub/sub shell of a started session's node, or null before startTopics ran. */
export const topicsOf = (node: Node): NodePubsub | null => shells.get(node) ?? null;

/**
 * @param defer coalesces redraws: a sync delivers thousands of blocks a second on the blocks topic,
 *   and the panel only needs a few redraws a second (tests pass an immediate one).
 */
export function startTopics(
  node: Node,
  store: MeshStore,
  now: () => number,
  defer: (fn: () => void) => void = (fn) => setTimeout(fn, 100),
): NodePubsub {
  const pubsub = new NodePubsub({}, { node, now });
  pubsub.subscribe(NOTES_TOPIC); // before start, so the first announcement to each neighbour includes it
  pubsub.start();
  let queued = false;
  const redraw = () => {
    queued = false;
    store.getState().setTopics(pubsub.summary());
  };
  pubsub.events.on('changed', () => {
    if (queued) return;
    queued = true;
    defer(redraw);
  });
  redraw();
  shells.set(node, pubsub);
  return pubsub;
}
