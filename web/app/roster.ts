/**
 * The room's roster in the store: who is in the room and what people call them, folded from what
 * the signalling server says (the join ack's `members`, then `peer-joined`, `peer-left`,
 * `peer-renamed`). The fold is pure; `applyRosterEvent` puts its result in the store, and this
 * tab's own nickname goes to `self.nickname` rather than into the roster. Display only: nothing
 * here decides who may link, mine or be banned (see store/names.ts).
 */
import type { RoomMember } from '../../shared/protocol/signalling';
import type { SignallingSocket } from '../net/signalling-client';
import type { MeshStore, RosterMember } from '../store/mesh-store';

export type RosterEvent =
  /** A (re)join: the ack lists everyone else, under their current signalling ids. */
  | { kind: 'joined'; selfId: string; nickname: string; members: readonly RoomMember[] }
  | { kind: 'peer-joined'; id: string; name?: string; nickname: string }
  | { kind: 'peer-left'; id: string }
  | { kind: 'peer-renamed'; id: string; nickname: string };

export type Roster = Readonly<Record<string, RosterMember>>;

/** The roster after `event` (a new object when it changed; the same one when nothing did). */
export function foldRoster(roster: Roster, event: RosterEvent): Roster {
  switch (event.kind) {
    case 'joined': {
      // A new connection: every id the old roster used is gone, so it is replaced, not merged.
      const next: Record<string, RosterMember> = {};
      for (const m of event.members) if (m.id !== event.selfId) next[m.id] = { name: m.name, nickname: m.nickname };
      return next;
    }
    case 'peer-joined':
      return { ...roster, [event.id]: { name: event.name ?? '', nickname: event.nickname } };
    case 'peer-left': {
      if (!(event.id in roster)) return roster;
      const { [event.id]: _gone, ...rest } = roster;
      return rest;
    }
    case 'peer-renamed': {
      const member = roster[event.id];
      // A rename of a tab we never heard join (it raced our join ack) still names it.
      return { ...roster, [event.id]: { name: member?.name ?? '', nickname: event.nickname } };
    }
  }
}

/**
 * Folds `event` into the store. Returns the nickname the tab had before, for a log line such as
 * "Amy is now called Ben" (null if it was unknown).
 */
export function applyRosterEvent(store: MeshStore, event: RosterEvent): string | null {
  const state = store.getState();
  if (event.kind === 'joined') {
    state.setSelf({ nickname: event.nickname });
    state.setRoster(foldRoster(state.roster, event) as Record<string, RosterMember>);
    return null;
  }
  // The server tells the renamed tab too: its own new name is `self.nickname`.
  if (event.kind === 'peer-renamed' && event.id === state.self.id) {
    const before = state.self.nickname;
    state.setSelf({ nickname: event.nickname });
    return before;
  }
  const before = 'id' in event ? (state.roster[event.id]?.nickname ?? null) : null;
  const next = foldRoster(state.roster, event);
  if (next !== state.roster) state.setRoster(next as Record<string, RosterMember>);
  return before;
}

/**
 * Keeps the store's roster in step with the server's notices, and logs them (keys under 'app.' in
 * the 'log' catalogue; a `peerId` value is drawn as that tab's nickname). `candidates`: whether a
 * newcomer is only a candidate for our links (unstructured) rather than a tab that will dial us.
 */
export function followRoomMembers(
  socket: Pick<SignallingSocket, 'on'>,
  store: MeshStore,
  log: (peerId: string | null, key: string, values: Record<string, string>) => void,
  candidates: () => boolean,
): void {
  socket.on('peer-joined', ({ id, name, nickname }) => {
    applyRosterEvent(store, { kind: 'peer-joined', id, name, nickname });
    log(id, candidates() ? 'peerJoinedCandidate' : 'peerJoinedWillDial', { peerId: id });
  });
  socket.on('peer-renamed', ({ id, nickname }) => {
    const before = applyRosterEvent(store, { kind: 'peer-renamed', id, nickname });
    if (id === store.getState().self.id) log(null, 'renamed', { nickname });
    else if (before !== null && before !== nickname) log(id, 'peerRenamed', { oldNickname: before, nickname });
  });
  socket.on('peer-left', ({ id }) => {
    // Logged with the name it had: once it is gone, the roster can no longer tell.
    const before = applyRosterEvent(store, { kind: 'peer-left', id });
    if (before !== null) log(id, 'peerLeft', { nickname: before });
  });
}
