/**
 * `npm run bench:flood`: how fast an honest pair's signals cross the server while another process
 * floods their room with 5,000-deep payloads (signal-server/relay-under-flood.ts; the same trial
 * `npm test` checks for behaviour). Goal: p99 < 20 ms on an idle machine. Not part of `npm test`:
 * its figure depends on what else the 2 cores are doing.
 *
 * Last line: `honest relay p99 during a nested flood: X ms (quiet: Y ms)`.
 */
import { relayUnderFlood } from '../signal-server/relay-under-flood';

const SAMPLES = Number(process.env.BENCH_SAMPLES ?? 1_000);

const trial = await relayUnderFlood(SAMPLES);
const ms = (n: number) => `${n.toFixed(2)} ms`;
console.log(`samples per phase: ${SAMPLES}; attacker connections during the flood: ${trial.attackerConnections}`);
console.log(`quiet:   p50 ${ms(trial.quiet.p50)}, p99 ${ms(trial.quiet.p99)}, lost ${trial.quiet.lost}`);
console.log(`flooded: p50 ${ms(trial.flooded.p50)}, p99 ${ms(trial.flooded.p99)}, lost ${trial.flooded.lost}`);
console.log(`p99 flooded / quiet: ${(trial.flooded.p99 / trial.quiet.p99).toFixed(2)}; handler errors: ${trial.handlerErrors.length}`);
console.log(`goal p99 < 20 ms: ${trial.flooded.p99 < 20 ? 'met' : 'not met'}`);
console.log(`honest relay p99 during a nested flood: ${ms(trial.flooded.p99)} (quiet: ${ms(trial.quiet.p99)})`);
process.exit(0);
