/**
 * What the page's address asks for: `?room=NAME&difficulty=BITS&interval=SECONDS&topology=…&k=…
 * &alpha=…&outbound=…&nickname=…`. A bad value falls back to its default and the page says why,
 * as a catalogue key (namespace 'join') and its values, never an English sentence.
 */
import { DEFAULT_ROOM } from '../../shared/protocol/signalling';
import { checkNickname, checkRoomName, NAME_LIMITS } from '../../shared/protocol/names';
import { checkChainParams, DEFAULT_CHAIN_PARAMS, MAX_SPACING_SECONDS, type ChainParams } from '../../shared/chain/params';
import { MAX_DIFFICULTY_BITS } from '../../shared/chain/target';
import { DEFAULT_TARGET_OUTBOUND } from '../../shared/overlay/unstructured/connection-policy';
import type { Notice } from '../store/mesh-store';
import { epochOf } from './room-settings';

export type Topology = 'mesh' | 'unstructured' | 'kademlia';
const TOPOLOGY_NAMES: readonly Topology[] = ['mesh', 'unstructured', 'kademlia'];
/** Kademlia's bucket size in tabs (`?k=`): the paper's 20 links everyone in a classroom room; 3 shows buckets at work. */
export const DEFAULT_TAB_K = 4;
const MAX_K = 20;
const DEFAULT_ALPHA = 3;
const MAX_ALPHA = 8;
const MAX_OUTBOUND = 16;

export interface PageParams {
  /** NFC form: two spellings of one name are one room. */
  room: string;
  /** The room's chain rules, from `?difficulty=BITS&interval=SECONDS`. */
  chain: ChainParams;
  /** How this tab picks its links: every tab of the room, or a few at random (`?topology=`). */
  topology: Topology;
  /** Outbound links in the unstructured overlay (`?outbound=`, Bitcoin's 8 by default). */
  outbound: number;
  /** Kademlia's bucket size (`?k=`) and lookup parallelism (`?alpha=`, the paper's α). */
  k: number;
  alpha: number;
  /** Whether the address set `outbound` and `k` (validly): if not, the tab scales them to the room (room-scale.ts). */
  asked?: { outbound: boolean; k: boolean; topology?: boolean };
  /** `?nickname=`: a name to start with instead of a generated one (a teacher's link, tests). */
  nickname: string | null;
  /** Why the URL could not be used as given, shown on the page. Keys are namespace-qualified. */
  problems: Notice[];
}

/** Values the catalogue's name-problem texts may use ({{chars}}, {{bytes}}). */
export const nameLimitParams = (kind: keyof typeof NAME_LIMITS) => ({ chars: NAME_LIMITS[kind].chars, bytes: NAME_LIMITS[kind].bytes });

/**
 * A refused name is echoed back to the reader, so whatever made it refused must not act on the
 * page: control, bidi and invisible characters are written out as \u{…}, and it is cut short.
 */
export function shownAsText(raw: string, max = 40): string {
  const escaped = raw.replace(/[\p{Cc}\p{Cf}\p{Co}\p{Cs}\p{Zl}\p{Zp}\u034F\u115F\u1160\u3164\uFFA0\uFE00-\uFE0F]/gu, (ch) => `\\u{${ch.codePointAt(0)!.toString(16).toUpperCase()}}`);
  const chars = [...escaped];
  return chars.length > max ? `${chars.slice(0, max).join('')}…` : escaped;
}

export function readPageParams(search: string): PageParams {
  const query = new URLSearchParams(search);
  const problems: Notice[] = [];
  let room = DEFAULT_ROOM;
  const asked = query.get('room');
  if (asked !== null) {
    const check = checkRoomName(asked);
    if (check.ok) room = check.value;
    // i18next's context picks join:problem.room_<problem>, one sentence per reason.
    else problems.push({ key: 'join:problem.room', params: { context: check.problem, room: shownAsText(asked), fallback: DEFAULT_ROOM, ...nameLimitParams('room') } });
  }
  const number = (name: string, fallback: number) => (query.has(name) ? Number(query.get(name)) : fallback);
  let chain: ChainParams = {
    ...DEFAULT_CHAIN_PARAMS,
    difficulty: number('difficulty', DEFAULT_CHAIN_PARAMS.difficulty),
    spacing: number('interval', DEFAULT_CHAIN_PARAMS.spacing),
  };
  // The teacher's reset round: part of the chain, so a reset starts afresh even with unchanged rules.
  const round = epochOf(search);
  if (round > 0) chain.round = round;
  if (checkChainParams(chain) !== null) {
    const { difficulty, spacing } = chain;
    const badDifficulty = !Number.isInteger(difficulty) || difficulty < 0 || difficulty > MAX_DIFFICULTY_BITS;
    problems.push(
      badDifficulty
        ? { key: 'join:problem.difficulty', params: { value: String(query.get('difficulty')), max: MAX_DIFFICULTY_BITS } }
        : { key: 'join:problem.interval', params: { value: String(query.get('interval') ?? spacing), max: MAX_SPACING_SECONDS } },
    );
    chain = DEFAULT_CHAIN_PARAMS;
  }
  let topology = (query.get('topology') ?? 'mesh') as Topology;
  if (!TOPOLOGY_NAMES.includes(topology)) {
    problems.push({ key: 'join:problem.topology', params: { value: String(query.get('topology')), allowed: TOPOLOGY_NAMES.join(', ') } });
    topology = 'mesh';
  }
  const whole = (name: string, fallback: number, max: number): number => {
    const value = number(name, fallback);
    if (Number.isInteger(value) && value >= 1 && value <= max) return value;
    problems.push({ key: `join:problem.${name}`, params: { value: String(query.get(name)), max, fallback } });
    return fallback;
  };
  const k = whole('k', DEFAULT_TAB_K, MAX_K);
  const alpha = whole('alpha', DEFAULT_ALPHA, MAX_ALPHA);
  const outbound = whole('outbound', DEFAULT_TARGET_OUTBOUND, MAX_OUTBOUND);
  let nickname: string | null = null;
  const askedNickname = query.get('nickname');
  if (askedNickname !== null) {
    const check = checkNickname(askedNickname);
    if (check.ok) nickname = check.value;
    else problems.push({ key: 'join:problem.nickname', params: { value: shownAsText(askedNickname) } }); // the prompt says why when they type one
  }
  // A refused value counts as not asked: the tab scales it to the room like a missing one.
  const given = {
    outbound: query.has('outbound') && outbound === number('outbound', NaN),
    k: query.has('k') && k === number('k', NaN),
    // A room opened without ?topology= may outgrow the mesh (signal-server/class-size.ts); one that asked keeps its mode.
    topology: query.get('topology') === topology,
  };
  return { room, chain, topology, outbound, k, alpha, asked: given, nickname, problems };
}
