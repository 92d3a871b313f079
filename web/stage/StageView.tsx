import { useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useStore } from 'zustand';
import type { Session } from '../app/session';
import type { MeshStore } from '../store/mesh-store';
import { leadingName, resolveTab } from '../store/names';
import { MeshContext, useMesh } from '../ui/use-mesh';
import { attachStage } from './attach-stage';
import { stageGraph } from './stage-graph';
import { createStageStore, type StageStore } from './stage-store';
import { StageGraph } from './StageGraph';
import { StageLegend } from './StageLegend';
import { StageTree } from './StageTree';
import './stage.css';

/**
 * The stage (`?view=stage`): the room's network large enough for a projector, messages moving on
 * it, the block tree beside it and a legend. Starts feeding its store once the session is up.
 */
export function StageView({ store, session }: { store: MeshStore; session: Promise<Session | null> }) {
  const [stage] = useState(createStageStore);
  useEffect(() => {
    let off: (() => void) | undefined;
    let cancelled = false;
    void session.then((s) => {
      if (s && !cancelled) off = attachStage(stage, store, s.node, Date.now);
    });
    return () => {
      cancelled = true;
      off?.();
    };
  }, [stage, store, session]);
  return (
    <MeshContext.Provider value={store}>
      <StageScreen stage={stage} />
    </MeshContext.Provider>
  );
}

function StageScreen({ stage }: { stage: StageStore }) {
  const { t } = useTranslation('stage');
  const self = useMesh((s) => s.self);
  const peers = useMesh((s) => s.peers);
  const roster = useMesh((s) => s.roster);
  const reports = useMesh((s) => s.roomReports);
  const selectedTab = useStore(stage, (s) => s.selectedTab);
  const selfLinks = useMemo(() => Object.values(peers).flatMap((p) => (p.name ? [p.name] : [])), [peers]);
  // A tab's DHT id is the address of its wallet key (shared/overlay/kademlia/id-proof.ts): known
  // for this tab and for the peers that told us their address.
  const dhtIds = useMemo(() => {
    const ids: Record<string, string> = {};
    if (self.name && self.address) ids[self.name] = self.address;
    for (const p of Object.values(peers)) if (p.name && p.address) ids[p.name] = p.address;
    return ids;
  }, [self.name, self.address, peers]);
  const graph = useMemo(
    () => stageGraph({ reports, selfName: self.name, selfLinks, topology: self.topology, dhtIds, selected: selectedTab }),
    [reports, self.name, selfLinks, self.topology, dhtIds, selectedTab],
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
        <p>{t('subtitle', { room: self.room, topology: t(`topology.${topology}`), tabs: graph.nodes.length, links: graph.edges.length })}</p>
        <a href={classic} className="stage-classic">{t('classicLink')}</a>
      </header>
      <div className="stage-graph-area">
        <StageGraph graph={graph} stage={stage} />
      </div>
      <div className="stage-side">
        <StageTree stage={stage} />
        <StageLegend stage={stage} bucketsOf={bucketsOf} />
      </div>
    </div>
  );
}
