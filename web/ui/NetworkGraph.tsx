import { useTranslation } from 'react-i18next';
import type { RoomGraph } from '../../shared/telemetry/room-view';
import { memberCount } from './member-count';
import { useLeadingName } from './TabName';

const SIZE = 300;
const CENTRE = SIZE / 2;
const RADIUS = SIZE / 2 - 28;
/** Beyond this many tabs the names no longer fit in the circles; hovering still shows them. */
const MAX_LABELLED = 16;
/** Room inside a circle, in Latin letters; a CJK character takes two. */
const LABEL_WIDTH = 7;

/** The start of a name that fits in a circle (wide characters count double). */
export function fitLabel(name: string, width = LABEL_WIDTH): string {
  let used = 0;
  let out = '';
  for (const ch of name) {
    used += /[\u1100-\u115F\u2E80-\uA4CF\uAC00-\uD7A3\uF900-\uFAFF\uFE30-\uFE4F\uFF00-\uFF60\uFFE0-\uFFE6]|[\u{20000}-\u{3FFFD}]/u.test(ch) ? 2 : 1;
    if (used > width) return out;
    out += ch;
  }
  return out;
}

/**
 * The room's whole overlay as its tabs report it: every tab on one circle (sorted by name, so
 * every tab of the room draws the same picture), this tab filled in, links one side reports but
 * the other does not yet (opening or closing) dashed, and `path` (a block's way to this tab) in
 * its own colour. A headless peer (`headless`, by tab name) is drawn as a square, not a circle.
 */
export function NetworkGraph({ graph, selfName, ownLinks, path, headless = [] }: { graph: RoomGraph; selfName: string | null; ownLinks: number; path: readonly string[]; headless?: readonly string[] }) {
  const { t } = useTranslation('peers');
  const nameOf = useLeadingName();
  const n = graph.nodes.length;
  const nodeRadius = Math.max(5, Math.min(20, ((Math.PI * RADIUS) / Math.max(n, 1)) * 0.8));
  const at = new Map(
    graph.nodes.map(({ name }, i) => {
      const angle = (2 * Math.PI * i) / Math.max(n, 1) - Math.PI / 2;
      return [name, { x: CENTRE + RADIUS * Math.cos(angle), y: CENTRE + RADIUS * Math.sin(angle) }] as const;
    }),
  );
  const hops = path.slice(1).map((to, i) => [path[i]!, to] as const).filter(([a, b]) => at.has(a) && at.has(b));
  const onPath = new Set(path);
  const isHeadless = new Set(headless);
  const headlessShown = graph.nodes.filter(({ name }) => isHeadless.has(name)).length;
  const label = t('graph.label', { count: ownLinks, members: memberCount(t, n, headlessShown), links: t('common:members.links', { count: graph.edges.length }) });
  return (
    <svg
      className="graph"
      viewBox={`0 0 ${SIZE} ${SIZE}`}
      role="img"
      aria-label={label}
      data-testid="network-graph"
      data-nodes={n}
      data-edges={graph.edges.length}
    >
      {graph.edges.map(({ a, b, mutual }) => (
        <line key={`${a}\n${b}`} x1={at.get(a)!.x} y1={at.get(a)!.y} x2={at.get(b)!.x} y2={at.get(b)!.y} className={mutual ? 'link' : 'link one-sided'} />
      ))}
      {hops.map(([a, b]) => (
        <line key={`path ${a}\n${b}`} x1={at.get(a)!.x} y1={at.get(a)!.y} x2={at.get(b)!.x} y2={at.get(b)!.y} className="path-link" data-testid="path-link" />
      ))}
      {graph.nodes.map(({ name, reported }) => {
        const { x, y } = at.get(name)!;
        // Reports name tabs by tab name; people know them by the name the roster gives (nickname).
        const shown = nameOf({ tabName: name });
        const headlessNode = isHeadless.has(name);
        const classes = [name === selfName ? 'self-node' : 'peer-node', onPath.has(name) ? 'on-path' : '', reported ? '' : 'unreported', headlessNode ? 'headless-node' : ''];
        const title = name === selfName ? t('graph.self', { name: shown }) : headlessNode ? t('graph.headless', { name: shown }) : reported ? shown : t('graph.unreported', { name: shown });
        return (
          <g key={name} className={classes.join(' ').replace(/ +/g, ' ').trim()} data-name={name} data-kind={headlessNode ? 'headless' : 'tab'}>
            <title>{title}</title>
            {headlessNode ? (
              // A square: a peer with no page, which keeps the chain (a server rack, not a screen).
              <rect x={x - nodeRadius} y={y - nodeRadius} width={nodeRadius * 2} height={nodeRadius * 2} rx={nodeRadius * 0.2} />
            ) : (
              <circle cx={x} cy={y} r={nodeRadius} />
            )}
            {n <= MAX_LABELLED && (
              <text x={x} y={y + 3} textAnchor="middle">
                {fitLabel(shown)}
              </text>
            )}
          </g>
        );
      })}
    </svg>
  );
}
