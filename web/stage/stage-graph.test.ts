import { describe, expect, it } from 'vitest';
import { stageGraph, type StageGraphInput } from './stage-graph';

const report = (name: string, links: string[]) => ({ name, links, blocks: [] });
const base: StageGraphInput = {
  reports: [report('amy', ['bo', 'cy', 'me']), report('bo', ['amy', 'cy']), report('cy', ['amy', 'bo'])],
  selfName: 'me',
  selfLinks: ['amy'],
  topology: 'mesh',
  dhtIds: {},
  selected: null,
};

describe('stageGraph', () => {
  it("draws this tab and its own links at once, before its report comes back", () => {
    const g = stageGraph(base);
    expect(g.nodes).toEqual(['amy', 'bo', 'cy', 'me']);
    expect(g.edges.find((e) => e.a === 'amy' && e.b === 'me')).toMatchObject({ mutual: true });
    expect(Object.keys(g.positions).sort()).toEqual(g.nodes);
  });
  it('takes a different shape per overlay: ring, force, id order', () => {
    const ring = stageGraph(base).positions;
    const force = stageGraph({ ...base, topology: 'unstructured' }).positions;
    const ids = { amy: 'f'.repeat(40), bo: '1'.repeat(40), cy: '8'.repeat(40), me: '2'.repeat(40) };
    const kad = stageGraph({ ...base, topology: 'kademlia', dhtIds: ids });
    expect(force).not.toEqual(ring);
    expect(kad.positions.bo!.y).toBeLessThan(0.2); // the smallest id at the top, though 'amy' sorts first
    expect(kad.shading.me).toEqual({ band: 0, shade: 1 });
    expect(kad.shading.bo!.band).toBe(158); // 0x2… XOR 0x1… = 0x3…: 158 bits
  });
  it("shades by the selected tab's buckets when one is chosen", () => {
    const ids = { amy: 'f'.repeat(40), bo: '1'.repeat(40) };
    const kad = stageGraph({ ...base, topology: 'kademlia', dhtIds: ids, selected: 'amy' });
    expect(kad.shading.amy!.band).toBe(0);
    expect(kad.shading.me).toBeUndefined();
  });
  it("marks this tab's Kademlia links as routing-table contacts or merely accepted", () => {
    const g = stageGraph({ ...base, topology: 'kademlia', selfLinks: ['amy', 'bo'], selfTable: { amy: true, bo: false } });
    const role = (other: string) => g.edges.find((e) => (e.a === 'me' && e.b === other) || (e.b === 'me' && e.a === other))!.role;
    expect(role('amy')).toBe('table');
    expect(role('bo')).toBe('accepted');
    expect(g.edges.find((e) => e.a === 'amy' && e.b === 'bo')!.role).toBeUndefined(); // other tabs' tables are not known here
  });
  it('marks the members whose reports say they are headless peers, and only those', () => {
    const reports = [...base.reports.slice(0, 2), { ...report('cy', ['amy', 'bo']), kind: 'headless' as const }, { ...report('dee', []), kind: 'tab' as const }];
    expect(stageGraph({ ...base, reports }).headless).toEqual(['cy']);
    expect(stageGraph(base).headless).toEqual([]); // reports without a kind (older tabs) are tabs
  });
});
