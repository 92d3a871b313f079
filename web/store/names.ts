/**
 * One name for a tab everywhere. A tab is known on the wire by three things: its signalling id
 * (the socket, new on every reconnect), its tab name (random, kept in sessionStorage, names the
 * miner of its blocks and keys its reports) and its wallet address. People know it by the nickname
 * its student chose, which the signalling server keeps unique in the room and hands every member
 * in its roster. This resolves any of the three to what the page should show; nicknames are for
 * display only, never for deciding anything (bans, DHT ids and who mined stay keyed by what is
 * proven).
 */
import type { MeshState } from './mesh-store';

/** What we know of one tab; `nickname` is null when the roster has not named it (yet). */
export interface TabNames {
  nickname: string | null;
  tabName: string | null;
  peerId: string | null;
  address: string | null;
  isSelf: boolean;
}

export type TabRef = { peerId: string } | { tabName: string } | { address: string };

type NameState = Pick<MeshState, 'self' | 'peers' | 'roster'>;

/** Everything the store knows about the tab `ref` points at. */
export function resolveTab(state: NameState, ref: TabRef): TabNames {
  const { self, peers, roster } = state;
  let peerId: string | null = null;
  let tabName: string | null = null;
  let address: string | null = null;
  if ('peerId' in ref) {
    peerId = ref.peerId;
    tabName = roster[peerId]?.name ?? peers[peerId]?.name ?? null;
    address = peers[peerId]?.address ?? null;
  } else if ('tabName' in ref) {
    tabName = ref.tabName;
  } else {
    address = ref.address;
    if (address === self.address) tabName = self.name;
    else {
      const hit = Object.entries(peers).find(([, p]) => p.address === address);
      if (hit) [peerId, tabName] = [hit[0], hit[1].name ?? null];
    }
  }
  const isSelf = (peerId !== null && peerId === self.id) || (tabName !== null && tabName === self.name);
  if (isSelf) return { nickname: self.nickname, tabName: self.name, peerId: self.id, address: self.address, isSelf };
  if (tabName !== null && peerId === null) {
    const hit = Object.entries(roster).find(([, r]) => r.name === tabName);
    if (hit) peerId = hit[0];
  }
  if (peerId !== null && address === null) address = peers[peerId]?.address ?? null;
  const nickname = (peerId !== null ? roster[peerId]?.nickname : undefined) ?? null;
  return { nickname, tabName, peerId, address, isSelf };
}

/** The label to lead with: the nickname, else the tab name, else a cut of whatever id we have. */
export function leadingName(names: TabNames): string {
  return names.nickname ?? names.tabName ?? (names.peerId ?? names.address ?? '?').slice(0, 8);
}
