import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { seededRandom } from '../shared/testing/seeded-random';
import { loadOrCreateIdentity } from './identity';

const seededRandomBytes = (seed: number) => {
  const random = seededRandom(seed);
  return (n: number) => Uint8Array.from({ length: n }, () => Math.floor(random() * 256));
};
let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'meshchain-peer-id-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe("the headless peer's identity file", () => {
  it('is created once and read back the same: the room and the coins it mined know it across restarts', () => {
    const first = loadOrCreateIdentity(dir, seededRandomBytes(1));
    const again = loadOrCreateIdentity(dir, seededRandomBytes(2));
    expect(first.ok && again.ok).toBe(true);
    if (!first.ok || !again.ok) return;
    expect(again.value.name).toBe(first.value.name);
    expect(again.value.wallet.address).toBe(first.value.wallet.address);
    expect(first.value.name).toMatch(/^peer-[0-9a-f]{16}$/);
  });

  it('refuses a damaged file and leaves it in place (it holds a private key)', () => {
    const first = loadOrCreateIdentity(dir, seededRandomBytes(1));
    expect(first.ok).toBe(true);
    const path = join(dir, 'peer.json');
    const record = JSON.parse(readFileSync(path, 'utf8'));
    writeFileSync(path, JSON.stringify({ ...record, address: '0'.repeat(40) }));
    const refused = loadOrCreateIdentity(dir, seededRandomBytes(2));
    expect(refused.ok ? 'loaded' : refused.detail).toMatch(/does not give the stored address.*mv /);
    writeFileSync(path, '{"version":1,');
    expect(loadOrCreateIdentity(dir, seededRandomBytes(2)).ok).toBe(false);
    expect(readFileSync(path, 'utf8')).toBe('{"version":1,');
  });
});
