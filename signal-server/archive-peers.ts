/**
 * `npm start -- --archive` (or `--archive=ROOM,ROOM`): beside the server, one headless peer per
 * named room (peer/main.ts), so a room's chain outlives its last tab and a late tab can sync it
 * from there. The peers are separate processes talking to this server like any tab: the server
 * does not import them, it only starts and stops them.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { checkRoomName } from '../shared/protocol/names';
import { DEFAULT_ROOM } from '../shared/protocol/signalling';

const PEER_ENTRY = fileURLToPath(new URL('../peer/main.ts', import.meta.url));

/**
 * The rooms `--archive` names: none without the flag, the default room for a bare `--archive`.
 * A refused room name is an error naming the flag, before anything starts.
 */
export function archiveRooms(argv: readonly string[]): { rooms: string[] } | { error: string } {
  const flags = argv.filter((arg) => arg === '--archive' || arg.startsWith('--archive='));
  const rooms: string[] = [];
  for (const flag of flags) {
    const list = flag === '--archive' ? [DEFAULT_ROOM] : flag.slice('--archive='.length).split(',');
    for (const raw of list) {
      const checked = checkRoomName(raw);
      if (!checked.ok) return { error: `--archive: "${raw}" is not a room name (${checked.problem}).` };
      if (!rooms.includes(checked.value)) rooms.push(checked.value);
    }
  }
  return { rooms };
}

/** Starts one headless peer per room against `url`; returns the function that stops them all. */
export function startArchivePeers(url: string, rooms: readonly string[], print: (line: string) => void): () => void {
  const children: ChildProcess[] = rooms.map((room) => {
    const child = spawn(process.execPath, ['--import', 'tsx', PEER_ENTRY, '--url', url, '--room', room], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const prefix = `[archive ${room}]`;
    const forward = (chunk: Buffer) => {
      for (const line of chunk.toString('utf8').split('\n')) if (line.trim() !== '') print(`${prefix} ${line}`);
    };
    child.stdout?.on('data', forward);
    child.stderr?.on('data', forward);
    child.on('exit', (code, signal) => print(`${prefix} stopped (${signal ?? `exit code ${code}`})`));
    return child;
  });
  return () => {
    for (const child of children) if (child.exitCode === null) child.kill('SIGINT');
  };
}
