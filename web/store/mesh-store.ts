/**
 * The tab's read model: what the page draws, folded from the Node's events (see attach-node.ts).
 * A plain zustand vanilla store, so it is tested through getState() without React.
 */
import { createStore } from 'zustand/vanilla';
import type { BlockHeader } from '../../shared/chain/header';
import type { ChainParams } from '../../shared/chain/params';
import type { TransferView } from '../../shared/ledger/transfer-history';
import type { SyncProgress } from '../../shared/node/sync';
import type { RoomReport } from '../../shared/protocol/room-report';
import type { TopicSummary } from '../../shared/overlay/pubsub/node-pubsub';
import type { MiningStatus } from '../mining/mining-controller';
import { DEFAULT_ROOM_SETTINGS, type RoomSettings } from '../../shared/protocol/room-controls';

export interface BlockView {
  header: BlockHeader;
  height: number;
  hash: string;
  prevHash: string;
  nonce: number;
  miner: string;
  time: number;
  difficulty: number;
}

/**
 * The chapter's four callbacks (onOpen, onClose, onMessage, onError), chain and sync events, and
 * notices from the signalling server, which are neither a peer's message nor an error.
 */
export type LogKind = 'open' | 'close' | 'message' | 'error' | 'chain' | 'sync' | 'signalling' | 'conditions';

export interface LogEntry {
  seq: number;
  at: number;
  kind: LogKind;
  peerId: string | null;
  /**
   * Being replaced by `key`: every word the page shows comes from the catalogues. An entry with a
   * key is drawn as t(key, params) in the 'log' namespace; `text` is only for entries not yet moved.
   */
  text?: string;
  key?: string;
  /** Values for the key's placeholders. Peer-supplied strings here are data, drawn as text. */
  params?: Record<string, string | number>;
}

export type SignallingState = 'connecting' | 'connected' | 'lost' | 'failed';

/** Something the page tells the reader: a namespace-qualified catalogue key ('join:problem.room') and its values; draw with t(key, params). */
export interface Notice {
  key: string;
  params?: Record<string, string | number>;
}

export interface MeshState {
  /** `id` is the server-given routing id; `name` is the tab's own, kept across reloads. */
  self: { id: string | null; name: string | null; nickname: string | null; address: string | null; rules: ChainParams | null; topology: string; room: string; signalling: SignallingState; problems: Notice[] };
  /** Open channels: peer id → when it opened, and the tab's name once it said it. */
  peers: Record<string, { since: number; name?: string; address?: string }>;
  /**
   * The room's members as the signalling server lists them (signalling id → tab name and the
   * nickname the server granted, unique in the room). Display only: see store/names.ts.
   */
  roster: Record<string, RosterMember>;
  chain: { tip: BlockView | null; blocks: BlockView[]; knownBlocks: number };
  /** This tab's coins on its main chain, and the transfers it can see. */
  wallet: { balance: number; transfers: TransferView[] };
  sync: SyncProgress | null;
  mining: MiningStatus & { found: number };
  log: LogEntry[];
  /** Room telemetry: the latest report of every tab of the room, as the server forwarded them (web/app/room-telemetry.ts). */
  roomReports: RoomReport[];
  /** The block opened in the chain panel; the network graph draws the way it came. */
  selectedBlock: string | null;
  /** Topic pub/sub: each followed topic, its counts and what arrived on it (web/app/topics.ts). */
  topics: TopicSummary[];
  /** Open peers whose status named another genesis (other room rules): the wrong-chain banner. */
  wrongChainPeers: string[];
  /** The teacher's desk (web/app/room-settings.ts): the room's settings, whether this tab is a teacher, the last refusal, drops by 'peerId|reason', round trips by peer. */
  desk: { settings: RoomSettings; isTeacher: boolean; refusal: Notice | null; dropped: Record<string, number>; rttMs: Record<string, number> };
}

export interface RosterMember {
  name: string;
  nickname: string;
}

