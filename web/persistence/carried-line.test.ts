import { describe, expect, it } from 'vitest';
import { CARRIED_LINE_KEY, carryLine, takeCarriedLine } from './carried-line';

function memory(initial: Record<string, string> = {}) {
  const map = new Map(Object.entries(initial));
  return { map, getItem: (k: string) => map.get(k) ?? null, setItem: (k: string, v: string) => void map.set(k, v), removeItem: (k: string) => void map.delete(k) };
}

describe('a log line carried across a reload', () => {
  it('is given back once, then gone', () => {
    const storage = memory();
    carryLine(storage, { key: 'topologySwitched', params: { topology: 'kademlia', by: 'Amy' } });
    expect(takeCarriedLine(storage)).toEqual({ key: 'topologySwitched', params: { topology: 'kademlia', by: 'Amy' } });
    expect(takeCarriedLine(storage)).toBeNull();
  });

  it('ignores what is malformed in storage, and storage that throws', () => {
    expect(takeCarriedLine(memory({ [CARRIED_LINE_KEY]: '{not json' }))).toBeNull();
    expect(takeCarriedLine(memory({ [CARRIED_LINE_KEY]: '{"key":3,"params":{}}' }))).toBeNull();
    expect(takeCarriedLine(memory({ [CARRIED_LINE_KEY]: '{"key":"k","params":{"a":"x","b":{"deep":1}}}' }))).toEqual({ key: 'k', params: { a: 'x' } });
    const throwing = { getItem: () => { throw new Error('SecurityError'); }, setItem: () => { throw new Error('QuotaExceededError'); }, removeItem: () => {} };
    expect(() => carryLine(throwing, { key: 'k', params: {} })).not.toThrow();
    expect(takeCarriedLine(throwing)).toBeNull();
  });
});
