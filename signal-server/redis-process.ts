/**
 * A real `redis-server` as a child process, for the cluster tests, `npm run serve:cluster` and
 * `npm run bench:scale`: started on a free port with nothing written to disk, stoppable and
 * restartable on the same port (so a test can take Redis away under running servers and bring it
 * back). Not used by a server that runs without REDIS_URL.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';

export type RedisProcess = {
  /** `redis://127.0.0.1:PORT`, what REDIS_URL is set to. */
  url: string;
  port: number;
  /** Stops the server (its data goes with it: nothing is saved). Safe to call twice. */
  stop(): Promise<void>;
  /** Starts it again on the same port, empty. */
  start(): Promise<void>;
};

const READY_LINE = /Ready to accept connections/;
const START_TIMEOUT_MS = 10_000;

/** A port the OS says is free now (the usual small race is fine for tests and local runs). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      const port = typeof address === 'object' && address !== null ? address.port : 0;
      probe.close(() => resolve(port));
    });
  });
}

function launch(binary: string, port: number): Promise<ChildProcess> {
  const child = spawn(
    binary,
    ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--protected-mode', 'no'],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  return new Promise((resolve, reject) => {
    let output = '';
    let settled = false;
    const timer = setTimeout(() => fail(new Error(`redis-server did not start on port ${port} within ${START_TIMEOUT_MS / 1000} s:\n${output}`)), START_TIMEOUT_MS);
    const fail = (error: Error) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      child.kill('SIGKILL');
      reject(error);
    };
    child.once('error', (error) =>
      fail(new Error(`could not run ${binary} (${error.message}); install it with \`apt-get install redis-server\` or set REDIS_SERVER to its path`)),
    );
    child.once('exit', (code) => fail(new Error(`redis-server exited with code ${code} before it was ready:\n${output}`)));
    child.stdout!.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      if (!settled && READY_LINE.test(output)) {
        settled = true;
        clearTimeout(timer);
        resolve(child);
      }
    });
    child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  });
}

function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    child.once('exit', () => resolve());
    child.kill('SIGTERM');
  });
}

/** Starts `redis-server` (REDIS_SERVER or the one on PATH) on a free port. */
export async function startRedis(binary = process.env.REDIS_SERVER ?? 'redis-server'): Promise<RedisProcess> {
  const port = await freePort();
  let child: ChildProcess | null = await launch(binary, port);
  return {
    url: `redis://127.0.0.1:${port}`,
    port,
    async stop() {
      const running = child;
      child = null;
      if (running) await stopChild(running);
    },
    async start() {
      if (child) return;
      child = await launch(binary, port);
    },
  };
}
