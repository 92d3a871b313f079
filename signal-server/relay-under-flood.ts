/**
 * An honest pair relaying signals back and forth while another process floods their room with
 * 5,000-deep payloads (nested-flooder.ts): the trial socket-guard.test.ts checks for behaviour
 * (every honest signal arrives, attackers are dropped, no handler throws) and `npm run bench:flood`
 * reports as latency (the goal: p99 < 20 ms). One function, so both see the same trial.
 */
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { IncomingSignal } from '../shared/protocol/signalling';
import { Harness, nextEvent, raw, record, UNLIMITED_BUDGETS } from './test-harness';

export type RelayLatency = { p50: number; p99: number; lost: number };
export type FloodTrial = { quiet: RelayLatency; flooded: RelayLatency; attackerConnections: number; handlerErrors: unknown[] };

const OFFER = { type: 'offer' as const, sdp: 'v=0 honest' };
/** A signal not back after this long counts as lost (the honest pair's answer is immediate). */
const LOST_AFTER_MS = 5_000;

export async function relayUnderFlood(samples = 300, attackers = 3): Promise<FloodTrial> {
  const handlerErrors: unknown[] = [];
  // The honest pair sends hundreds of signals a second, more than a tab's budget allows: budgets are
  // not what this is about (the flood is refused by its depth).
  const harness = await Harness.start({ budgets: UNLIMITED_BUDGETS, onHandlerError: (error) => handlerErrors.push(error) });
  try {
    const a = await harness.named('class', 'honest-a');
    const b = await harness.named('class', 'honest-b');
    raw(b.client).on('signal', (message: IncomingSignal) => b.client.emit('signal', { to: message.from, data: message.data }));
    const joined = record<unknown>(a.client, 'peer-joined'); // each attacker connection joins the room

    const measure = async (): Promise<RelayLatency> => {
      const latencies: number[] = [];
      let lost = 0;
      for (let i = 0; i < samples; i++) {
        const back = nextEvent<IncomingSignal>(a.client, 'signal');
        const sentAt = performance.now();
        a.client.emit('signal', { to: b.client.id!, data: OFFER });
        let timer: ReturnType<typeof setTimeout> | undefined;
        const arrived = await Promise.race([back.then(() => true), new Promise<boolean>((resolve) => (timer = setTimeout(() => resolve(false), LOST_AFTER_MS)))]);
        clearTimeout(timer);
        if (!arrived) {
          lost += 1;
          continue;
        }
        // A round trip is two relays: half of it is one signal's way through the server.
        latencies.push((performance.now() - sentAt) / 2);
      }
      latencies.sort((x, y) => x - y);
      const at = (q: number) => latencies[Math.min(latencies.length - 1, Math.floor(latencies.length * q))] ?? Number.NaN;
      return { p50: at(0.5), p99: at(0.99), lost };
    };
    const quiet = await measure();
    const flooder = spawn(
      process.execPath,
      ['--import', 'tsx', fileURLToPath(new URL('./nested-flooder.ts', import.meta.url)), harness.url, 'class', String(attackers)],
      { stdio: ['ignore', 'pipe', 'inherit'] },
    );
    try {
      await new Promise<void>((resolve) => flooder.stdout!.once('data', () => resolve()));
      const flooded = await measure();
      return { quiet, flooded, attackerConnections: joined.length, handlerErrors };
    } finally {
      flooder.kill();
    }
  } finally {
    await harness.close();
  }
}
