/**
 * The native yardstick: OpenSSL's SHA-256 (SHA-NI where the CPU has it) over 80-byte messages,
 * one core, as `openssl speed` reports it. One 80-byte message pads to two blocks, the same two
 * compressions a midstate miner spends per nonce, so hashes/s compare directly with nonces/s.
 */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';

const run = promisify(execFile);

export interface NativeResult {
  hashesPerSecond: number;
  /** The line of openssl's output the figure came from, to show in the report. */
  source: string;
}

export async function measureNativeSha256(seconds = 3): Promise<NativeResult> {
  const { stdout, stderr } = await run('openssl', ['speed', '-evp', 'sha256', '-bytes', '80', '-seconds', String(seconds)]);
  return parseOpensslSpeed(stdout, stderr);
}

/** Prefers the table ("sha256  523368.11k", thousands of bytes per second); else the "Doing" line. */
export function parseOpensslSpeed(stdout: string, stderr: string): NativeResult {
  const table = /^sha256\s+([\d.]+)k\s*$/m.exec(stdout);
  if (table) return { hashesPerSecond: (Number(table[1]) * 1000) / 80, source: table[0].trim() };
  const doing = /: (\d+) sha256's in ([\d.]+)s/.exec(stderr + stdout);
  if (doing) return { hashesPerSecond: Number(doing[1]) / Number(doing[2]), source: doing[0].slice(2) };
  throw new Error(`could not read openssl speed output:\n${stdout}\n${stderr}`);
}
