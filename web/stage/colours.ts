/** The stage's colours: one per message kind (the legend), and one per block (a node's tip). */
import type { MessageKind } from '../../shared/stage/message-events';

export const KIND_COLOURS: Record<MessageKind, string> = {
  inv: '#f5a623',
  'get-data': '#4a90e2',
  block: '#d0021b',
  headers: '#9013fe',
  tx: '#2bb673',
  addr: '#8b572a',
  dht: '#00a3a3',
  pubsub: '#e056a0',
  other: '#9b9b9b',
};

/** A block's colour from its hash: the same block is the same colour in every tab of the room. */
export function blockColour(hash: string | null | undefined): string {
  if (!hash) return '#d9d9d9';
  // The end of the hash: proof of work makes its start zeros in every block.
  const hue = parseInt(hash.slice(-6), 16) % 360;
  return `hsl(${hue} 70% 55%)`;
}
