import { describe, expect, it } from 'vitest';
import { forceLayout, idOrderLayout, kBucketShading, ringLayout } from './layouts';

const names = ['dora', 'alex', 'cleo', 'bo', 'eli', 'fay'];
const dist = (p: { x: number; y: number }, q: { x: number; y: number }) => Math.hypot(p.x - q.x, p.y - q.y);

describe('ringLayout', () => {
  it('draws the same ring whatever order the names come in, the first name at the top', () => {
    const a = ringLayout(names);
    const b = ringLayout([...names].reverse());
    expect(b).toEqual(a);
    expect(a.alex!.y).toBeLessThan(a.bo!.y);
    expect(a.alex!.x).toBeCloseTo(0.5);
  });
  it('puts every tab at the same distance from the centre, inside the square', () => {
    const ring = ringLayout(names);
    const radii = Object.values(ring).map((p) => dist(p, { x: 0.5, y: 0.5 }));
    for (const r of radii) expect(r).toBeCloseTo(radii[0]!);
    for (const p of Object.values(ring)) expect(Math.min(p.x, p.y, 1 - p.x, 1 - p.y)).toBeGreaterThan(0);
  });
});

describe('forceLayout', () => {
  const edges = [
    { a: 'alex', b: 'bo' },
    { a: 'bo', b: 'cleo' },
    { a: 'cleo', b: 'dora' },
    { a: 'dora', b: 'eli' },
    { a: 'eli', b: 'fay' },
    { a: 'fay', b: 'nobody' }, // a link to a tab not drawn: skipped, not a crash
  ];
  it('is deterministic for a seed, whatever order the input comes in', () => {
    const one = forceLayout(names, edges, 42);
    const two = forceLayout([...names].reverse(), [...edges].reverse().map(({ a, b }) => ({ a: b, b: a })), 42);
    expect(two).toEqual(one);
  });
  it('keeps linked tabs nearer each other than the ends of the chain', () => {
    const p = forceLayout(names, edges, 7);
    expect(dist(p.alex!, p.bo!)).toBeLessThan(dist(p.alex!, p.fay!));
    expect(Object.keys(p).sort()).toEqual([...names].sort());
  });
  it('fits the room in the square with a margin for labels', () => {
    for (const p of Object.values(forceLayout(names, edges, 3))) {
      expect(p.x).toBeGreaterThanOrEqual(0.09);
      expect(p.x).toBeLessThanOrEqual(0.91);
    }
  });
  it('places a lone tab in the middle and an empty room nowhere', () => {
    expect(forceLayout(['solo'], [], 1)).toEqual({ solo: { x: 0.5, y: 0.5 } });
    expect(forceLayout([], [], 1)).toEqual({});
  });
});

const id = (first: string) => first.padEnd(40, '0');

describe('idOrderLayout', () => {
  const nodes = [
    { name: 'zed', id: id('1') },
    { name: 'amy', id: id('f') },
    { name: 'kit', id: id('8') },
    { name: 'new', id: null },
  ];
  it('orders the outer ring by DHT id, not by name, from the top clockwise', () => {
    const p = idOrderLayout(nodes);
    expect(p.zed!.y).toBeLessThan(0.2); // smallest id at the top
    expect(p.kit!.x).toBeGreaterThan(0.5); // next, clockwise: to the right
    expect(p.amy!.x).toBeLessThan(0.5);
  });
  it('puts a tab whose id is unknown on the inner ring, apart from the id space', () => {
    const p = idOrderLayout(nodes);
    expect(dist(p.new!, { x: 0.5, y: 0.5 })).toBeLessThan(dist(p.zed!, { x: 0.5, y: 0.5 }) / 1.5);
    expect(idOrderLayout([...nodes].reverse())).toEqual(p);
  });
});

describe('kBucketShading', () => {
  it('bands tabs by the bit length of their XOR distance, nearest band darkest', () => {
    const self = id('8');
    const shades = kBucketShading(self, [
      { name: 'self', id: self },
      { name: 'near', id: id('9') }, // differs in the last bit of the first digit: 157 bits
      { name: 'far', id: id('0') }, // differs in the first bit: 160 bits
      { name: 'alsoFar', id: id('1') },
      { name: 'unknown', id: null },
    ]);
    expect(shades.self).toEqual({ band: 0, shade: 1 });
    expect(shades.near!.band).toBe(157);
    expect(shades.far!.band).toBe(160);
    expect(shades.alsoFar!.band).toBe(160);
    expect(shades.near!.shade).toBeGreaterThan(shades.far!.shade);
    expect(shades.far!.shade).toBeCloseTo(0.2);
    expect(shades.unknown).toBeUndefined();
  });
  it('refuses a selected id that is not 40 hex digits', () => {
    expect(() => kBucketShading('xyz', [])).toThrow(/not a DHT id/);
  });
});