export const LOG_LIMIT = 300;
export const CHAIN_VIEW_LIMIT = 50;
export const DEFAULT_DIFFICULTY = 16;

export interface MeshActions {
  setSelf(patch: Partial<MeshState['self']>): void;
  /** Adds a problem the page shows at the top of the node panel (once: the same key and values are not repeated). */
  addProblem(problem: Notice): void;
  peerOpened(peerId: string, at: number): void;
  peerClosed(peerId: string): void;
  peerNamed(peerId: string, name: string, address: string): void;
  setChain(chain: MeshState['chain'], wallet: MeshState['wallet']): void;
  setSync(sync: MeshState['sync']): void;
  setMining(status: MiningStatus): void;
  countFound(): void;
  addLog(entry: Omit<LogEntry, 'seq'>): void;
  setRoomReports(reports: RoomReport[]): void;
  /** Replaces the roster (after a join) or changes one member (joined, renamed: a member; left: null). */
  setRoster(roster: Record<string, RosterMember>): void;
  setRosterMember(peerId: string, member: RosterMember | null): void;
  selectBlock(hash: string | null): void;
  setTopics(topics: TopicSummary[]): void;
  setDesk(patch: Partial<MeshState['desk']>): void;
}

export type MeshStore = ReturnType<typeof createMeshStore>;

export function createMeshStore(room: string) {
  let seq = 0;
  return createStore<MeshState & MeshActions>()((set) => ({
    self: { id: null, name: null, nickname: null, address: null, rules: null, topology: 'mesh', room, signalling: 'connecting', problems: [] },
    peers: {},
    chain: { tip: null, blocks: [], knownBlocks: 1 },
    sync: null,
    wallet: { balance: 0, transfers: [] },
    mining: { running: false, goal: 'one-block', difficulty: DEFAULT_DIFFICULTY, hashesPerSecond: 0, found: 0 },
    log: [],
    roomReports: [],
    roster: {},
    selectedBlock: null,
    topics: [],
    wrongChainPeers: [],
    desk: { settings: DEFAULT_ROOM_SETTINGS, isTeacher: false, refusal: null, dropped: {}, rttMs: {} },
    setDesk: (patch) => set((s) => ({ desk: { ...s.desk, ...patch } })),
    setSelf: (patch) => set((s) => ({ self: { ...s.self, ...patch } })),
    addProblem: (problem) =>
      set((s) => {
        const same = (p: Notice) => p.key === problem.key && JSON.stringify(p.params ?? {}) === JSON.stringify(problem.params ?? {});
        return s.self.problems.some(same) ? {} : { self: { ...s.self, problems: [...s.self.problems, problem] } };
      }),
    peerOpened: (peerId, at) => set((s) => ({ peers: { ...s.peers, [peerId]: { since: at } } })),
    peerNamed: (peerId, name, address) =>
      set((s) => (s.peers[peerId] ? { peers: { ...s.peers, [peerId]: { ...s.peers[peerId], name, address } } } : {})),
    peerClosed: (peerId) =>
      set((s) => {
        const { [peerId]: _gone, ...rest } = s.peers;
        return { peers: rest };
      }),
    setChain: (chain, wallet) => set({ chain, wallet }),
    setSync: (sync) => set({ sync }),
    setMining: (status) => set((s) => ({ mining: { ...s.mining, ...status } })),
    countFound: () => set((s) => ({ mining: { ...s.mining, found: s.mining.found + 1 } })),
    setTopics: (topics) => set({ topics }),
    setRoomReports: (roomReports) => set({ roomReports }),
    selectBlock: (selectedBlock) => set({ selectedBlock }),
    setRoster: (roster) => set({ roster }),
    setRosterMember: (peerId, member) =>
      set((s) => {
        const { [peerId]: _old, ...rest } = s.roster;
        return { roster: member ? { ...rest, [peerId]: member } : rest };
      }),
    addLog: (entry) => set((s) => ({ log: [{ ...entry, seq: ++seq }, ...s.log].slice(0, LOG_LIMIT) })),
  }));
}
