/**
 * What the benches wait with: re-check a condition until it holds or time runs out, and stop a
 * server child gracefully (SIGTERM, then SIGKILL after a grace). Benches measure, so a wait that
 * times out is a figure ("not linked after 60 s"), not an exception.
 */
import type { ChildProcess } from 'node:child_process';

/** Re-checks `probe` every `pollMs` until it holds; false once `timeoutMs` has passed. */
export async function until(probe: () => Promise<boolean>, timeoutMs: number, pollMs = 200): Promise<boolean> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    if (await probe()) return true;
    if (Date.now() >= end) return false;
    await new Promise((resolve) => setTimeout(resolve, pollMs));
  }
}

/** SIGTERM (signal-server/main.ts closes gracefully on the first), SIGKILL if it is still there after `graceMs`. */
export async function stopChild(child: ChildProcess, graceMs = 5_000): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
  await exited;
  clearTimeout(timer);
}
