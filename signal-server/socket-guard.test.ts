/**
 * The per-socket gate with real clients: hostile shapes get their signal-error before anything
 * walks them, floods are refused and then dropped, and an honest pair in the same room is not
 * slowed by either.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { IncomingSignal, SignalError } from '../shared/protocol/signalling';
import { BUDGETS } from './budgets';
import { relayUnderFlood } from './relay-under-flood';
import { Harness, nextEvent, nextSignalError, raw, record } from './test-harness';

let harness: Harness;
let handlerErrors: unknown[] = [];
let logged: string[] = [];
const start = async (summaryEveryMs = 60_000) => {
  handlerErrors = [];
  logged = [];
  harness = await Harness.start({ onHandlerError: (error) => handlerErrors.push(error), log: (line) => logged.push(line), summaryEveryMs });
};
afterEach(async () => {
  await harness.close();
  expect(handlerErrors).toEqual([]);
});

/** A Socket.IO EVENT packet (Engine.IO adds its own "4") whose argument is nested `depth` objects deep (about 6 bytes a level). */
function nestedFrame(event: string, depth: number): string {
  return `2["${event}",${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}]`;
}

const OFFER = { type: 'offer', sdp: 'v=0' } as const;

describe('payload shape', () => {
  it('a 5,000-deep signal, report, join or set-nickname gets too-deep, with no handler error', async () => {
    await start();
    const { client } = await harness.named('class', 'deep');
    for (const event of ['signal', 'report'] as const) {
      const error = nextSignalError(client);
      client.io.engine.send(nestedFrame(event, 5_000));
      expect(await error).toMatchObject({ code: 'too-deep', event });
    }
    for (const event of ['set-topology', 'set-nickname', 'join', 'clock'] as const) {
      const error = nextSignalError(client);
      client.io.engine.send(nestedFrame(event, 5_000));
      expect(await error).toMatchObject({ code: 'too-deep', event });
    }
  });

  it('counts refusals into a periodic summary instead of a line per message', async () => {
    await start(100);
    const { client } = await harness.named('class', 'deep');
    const errors = record<SignalError>(client, 'signal-error');
    for (let i = 0; i < 3; i++) client.io.engine.send(nestedFrame('signal', 5_000));
    await expect.poll(() => errors.length).toBe(3);
    await expect.poll(() => logged.find((line) => line.includes('too-deep 3'))).toBeDefined();
    expect(logged.filter((line) => line.includes('too-deep'))).toHaveLength(1);
  });

  it('drops a socket that keeps sending them, telling it why first', async () => {
    await start();
    const { client } = await harness.named('class', 'deep');
    const told = new Promise<SignalError>((resolve) => raw(client).on('signal-error', (e: SignalError) => e.code === 'disconnected' && resolve(e)));
    const dropped = nextEvent(client, 'disconnect');
    for (let i = 0; i < 20; i++) client.io.engine.send(nestedFrame('signal', 5_000));
    expect((await told).message).toContain('closed');
    expect(await dropped).toBe('io server disconnect');
  });
});

describe('rate budgets', () => {
  it('refuses signals past the burst as rate-limited, and drops a socket that keeps flooding', async () => {
    await start();
    const a = await harness.named('class', 'flood');
    const b = await harness.named('class', 'target');
    const bGot = record<IncomingSignal>(b.client, 'signal');
    const limited = new Promise<SignalError>((resolve) => raw(a.client).on('signal-error', (e: SignalError) => e.code === 'rate-limited' && resolve(e)));
    const dropped = nextEvent(a.client, 'disconnect');
    for (let i = 0; i < 1_000; i++) a.client.emit('signal', { to: b.client.id!, data: OFFER });
    expect(await limited).toMatchObject({ event: 'signal' });
    await dropped;
    await b.client.emitWithAck('clock');
    // At most the burst went through (Socket.IO dispatches after the gate has seen the whole
    // batch, so a socket dropped within it delivers nothing more).
    expect(bGot.length).toBeLessThanOrEqual(BUDGETS.signal.burst);
    // The target is unharmed and keeps its room.
    const c = await harness.named('class', 'third');
    const arrived = nextEvent<IncomingSignal>(b.client, 'signal');
    c.client.emit('signal', { to: b.client.id!, data: OFFER });
    expect(await arrived).toEqual({ from: c.client.id, data: OFFER });
  });

  it('answers a rate-limited set-nickname through its ack', async () => {
    await start();
    const { client } = await harness.named('class', 'renamer');
    const acks = [];
    for (let i = 0; i < 8; i++) acks.push(client.emitWithAck('set-nickname', { nickname: `Amy ${i}` }));
    const results = await Promise.all(acks);
    expect(results.filter((r) => r.ok)).toHaveLength(5);
    expect(results.filter((r) => !r.ok)).toEqual(Array.from({ length: 3 }, () => expect.objectContaining({ ok: false, code: 'rate-limited' })));
  });
});

describe('an honest pair during a flood of nested payloads', () => {
  it('keeps relaying every honest signal while another process floods the room, and drops the attackers', async () => {
    const trial = await relayUnderFlood(300);
    const line = (m: { p50: number; p99: number }) => `p50 ${m.p50.toFixed(2)} ms, p99 ${m.p99.toFixed(2)} ms`;
    console.log(`honest relay, quiet: ${line(trial.quiet)}; during a nested flood (${trial.attackerConnections} attacker connections): ${line(trial.flooded)}`);
    // Attackers kept coming (each one dropped after a few frames) for the whole measurement.
    expect(trial.attackerConnections).toBeGreaterThan(3);
    expect(trial.flooded.lost).toBe(0);
    expect(trial.quiet.lost).toBe(0);
    // Refused by shape before anything walked them: no handler threw (a throw per message is what
    // took p99 to ≈ 675 ms before the depth gate). Latency itself is `npm run bench:flood`'s figure.
    expect(trial.handlerErrors).toEqual([]);
  }, 60_000);
});
