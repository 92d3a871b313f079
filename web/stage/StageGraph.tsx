import { memo } from 'react';
import { useTranslation } from 'react-i18next';
import { useStore } from 'zustand';
import { leadingName, resolveTab } from '../store/names';
import { memberCount } from '../ui/member-count';
import { useMesh } from '../ui/use-mesh';
import { blockColour } from './colours';
import { labelPlacement, type StageGraph as Graph } from './stage-graph';
import type { StageStore } from './stage-store';
import { TokenLayer } from './TokenLayer';

/** viewBox units per unit of layout: labels and nodes are sized in these. */
const SCALE = 1000;
const MAX_LABEL = 14;
/** Room left and right of the square for the labels of the tabs on its sides. */
const SIDE_ROOM = 130;

/**
 * The room's network, large: every tab a node coloured by the block at its tip, its nickname
 * beside it, the links between, and the message tokens moving (TokenLayer). Draws only.
 */
export const StageGraph = memo(function StageGraph({ graph, stage }: { graph: Graph; stage: StageStore }) {
  const { t } = useTranslation('stage');
  const self = useMesh((s) => s.self);
  const peers = useMesh((s) => s.peers);
  const roster = useMesh((s) => s.roster);
  const names = { self, peers, roster };
  const selfName = names.self.name;
  const tree = useStore(stage, (s) => s.tree);
  const arrivals = useStore(stage, (s) => s.arrivals);
  const pulse = useStore(stage, (s) => s.pulse);
  const paused = useStore(stage, (s) => s.clock.pausedAt !== null);
  const n = graph.nodes.length;
  const radius = Math.max(9, Math.min(40, ((Math.PI * 0.4 * SCALE) / Math.max(n, 1)) * 0.35));
  const font = Math.max(16, Math.min(30, radius * 0.9));
  const at = (name: string) => graph.positions[name] ?? { x: 0.5, y: 0.5 };
  const headless = new Set(graph.headless);
  return (
    <svg
      className={paused ? 'stage-graph paused' : 'stage-graph'}
      viewBox={`${-SIDE_ROOM} 0 ${SCALE + 2 * SIDE_ROOM} ${SCALE}`}
      preserveAspectRatio="xMidYMid meet"
      role="img"
      aria-label={t('graphLabel', { members: memberCount(t, n, graph.nodes.filter((name) => headless.has(name)).length), links: t('common:members.links', { count: graph.edges.length }) })}
      data-testid="stage-graph"
      data-nodes={n}
      data-edges={graph.edges.length}
    >
      {Object.entries(graph.shading).map(([name, { band, shade }]) => (
        <circle key={`band ${name}`} className="bucket-band" data-band={band} cx={at(name).x * SCALE} cy={at(name).y * SCALE} r={radius * 2.1} opacity={shade * 0.45} />
      ))}
      {graph.edges.map(({ a, b, mutual, role }) => (
        <line key={`${a}\n${b}`} className={['stage-link', mutual ? '' : 'one-sided', role ?? ''].join(' ').trim()} data-role={role} data-a={a} data-b={b} x1={at(a).x * SCALE} y1={at(a).y * SCALE} x2={at(b).x * SCALE} y2={at(b).y * SCALE} />
      ))}
      <TokenLayer stage={stage} positions={graph.positions} scale={SCALE} />
      {graph.nodes.map((name) => {
        const p = at(name);
        const [x, y] = [p.x * SCALE, p.y * SCALE];
        const isSelf = name === selfName;
        const tip = isSelf ? tree.tip : (tree.roomTips.get(name) ?? null);
        const arrival = arrivals[name];
        const label = leadingName(resolveTab(names, { tabName: name }));
        const place = labelPlacement(p);
        const gap = radius + 8;
        const isHeadless = headless.has(name);
        const side = radius * 1.9;
        return (
          <g key={name} className={['stage-node', isSelf ? 'self' : '', isHeadless ? 'headless' : ''].join(' ').replace(/ +/g, ' ').trim()} data-testid="stage-node" data-name={name} data-kind={isHeadless ? 'headless' : 'tab'} data-tip={tip ?? ''} onClick={() => stage.getState().selectTab(name)}>
            <title>{`${label}${isSelf ? ` (${t('thisTab')})` : ''}${isHeadless ? ` (${t('headlessNode')})` : ''} · ${tip ? tip.slice(0, 12) : t('unknownTip')}`}</title>
            {arrival && <circle key={`lit ${arrival.hash} ${arrival.at}`} className="arrival-flash" cx={x} cy={y} r={radius} stroke={blockColour(arrival.hash)} />}
            {pulse && pulse.tab === name && <circle key={`pulse ${pulse.hash} ${pulse.at}`} className="miner-pulse" cx={x} cy={y} r={radius} stroke={blockColour(pulse.hash)} />}
            {isHeadless ? (
              // A square: a peer with no page that keeps the chain, apart from the tabs' circles.
              <rect className="node-body" x={x - side / 2} y={y - side / 2} width={side} height={side} rx={radius * 0.2} fill={blockColour(tip)} />
            ) : (
              <circle className="node-body" cx={x} cy={y} r={radius} fill={blockColour(tip)} />
            )}
            <text
              className="node-label"
              x={x + place.dx * gap}
              y={y + place.dy * gap + (place.anchor === 'middle' ? (place.dy > 0 ? font * 0.8 : 0) : font * 0.35)}
              textAnchor={place.anchor}
              fontSize={font}
            >
              {label.length > MAX_LABEL ? `${label.slice(0, MAX_LABEL - 1)}…` : label}
            </text>
          </g>
        );
      })}
    </svg>
  );
});
