/**
 * What the stage's network graph draws: the room's tabs and links as their reports tell it (plus
 * this tab and its own open links at once, before its report comes back), placed by the room's
 * overlay: a ring for mesh, d3-force for unstructured, DHT-id order for Kademlia. Pure.
 */
import type { ReportBody } from '../../shared/protocol/room-report';
import { forceLayout, idOrderLayout, kBucketShading, ringLayout, type BucketShade, type Positions } from '../../shared/stage/layouts';
import { headlessMembers } from '../../shared/telemetry/member-kinds';
import { roomGraph } from '../../shared/telemetry/room-view';

export interface StageGraphInput {
  reports: readonly ReportBody[];
  selfName: string | null;
  /** Tab names of this tab's open channels. */
  selfLinks: readonly string[];
  topology: string;
  /** Tab name → DHT id, for the tabs whose id this tab knows (Kademlia). */
  dhtIds: Readonly<Record<string, string>>;
  /** The tab whose k-buckets are shaded (Kademlia); this tab when null. */
  selected: string | null;
  /** Kademlia: for each of this tab's links (by tab name), whether the other end is in its routing table. */
  selfTable?: Readonly<Record<string, boolean>>;
}

/** Kademlia: a link of this tab kept for its routing table, or one it merely accepted. */
export type LinkRole = 'table' | 'accepted';

export interface StageGraph {
  nodes: string[];
  edges: { a: string; b: string; mutual: boolean; role?: LinkRole }[];
  positions: Positions;
  /** Kademlia only: each tab's XOR-distance band from the selected tab. */
  shading: Record<string, BucketShade>;
  /** Tab names of the headless peers (drawn as squares), as their reports' `kind` says. */
  headless: string[];
}

/** The force layout's seed: fixed, so every tab of the room draws the same picture. */
const FORCE_SEED = 1;

export function stageGraph(input: StageGraphInput): StageGraph {
  const { selfName, selfLinks } = input;
  const reports = selfName ? [...input.reports.filter((r) => r.name !== selfName), { name: selfName, links: [...selfLinks], blocks: [] }] : input.reports;
  const graph = roomGraph(reports);
  const nodes = graph.nodes.map((n) => n.name);
  let positions: Positions;
  let shading: Record<string, BucketShade> = {};
  if (input.topology === 'unstructured') positions = forceLayout(nodes, graph.edges, FORCE_SEED);
  else if (input.topology === 'kademlia') {
    const idNodes = nodes.map((name) => ({ name, id: input.dhtIds[name] ?? null }));
    positions = idOrderLayout(idNodes);
    const focus = input.selected ?? selfName;
    const focusId = focus ? input.dhtIds[focus] : undefined;
    if (focusId) shading = kBucketShading(focusId, idNodes);
  } else positions = ringLayout(nodes);
  const table = input.selfTable;
  const edges = graph.edges.map((e) => {
    const other = e.a === selfName ? e.b : e.b === selfName ? e.a : null;
    if (!table || other === null || !(other in table)) return e;
    return { ...e, role: table[other] ? ('table' as const) : ('accepted' as const) };
  });
  return { nodes, edges, positions, shading, headless: headlessMembers(input.reports).filter((name) => name !== selfName) };
}

/** Where a label goes: outside its node, away from the middle of the picture. */
export function labelPlacement(p: { x: number; y: number }): { dx: number; dy: number; anchor: 'start' | 'middle' | 'end' } {
  const vx = p.x - 0.5;
  const vy = p.y - 0.5;
  const length = Math.hypot(vx, vy) || 1;
  const [ux, uy] = length < 0.01 ? [0, 1] : [vx / length, vy / length];
  return { dx: ux, dy: uy, anchor: ux > 0.35 ? 'start' : ux < -0.35 ? 'end' : 'middle' };
}
