/**
 * `status`, the first message on every link: our chain's genesis and tip, and what we keep of a
 * peer's. Work travels as hex (JSON has no big integers) and is read back as a bigint here.
 */
import type { BlockTree } from '../chain/block-tree';
import type { Message } from '../protocol/messages';
import type { PeerStatus } from './peer-state';

type StatusMessage = Extract<Message, { type: 'status' }>;

export function statusOf(tree: BlockTree, name: string, address: string): Omit<StatusMessage, 'v' | 'type'> {
  const tip = tree.tip;
  return { name, address, genesis: tree.genesisHash, tip: tip.hash, height: tip.height, work: tip.work.toString(16) };
}

export function peerStatusFrom(message: StatusMessage): PeerStatus {
  return { name: message.name, genesis: message.genesis, tip: message.tip, height: message.height, work: BigInt('0x' + message.work) };
}
