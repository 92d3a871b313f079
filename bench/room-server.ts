/**
 * The real meshchain server for the room bench, as `npm start` runs it: the page built for
 * production, then `signal-server/main.ts` in its own process (so the tabs' signalling does not
 * share an event loop with the bench). The page is built into a temporary directory, not `dist/`,
 * so a bench never rewrites files an e2e run of the same checkout is serving.
 */
import { spawn, execFile } from 'node:child_process';
import { rmSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { build } from 'vite';
import { stopChild } from './until';

export interface RoomServer {
  /** e.g. `http://127.0.0.1:43121/` */
  url: string;
  close(): Promise<void>;
}

const START_TIMEOUT_MS = 20_000;
const STOP_TIMEOUT_MS = 5_000;

export async function startRoomServer(repoRoot: string): Promise<RoomServer> {
  const staticDir = await mkdtemp(path.join(tmpdir(), 'meshchain-room-bench-'));
  try {
    // The miner's WebAssembly is generated, not committed: `npm run build` makes it first too.
    await promisify(execFile)('npm', ['run', '--silent', 'build:wasm'], { cwd: repoRoot });
    await build({
      root: repoRoot,
      configFile: path.join(repoRoot, 'vite.config.ts'),
      logLevel: 'warn',
      build: { outDir: staticDir, emptyOutDir: true },
    });
  } catch (error) {
    await rm(staticDir, { recursive: true, force: true });
    throw error;
  }

  // PORT=0: the server picks a free port and prints it in its banner.
  const child = spawn(process.execPath, ['--import', 'tsx', 'signal-server/main.ts'], {
    cwd: repoRoot,
    env: { ...process.env, PORT: '0', HOST: '127.0.0.1', STATIC_DIR: staticDir },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  // If the bench dies on the way, the server and the built page must not outlive it.
  const killOnExit = () => {
    child.kill('SIGKILL');
    rmSync(staticDir, { recursive: true, force: true });
  };
  process.on('exit', killOnExit);
  let errors = '';
  child.stderr.on('data', (chunk: Buffer) => (errors += chunk.toString()));

  const url = await new Promise<string>((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error(`server printed no address in ${START_TIMEOUT_MS} ms: ${errors}`)), START_TIMEOUT_MS);
    child.stdout.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const match = /http:\/\/localhost:(\d+)\//.exec(out);
      if (match) {
        clearTimeout(timer);
        resolve(`http://127.0.0.1:${match[1]}/`); // the address it listens on, not a name that may mean ::1
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`server exited with ${code}: ${errors}`));
    });
  });

  return {
    url,
    close: async () => {
      process.off('exit', killOnExit);
      await stopChild(child, STOP_TIMEOUT_MS);
      await rm(staticDir, { recursive: true, force: true });
    },
  };
}
