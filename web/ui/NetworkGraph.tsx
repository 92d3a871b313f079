import { shortId } from '../store/attach-node';

/**
 * This tab in the middle and every open channel as a spoke: the links this node really has. (A
 * tab cannot see the links between two other tabs, so it does not pretend to.)
 */
export function NetworkGraph({ selfId, peerIds }: { selfId: string | null; peerIds: string[] }) {
  const size = 260;
  const centre = size / 2;
  const radius = size / 2 - 34;
  const points = peerIds.map((id, i) => {
    const angle = (2 * Math.PI * i) / Math.max(peerIds.length, 1) - Math.PI / 2;
    return { id, x: centre + radius * Math.cos(angle), y: centre + radius * Math.sin(angle) };
  });
  return (
    <svg className="graph" viewBox={`0 0 ${size} ${size}`} role="img" aria-label={`network: this tab and ${peerIds.length} peers`}>
      {points.map((p) => (
        <line key={`l-${p.id}`} x1={centre} y1={centre} x2={p.x} y2={p.y} className="link" />
      ))}
      {points.map((p) => (
        <g key={p.id} className="peer-node">
          <circle cx={p.x} cy={p.y} r={20} />
          <text x={p.x} y={p.y + 4} textAnchor="middle">
            {shortId(p.id)}
          </text>
        </g>
      ))}
      <g className="self-node">
        <circle cx={centre} cy={centre} r={24} />
        <text x={centre} y={centre + 4} textAnchor="middle">
          {selfId ? shortId(selfId) : 'me'}
        </text>
      </g>
    </svg>
  );
}
