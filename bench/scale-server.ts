/**
 * A signalling server for the scale bench: `signal-server/main.ts` in its own process, as
 * `npm run serve` runs it, on a port the OS picks, serving an empty folder (the signalling figures
 * need no page). Extra environment (REDIS_URL) is passed through, so two of these on one Redis make
 * one set of rooms. Its resident memory is read from /proc, where the kernel counts it.
 */
import { spawn } from 'node:child_process';
import { rmSync } from 'node:fs';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { stopChild } from './until';

export interface ScaleServer {
  /** e.g. `http://127.0.0.1:43121` */
  url: string;
  pid: number;
  /** Lines the server printed after its banner (refusal summaries, handler errors). */
  log: string[];
  close(): Promise<void>;
}

/**
 * Stoppers for children an exit hook cannot kill synchronously (the Redis child): bench/scale.ts
 * runs them on Ctrl-C before exiting.
 */
export const onInterrupt = new Set<() => Promise<void>>();

const START_TIMEOUT_MS = 20_000;
const STOP_TIMEOUT_MS = 5_000;

export async function startScaleServer(repoRoot: string, env: Record<string, string> = {}): Promise<ScaleServer> {
  const staticDir = await mkdtemp(path.join(tmpdir(), 'meshchain-scale-'));
  const child = spawn(process.execPath, ['--import', 'tsx', 'signal-server/main.ts'], {
    cwd: repoRoot,
    env: { ...process.env, PORT: '0', HOST: '127.0.0.1', STATIC_DIR: staticDir, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  // A bench that dies on the way must not leave a server behind.
  const killOnExit = () => {
    child.kill('SIGKILL');
    rmSync(staticDir, { recursive: true, force: true });
  };
  process.on('exit', killOnExit);
  const log: string[] = [];
  let errors = '';
  let bannerSeen = false;
  child.stderr.on('data', (chunk: Buffer) => {
    errors += chunk.toString();
    if (bannerSeen) log.push(...chunk.toString().trim().split('\n'));
  });

  try {
    const url = await new Promise<string>((resolve, reject) => {
      let out = '';
      const timer = setTimeout(() => reject(new Error(`server printed no address in ${START_TIMEOUT_MS} ms: ${errors}`)), START_TIMEOUT_MS);
      child.stdout.on('data', (chunk: Buffer) => {
        if (bannerSeen) {
          // The QR code and URLs are not news; refusal summaries and errors are.
          log.push(...chunk.toString().split('\n').filter((l) => /refus|drop|error|fail/i.test(l)));
          return;
        }
        out += chunk.toString();
        const match = /http:\/\/localhost:(\d+)\//.exec(out);
        if (match) {
          bannerSeen = true;
          clearTimeout(timer);
          resolve(`http://127.0.0.1:${match[1]}`);
        }
      });
      child.once('exit', (code) => {
        clearTimeout(timer);
        reject(new Error(`server exited with ${code}: ${errors}`));
      });
    });
    return {
      url,
      pid: child.pid!,
      log,
      close: async () => {
        process.off('exit', killOnExit);
        await stopChild(child, STOP_TIMEOUT_MS);
        await rm(staticDir, { recursive: true, force: true });
      },
    };
  } catch (error) {
    killOnExit();
    process.off('exit', killOnExit);
    throw error;
  }
}

/** Resident set size of a process in KiB (VmRSS in /proc/PID/status), or NaN if it has gone. */
export async function rssKiB(pid: number): Promise<number> {
  try {
    const status = await readFile(`/proc/${pid}/status`, 'utf8');
    const match = /^VmRSS:\s+(\d+)\s+kB/m.exec(status);
    return match ? Number(match[1]) : NaN;
  } catch {
    return NaN;
  }
}

/** CPU seconds a process has used so far (user + system, /proc/PID/stat), or NaN if it has gone. */
export async function cpuSeconds(pid: number): Promise<number> {
  try {
    const stat = await readFile(`/proc/${pid}/stat`, 'utf8');
    // Fields after the command name (which may hold spaces) start at state; utime and stime are 12th and 13th.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / 100; // clock ticks; USER_HZ is 100 on Linux
  } catch {
    return NaN;
  }
}

/**
 * The pid of the redis-server serving `port` (signal-server/redis-process.ts keeps its child to
 * itself), found by the title it gives itself, to read its CPU time; null if none is found.
 */
export async function redisPid(port: number): Promise<number | null> {
  for (const entry of await readdir('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const cmdline = await readFile(`/proc/${entry}/cmdline`, 'utf8').catch(() => '');
    // redis-server rewrites its title to `redis-server 127.0.0.1:PORT`.
    if (cmdline.startsWith('redis-server ') && cmdline.split('\0')[0]!.endsWith(`:${port}`)) return Number(entry);
  }
  return null;
}

export type CpuSample = { idle: number; total: number };

/** This machine's CPU counters, all cores together (the first line of /proc/stat). */
export async function machineCpu(): Promise<CpuSample> {
  const fields = (await readFile('/proc/stat', 'utf8')).split('\n')[0]!.trim().split(/\s+/).slice(1).map(Number);
  return { idle: fields[3]! + (fields[4] ?? 0), total: fields.reduce((a, b) => a + b, 0) }; // idle + iowait
}

/** Share of the machine's CPU time that was busy between two samples (1 = every core, all the time). */
export function busyShare(a: CpuSample, b: CpuSample): number {
  return 1 - (b.idle - a.idle) / Math.max(1, b.total - a.total);
}
