/**
 * Baselines measured beside the miner, one worker each:
 * - `cryptojs`: the classic classroom miner, which hashes a string of the block's fields with
 *   CryptoJS and compares hex prefixes (as in the well-known "build a blockchain in JavaScript"
 *   demos): `SHA256(index + previousHash + timestamp + data + nonce).toString()` in a loop.
 * - `noble`: this project's pure-JS reference `searchNonce` (@noble/hashes), the miner's fallback.
 */
import SHA256 from 'crypto-js/sha256';
import { searchNonce } from '../../shared/chain/pow';

export type BaselineKind = 'cryptojs' | 'noble';
export interface BaselineReport {
  kind: BaselineKind;
  hashesPerSecond: number;
}

function cryptoJsMiner(until: number): number {
  const block = { index: 1, previousHash: '0'.repeat(64), timestamp: 1_700_000_000_000, data: '{"amount":4}' };
  const difficulty = 64; // unreachable, so the loop runs for the whole window
  const prefix = Array(difficulty + 1).join('0');
  let nonce = 0;
  while (true) {
    const hash = SHA256(block.index + block.previousHash + block.timestamp + block.data + nonce).toString();
    if (hash.substring(0, difficulty) === prefix) break;
    nonce++;
    if ((nonce & 255) === 0 && performance.now() >= until) break;
  }
  return nonce;
}

function nobleMiner(until: number): number {
  const header = { version: 1, prevHash: '00'.repeat(32), merkleRoot: '5e'.repeat(32), time: 1, bits: 0x01010000, nonce: 0 };
  let tries = 0;
  while (performance.now() < until) tries += searchNonce(header, tries, 1_024).tries;
  return tries;
}

self.onmessage = ({ data }: MessageEvent<{ kind: BaselineKind; warmupMs: number; ms: number }>) => {
  const mine = data.kind === 'cryptojs' ? cryptoJsMiner : nobleMiner;
  mine(performance.now() + data.warmupMs); // let the JIT settle first
  const started = performance.now();
  const hashes = mine(started + data.ms);
  const report: BaselineReport = { kind: data.kind, hashesPerSecond: (hashes * 1000) / (performance.now() - started) };
  postMessage(report);
};
