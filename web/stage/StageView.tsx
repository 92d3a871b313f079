import { useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useStore } from 'zustand';
import type { KademliaOverlay } from '../app/kademlia-links';
import { raceOf, type Racer } from '../app/race';
import type { Session } from '../app/session';
import type { MeshStore } from '../store/mesh-store';
import { leadingName, resolveTab } from '../store/names';
import { MeshContext, useMesh } from '../ui/use-mesh';
import { attachStage } from './attach-stage';
import { stageGraph } from './stage-graph';
import { createStageStore, stageNow, type StageStore } from './stage-store';
import { StageControls } from './StageControls';
import { StageGraph } from './StageGraph';
import { StageLegend } from './StageLegend';
import { StageTree } from './StageTree';
import { memberCount } from '../ui/member-count';
import { RoomConditionsBanner } from '../ui/RoomConditionsBanner';
import './stage.css';

/**
 * The stage (`?view=stage`): the room's network large enough for a projector, messages moving on
 * it, the block tree beside it and a legend. Starts feeding its store once the session is up.
 */
export function StageView({ store, session }: { store: MeshStore; session: Promise<Session | null> }) {
  const [stage] = useState(createStageStore);
  const [kademlia, setKademlia] = useState<KademliaOverlay | null>(null);
  const [racer, setRacer] = useState<Racer | null>(null);
  useEffect(() => {
    let off: (() => void) | undefined;
    let cancelled = false;
    void session.then((s) => {
      if (!s || cancelled) return;
      // The stage's own clock: a pause freezes what it draws (stage-store.ts).
      off = attachStage(stage, store, s.node, () => stageNow(stage.getState(), Date.now()));
      setKademlia(s.kademlia);
      setRacer(raceOf(s.node));
    });
    return () => {
      cancelled = true;
      off?.();
    };
  }, [stage, store, session]);
  return (
    <MeshContext.Provider value={store}>
      <StageScreen stage={stage} kademlia={kademlia} racer={racer} />
    </MeshContext.Provider>
  );
}

function StageScreen({ stage, kademlia, racer }: { stage: StageStore; kademlia: KademliaOverlay | null; racer: Racer | null }) {
  const { t } = useTranslation('stage');
  const table = useOwnTable(kademlia);
  const self = useMesh((s) => s.self);
  const peers = useMesh((s) => s.peers);
  const roster = useMesh((s) => s.roster);
  const roomReports = useMesh((s) => s.roomReports);
  // The graph needs only names and links: a report whose message batch or arrivals changed (most do,
  // every second) must not lay out and redraw the whole network in every tab.
  const linkKey = JSON.stringify(roomReports.map((r) => [r.name, r.links, r.kind ?? 'tab']));
  const reports = useMemo(
    () => (JSON.parse(linkKey) as [string, string[], 'tab' | 'headless'][]).map(([name, links, kind]) => ({ name, links, blocks: [], kind })),
    [linkKey],
  );
  const selectedTab = useStore(stage, (s) => s.selectedTab);
  const selfLinks = useMemo(() => Object.values(peers).flatMap((p) => (p.name ? [p.name] : [])), [peers]);
  // A tab's DHT id is the address of its wallet key (shared/overlay/kademlia/id-proof.ts): known
  // for this tab and for the peers that told us their address.
  const dhtIds = useMemo(() => {
    const ids: Record<string, string> = {};
    if (self.name && self.address) ids[self.name] = self.address;
    for (const p of Object.values(peers)) if (p.name && p.address) ids[p.name] = p.address;
    for (const [peerId, link] of Object.entries(table)) {
      const name = peers[peerId]?.name;
      if (name && link.id) ids[name] = link.id; // the id it proved on the link
    }
    return ids;
  }, [self.name, self.address, peers, table]);
  const selfTable = useMemo(() => {
    if (!kademlia) return undefined;
    const out: Record<string, boolean> = {};
    for (const [peerId, link] of Object.entries(table)) {
      const name = peers[peerId]?.name;
      if (name) out[name] = link.inTable;
    }
    return out;
  }, [kademlia, table, peers]);
  const graph = useMemo(
    () => stageGraph({ reports, selfName: self.name, selfLinks, topology: self.topology, dhtIds, selected: selectedTab, selfTable }),
    [reports, self.name, selfLinks, self.topology, dhtIds, selectedTab, selfTable],
  );
  const topology = ['mesh', 'unstructured', 'kademlia'].includes(self.topology) ? self.topology : 'mesh';
  const classic = useMemo(() => {
    const url = new URL(window.location.href);
    url.searchParams.delete('view');
    return url.pathname + url.search;
  }, []);
  const bucketsOf = self.topology === 'kademlia' ? leadingName(resolveTab({ self, peers, roster }, { tabName: selectedTab ?? self.name ?? '' })) : null;
  return (
    <div className="stage" data-testid="stage">
      <header className="stage-head">
        <h1>{t('title')}</h1>
        <p data-testid="stage-subtitle">{t('subtitle', { room: self.room, topology: t(`topology.${topology}`), members: memberCount(t, graph.nodes.length, graph.nodes.filter((name) => graph.headless.includes(name)).length), links: t('common:members.links', { count: graph.edges.length }) })}</p>
        <StageControls stage={stage} racer={racer} />
        <a href={classic} className="stage-classic">{t('classicLink')}</a>
        <RoomConditionsBanner view="room" />
      </header>
      <div className="stage-graph-area">
        <StageGraph graph={graph} stage={stage} />
      </div>
      <div className="stage-side">
        <StageTree stage={stage} />
        <StageLegend stage={stage} bucketsOf={bucketsOf} tableLinks={kademlia !== null} headless={graph.headless.length > 0} />
      </div>
    </div>
  );
}

/** How often this tab's own Kademlia links are re-read (which are routing-table contacts). */
const TABLE_EVERY_MS = 1_000;

/** This tab's links in a Kademlia room, by peer id: the DHT id each proved and whether it is in the routing table. */
function useOwnTable(kademlia: KademliaOverlay | null): Record<string, { id: string | null; inTable: boolean }> {
  const [table, setTable] = useState<Record<string, { id: string | null; inTable: boolean }>>({});
  useEffect(() => {
    if (!kademlia) return;
    let last = '';
    const read = () => {
      const next = Object.fromEntries(kademlia.links.linkView().map((l) => [l.peerId, { id: l.id, inTable: l.inTable }]));
      const text = JSON.stringify(next);
      if (text !== last) {
        last = text;
        setTable(next);
      }
    };
    read();
    const timer = window.setInterval(read, TABLE_EVERY_MS);
    return () => window.clearInterval(timer);
  }, [kademlia]);
  return table;
}
