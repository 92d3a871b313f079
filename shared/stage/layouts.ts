/**
 * Where the stage puts each tab, one layout per overlay, so the three modes take three shapes:
 * mesh is a ring (everyone links to everyone, so any other shape would only hide that), an
 * unstructured room is a force layout (its few random links pull neighbours together), a Kademlia
 * room is a ring in DHT-id order (neighbours in the id space sit side by side, as the paper draws
 * it). Positions are in the unit square (0..1, y down); the renderer scales them. Pure: the same
 * names (and seed) give the same picture in every tab.
 */
import { forceCenter, forceCollide, forceLink, forceManyBody, forceSimulation, type SimulationLinkDatum, type SimulationNodeDatum } from 'd3-force';
import { xorDistance, NODE_ID_PATTERN } from '../overlay/kademlia/id';

export interface Point {
  x: number;
  y: number;
}
export type Positions = Record<string, Point>;

/** Radius of the ring in the unit square, leaving room for the labels around it. */
const RING_RADIUS = 0.4;
/** Margin kept free around a force layout for labels. */
const MARGIN = 0.1;
/** Fixed work per layout: the simulation is run to rest synchronously, never animated by d3. */
export const FORCE_TICKS = 300;

const byName = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/** Evenly around a circle, the first at the top, clockwise, in the order given. */
function onRing(ordered: readonly string[], radius = RING_RADIUS): Positions {
  const out: Positions = {};
  ordered.forEach((name, i) => {
    const angle = -Math.PI / 2 + (2 * Math.PI * i) / Math.max(1, ordered.length);
    out[name] = { x: 0.5 + radius * Math.cos(angle), y: 0.5 + radius * Math.sin(angle) };
  });
  return out;
}

/** Mesh: a ring sorted by name, so every tab of the room draws the same ring. */
export function ringLayout(names: readonly string[]): Positions {
  return onRing([...new Set(names)].sort(byName));
}

/** A small seeded generator (mulberry32): d3-force's jiggle and link order need a random source. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

interface SimNode extends SimulationNodeDatum {
  id: string;
}

/**
 * Unstructured: d3-force places the tabs (links pull, every tab repels), ticked a fixed number of
 * times with a seeded random source and then stopped, so the result depends only on the input and
 * the seed. d3 computes numbers here; it never touches the page. Edges to unknown names are skipped.
 */
export function forceLayout(names: readonly string[], edges: readonly { a: string; b: string }[], seed: number): Positions {
  const sorted = [...new Set(names)].sort(byName);
  if (sorted.length === 0) return {};
  if (sorted.length === 1) return { [sorted[0]!]: { x: 0.5, y: 0.5 } };
  const known = new Set(sorted);
  const nodes: SimNode[] = sorted.map((id) => ({ id }));
  const links: SimulationLinkDatum<SimNode>[] = edges
    .filter((e) => e.a !== e.b && known.has(e.a) && known.has(e.b))
    .map((e) => (e.a < e.b ? [e.a, e.b] : [e.b, e.a]))
    .sort((x, y) => byName(x.join('\n'), y.join('\n')))
    .map(([source, target]) => ({ source: source!, target: target! }));
  const simulation = forceSimulation(nodes)
    .randomSource(seededRandom(seed))
    .force('link', forceLink<SimNode, SimulationLinkDatum<SimNode>>(links).id((n) => n.id).distance(60))
    .force('charge', forceManyBody().strength(-160))
    .force('collide', forceCollide(22))
    .force('center', forceCenter(0, 0))
    .stop();
  simulation.tick(FORCE_TICKS);
  return fitToSquare(nodes);
}

/** Scales the simulation's coordinates into the unit square (keeping the aspect), centred. */
function fitToSquare(nodes: readonly SimNode[]): Positions {
  const xs = nodes.map((n) => n.x ?? 0);
  const ys = nodes.map((n) => n.y ?? 0);
  const [minX, maxX, minY, maxY] = [Math.min(...xs), Math.max(...xs), Math.min(...ys), Math.max(...ys)];
  const span = Math.max(maxX - minX, maxY - minY, 1e-9);
  const scale = (1 - 2 * MARGIN) / span;
  const out: Positions = {};
  for (const n of nodes) {
    out[n.id] = {
      x: 0.5 + ((n.x ?? 0) - (minX + maxX) / 2) * scale,
      y: 0.5 + ((n.y ?? 0) - (minY + maxY) / 2) * scale,
    };
  }
  return out;
}

export interface IdNode {
  name: string;
  /** The tab's DHT id (40 hex digits), or null when this tab has not learned it. */
  id: string | null;
}

/**
 * Kademlia: a ring in DHT-id order, evenly spaced (even spacing keeps 30 labels readable; the
 * order is what shows who is near whom). Tabs whose id this tab does not know go on an inner ring
 * by name, so they are drawn apart instead of at a made-up place in the id space.
 */
export function idOrderLayout(nodes: readonly IdNode[]): Positions {
  const withId = nodes.filter((n) => n.id !== null && NODE_ID_PATTERN.test(n.id));
  const withoutId = nodes.filter((n) => !withId.includes(n));
  const ordered = [...withId].sort((a, b) => byName(a.id!, b.id!) || byName(a.name, b.name)).map((n) => n.name);
  return { ...onRing(withoutId.map((n) => n.name).sort(byName), RING_RADIUS / 2), ...onRing(ordered) };
}

export interface BucketShade {
  /** Bits in the XOR distance to the selected tab: bucket 160 − band of its table (0 for itself). */
  band: number;
  /** 1 for the nearest band present, falling towards 0.2 for the farthest, for the fill's opacity. */
  shade: number;
}

/**
 * Shades every tab by the XOR-distance band it falls in from the selected tab (Kademlia §2.2: a
 * k-bucket holds the contacts whose distance has one bit length). Only bands that occur are given
 * shades, so a room of six tabs still shows distinct bands. Tabs without a known id get none.
 */
export function kBucketShading(selectedId: string, nodes: readonly IdNode[]): Record<string, BucketShade> {
  if (!NODE_ID_PATTERN.test(selectedId)) throw new Error(`not a DHT id (40 hex digits): ${selectedId.slice(0, 60)}`);
  const bands: Record<string, number> = {};
  for (const n of nodes) {
    if (n.id === null || !NODE_ID_PATTERN.test(n.id)) continue;
    const d = xorDistance(selectedId, n.id);
    bands[n.name] = d === 0n ? 0 : d.toString(2).length;
  }
  const present = [...new Set(Object.values(bands))].sort((a, b) => a - b);
  const out: Record<string, BucketShade> = {};
  for (const [name, band] of Object.entries(bands)) {
    const rank = present.indexOf(band);
    out[name] = { band, shade: present.length === 1 ? 1 : 1 - (0.8 * rank) / (present.length - 1) };
  }
  return out;
}
