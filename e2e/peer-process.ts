/**
 * The headless peer (peer/main.ts) as a child process for browser tests: started in its own process
 * group against the test server, its output kept line by line, with a way to wait for a line.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const port = Number(process.env.E2E_PORT ?? 8787);
const REPO_ROOT = fileURLToPath(new URL('..', import.meta.url));

/** Starts a peer in `room` at the tests' difficulty (6), keeping its chain in `dataDir`. */
export function spawnPeer(room: string, dataDir: string, ...extra: string[]): PeerProcess {
  return new PeerProcess(
    spawn('node_modules/.bin/tsx', ['peer/main.ts', '--url', `http://localhost:${port}`, '--room', room, '--difficulty', '6', '--data', dataDir, ...extra], {
      cwd: REPO_ROOT,
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe'],
    }),
  );
}

/** The child's stdout, line by line, and a way to wait for a line (failing with the whole log). */
export class PeerProcess {
  readonly lines: string[] = [];
  private waiters: Array<() => void> = [];
  private exited: string | null = null;

  constructor(readonly child: ChildProcess) {
    let partial = '';
    const take = (chunk: Buffer) => {
      const parts = (partial + chunk.toString()).split('\n');
      partial = parts.pop() ?? '';
      this.lines.push(...parts);
      this.waiters.forEach((wake) => wake());
    };
    child.stdout!.on('data', take);
    child.stderr!.on('data', take);
    child.on('exit', (code) => {
      this.exited = `the headless peer exited (code ${code})`;
      this.waiters.forEach((wake) => wake());
    });
  }

  /** Resolves with the first line from `from` on that matches (its match groups). */
  async waitFor(pattern: RegExp, from = 0, timeoutMs = 30_000): Promise<{ match: RegExpMatchArray; index: number }> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => fail(`no line matching ${pattern} within ${timeoutMs / 1000} s`), timeoutMs);
      const fail = (why: string) => {
        clearTimeout(timer);
        reject(new Error(`${why}; the peer said:\n${this.lines.join('\n')}`));
      };
      const check = () => {
        for (let i = from; i < this.lines.length; i++) {
          const match = this.lines[i]!.match(pattern);
          if (match) {
            clearTimeout(timer);
            this.waiters = this.waiters.filter((w) => w !== check);
            return resolve({ match, index: i });
          }
        }
        if (this.exited) fail(this.exited);
      };
      this.waiters.push(check);
      check();
    });
  }

  async stop(): Promise<void> {
    if (this.exited || this.child.pid === undefined) return;
    const gone = new Promise((resolve) => this.child.once('exit', resolve));
    process.kill(-this.child.pid, 'SIGTERM'); // its process group: tsx and the node it runs
    await gone;
  }

  /** The exit code once it has exited, else null (it is still running). */
  get exitMessage(): string | null {
    return this.exited;
  }
}

