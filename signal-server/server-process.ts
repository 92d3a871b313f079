/**
 * `tsx signal-server/main.ts` as a child process, the way `npm start` runs it, for tests, the
 * cluster launcher and benches that need real separate processes (two signalling processes on one
 * Redis). Keeps what the process printed so a test can wait for a line.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { freePort } from './redis-process';

const REPO_ROOT = fileURLToPath(new URL('..', import.meta.url));
const START_TIMEOUT_MS = 30_000;

export type ServerProcess = {
  url: string;
  port: number;
  pid: number;
  /** Everything the process printed so far, stdout and stderr. */
  output(): string;
  /** Resolves when the output (from the start) matches `pattern`; rejects after `timeoutMs`. */
  printed(pattern: RegExp, timeoutMs?: number): Promise<void>;
  stop(): Promise<void>;
  /** Kills it without a word (SIGKILL), as a crash or a pulled cable would. */
  kill(): Promise<void>;
};

export type ServerProcessOptions = {
  /** Extra environment (REDIS_URL, TEACHER_KEY…). PORT and HOST are chosen here. */
  env?: Record<string, string>;
  port?: number;
  /** Extra command-line arguments (e.g. --archive). */
  args?: string[];
  /** Hears what the process prints, as it prints it (serve:cluster forwards it). */
  onOutput?: (text: string) => void;
};

export async function startServerProcess(options: ServerProcessOptions = {}): Promise<ServerProcess> {
  const port = options.port ?? (await freePort());
  const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', 'signal-server/main.ts', ...(options.args ?? [])], {
    cwd: REPO_ROOT,
    env: { ...process.env, HOST: '127.0.0.1', PORT: String(port), STATIC_DIR: process.env.STATIC_DIR ?? 'dist', ...options.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const waiters = new Set<() => void>();
  const onData = (chunk: Buffer) => {
    output += chunk.toString();
    options.onOutput?.(chunk.toString());
    for (const check of [...waiters]) check();
  };
  child.stdout!.on('data', onData);
  child.stderr!.on('data', onData);
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));

  const printed = (pattern: RegExp, timeoutMs = START_TIMEOUT_MS) =>
    new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => {
        waiters.delete(check);
        reject(new Error(`server on port ${port} did not print ${pattern} within ${timeoutMs} ms; it printed:\n${output}`));
      }, timeoutMs);
      const check = () => {
        if (!pattern.test(output)) return;
        clearTimeout(timer);
        waiters.delete(check);
        resolve();
      };
      waiters.add(check);
      check();
    });

  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
    await exited;
  };
  try {
    await Promise.race([
      printed(/meshchain is running/),
      exited.then(() => Promise.reject(new Error(`server on port ${port} exited while starting:\n${output}`))),
    ]);
  } catch (error) {
    await stop();
    throw error;
  }
  const kill = async () => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    await exited;
  };
  return { url: `http://127.0.0.1:${port}`, port, pid: child.pid!, output: () => output, printed, stop, kill };
}
