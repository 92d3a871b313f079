/**
 * The headless peer's command line. Every flag is checked by the same rules the page applies to
 * its address (room names, nicknames, chain rules), and a bad one is refused with a sentence that
 * names the flag, before anything connects.
 */
import { parseArgs } from 'node:util';
import { join } from 'node:path';
import { checkChainParams, DEFAULT_CHAIN_PARAMS, type ChainParams } from '../shared/chain/params';
import { checkNickname, checkRoomName } from '../shared/protocol/names';
import { DEFAULT_ROOM, MESH_DEFAULT_MAX_TABS, TOPOLOGIES, type RoomTopology } from '../shared/protocol/signalling';
import { ok, reject, type Result } from '../shared/result';

export interface PeerOptions {
  url: string;
  /** NFC form, as the server keys rooms. */
  room: string;
  nickname: string;
  /** The folder holding this peer's chain and identity. */
  dataDir: string;
  chain: ChainParams;
  /** How many blocks to mine: 0 never, Infinity for --mine (until stopped). */
  mineBlocks: number;
  /** The mode asked for at join (--topology): it becomes the room's only if the room is empty. */
  topology?: RoomTopology;
  /** How long a join may go unanswered before it is asked again (default 10 s; tests shorten it). */
  joinTimeoutMs?: number;
}

export const DEFAULT_URL = 'http://localhost:8080';
export const DEFAULT_NICKNAME = 'archive';

export const USAGE = `Usage: npm run peer -- [options]

A headless meshchain peer: joins a room like a tab, keeps its chain on disk, relays, can mine.

  --url URL          signalling server (default ${DEFAULT_URL})
  --room NAME        room to join (default ${DEFAULT_ROOM})
  --nickname NAME    what the room calls this peer (default "${DEFAULT_NICKNAME}")
  --data DIR         where the chain and identity are kept (default ./.meshchain-peer/<room>)
  --difficulty BITS  the room's chain rules, as the page's ?difficulty= (default ${DEFAULT_CHAIN_PARAMS.difficulty})
  --interval SECONDS the room's block interval, as the page's ?interval= (default ${DEFAULT_CHAIN_PARAMS.spacing})
  --mine             mine continuously (after the first sync)
  --mine-blocks N    mine N blocks, then stop mining (keep running)
  --topology MODE    mesh, unstructured or kademlia: the mode a room this peer opens runs (default:
                     the server's, a mesh that turns unstructured past ${MESH_DEFAULT_MAX_TABS} members); the peer
                     always follows the mode the room runs, and its switches
  --help             this text`;

export type ParsedArgs = { kind: 'run'; options: PeerOptions } | { kind: 'help' };

export function parsePeerArgs(argv: readonly string[], cwd: string): Result<ParsedArgs, 'bad-flag'> {
  let values;
  try {
    ({ values } = parseArgs({
      args: [...argv],
      strict: true,
      allowPositionals: false,
      options: {
        url: { type: 'string' },
        room: { type: 'string' },
        nickname: { type: 'string' },
        data: { type: 'string' },
        difficulty: { type: 'string' },
        interval: { type: 'string' },
        mine: { type: 'boolean' },
        'mine-blocks': { type: 'string' },
        topology: { type: 'string' },
        help: { type: 'boolean' },
      },
    }));
  } catch (error) {
    return reject('bad-flag', (error as Error).message);
  }
  if (values.help) return ok({ kind: 'help' });

  const url = values.url ?? DEFAULT_URL;
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return reject('bad-flag', `--url "${url}" is not a URL (e.g. http://192.168.1.20:8080)`);
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') {
    return reject('bad-flag', `--url "${url}" must start with http:// or https://`);
  }

  const room = checkRoomName(values.room ?? DEFAULT_ROOM);
  if (!room.ok) return reject('bad-flag', `--room "${values.room}" is not a room name (${room.problem})`);
  const nickname = checkNickname(values.nickname ?? DEFAULT_NICKNAME);
  if (!nickname.ok) return reject('bad-flag', `--nickname "${values.nickname}" is not a nickname (${nickname.problem})`);

  const number = (flag: string, raw: string | undefined, fallback: number): number | string => {
    if (raw === undefined) return fallback;
    const value = Number(raw);
    return raw.trim() === '' || !Number.isFinite(value) ? `--${flag} "${raw}" is not a number` : value;
  };
  const difficulty = number('difficulty', values.difficulty, DEFAULT_CHAIN_PARAMS.difficulty);
  if (typeof difficulty === 'string') return reject('bad-flag', difficulty);
  const spacing = number('interval', values.interval, DEFAULT_CHAIN_PARAMS.spacing);
  if (typeof spacing === 'string') return reject('bad-flag', spacing);
  const chain: ChainParams = { ...DEFAULT_CHAIN_PARAMS, difficulty, spacing };
  const rulesProblem = checkChainParams(chain);
  if (rulesProblem !== null) return reject('bad-flag', `--difficulty ${difficulty} --interval ${spacing}: ${rulesProblem}`);

  if (values.mine && values['mine-blocks'] !== undefined) return reject('bad-flag', 'give --mine or --mine-blocks N, not both');
  let mineBlocks = values.mine ? Infinity : 0;
  if (values['mine-blocks'] !== undefined) {
    mineBlocks = Number(values['mine-blocks']);
    if (!Number.isSafeInteger(mineBlocks) || mineBlocks < 1) return reject('bad-flag', `--mine-blocks "${values['mine-blocks']}" must be a whole number ≥ 1`);
  }

  const topology = values.topology;
  if (topology !== undefined && !(TOPOLOGIES as readonly string[]).includes(topology)) {
    return reject('bad-flag', `--topology "${topology}" is not a mode; give one of ${TOPOLOGIES.join(', ')}`);
  }
  // A folder per room by default, so one machine can keep several rooms' chains apart.
  const dataDir = values.data ?? join(cwd, '.meshchain-peer', encodeURIComponent(room.value));
  return ok({ kind: 'run', options: { url: parsed.href.replace(/\/$/, ''), room: room.value, nickname: nickname.value, dataDir, chain, mineBlocks, ...(topology ? { topology: topology as RoomTopology } : {}) } });
}
