import { describe, expect, it } from 'vitest';
import { seededRandom } from '../../testing/seeded-random';
import { decodeDhtMessage, MAX_VALUE_CHARS, rpcId } from './messages';

const rpc = rpcId(seededRandom(3));
const id = 'ab'.repeat(20);

describe('decodeDhtMessage: the one door for DHT messages', () => {
  it('lets well-formed messages through, typed', () => {
    for (const m of [
      { type: 'ping', rpc },
      { type: 'pong', rpc },
      { type: 'find-node', rpc, target: id },
      { type: 'nodes', rpc, contacts: [id] },
      { type: 'find-value', rpc, key: id },
      { type: 'value', rpc, key: id, value: 'v' },
      { type: 'store', rpc, key: id, value: 'v' },
    ]) {
      expect(decodeDhtMessage(m)).toEqual({ ok: true, value: m });
    }
  });

  it('refuses everything else with the field and the reason', () => {
    const cases: Array<[unknown, RegExp]> = [
      ['ping', /./],
      [{ type: 'gossip', rpc }, /^type: /],
      [{ type: 'ping', rpc: 'short' }, /^rpc: not a 16-hex rpc id/],
      [{ type: 'find-node', rpc, target: id.toUpperCase() }, /^target: not a 40-hex id/],
      [{ type: 'nodes', rpc, contacts: [id, 'x'] }, /^contacts\.1: not a 40-hex id/],
      [{ type: 'nodes', rpc, contacts: Array(65).fill(id) }, /^contacts: /],
      [{ type: 'store', rpc, key: id, value: 'x'.repeat(MAX_VALUE_CHARS + 1) }, /^value: /],
    ];
    for (const [raw, detail] of cases) {
      const decoded = decodeDhtMessage(raw);
      expect(decoded).toMatchObject({ ok: false, reason: 'malformed-message' });
      if (!decoded.ok) expect(decoded.detail).toMatch(detail);
    }
  });

  it('makes 16-hex rpc ids from the injected random source', () => {
    expect(rpc).toMatch(/^[0-9a-f]{16}$/);
    expect(rpcId(seededRandom(3))).toBe(rpc);
  });
});
