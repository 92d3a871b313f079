import { useContext } from 'react';
import { useTranslation } from 'react-i18next';
import { useStore } from 'zustand';
import { blockTreeView, SELF_TIP, type BlockNodeView, type BranchView } from '../../shared/stage/block-tree-view';
import { leadingName, resolveTab } from '../store/names';
import { MeshContext, useMesh } from '../ui/use-mesh';
import { blockColour } from './colours';
import type { StageStore } from './stage-store';

/** Heights drawn: the recent past is where forks happen. */
export const TREE_HEIGHTS = 6;
/** One row per height, one column per branch (lane). */
const ROW = 64;
const LANE = 180;
const BOX = { w: 88, h: 42 };
const PAD = 14;
const TIP_LINES = 3;

/** Work as the page prints it: expected hashes, compact (12K, 3.4M). */
const compactWork = (work: bigint, language: string) =>
  new Intl.NumberFormat(language, { notation: 'compact', maximumFractionDigits: 1 }).format(Number(work));

/**
 * The block tree by height, left to right: the main chain on the first row, each side branch on a
 * row of its own from the block it forks at, orphans apart at the end, every tab's tip marked
 * with its nickname, each branch's cumulative work at its end. Clicking a block selects it.
 */
export function StageTree({ stage }: { stage: StageStore }) {
  const { t, i18n } = useTranslation('stage');
  const model = useStore(stage, (s) => s.tree);
  const self = useMesh((s) => s.self);
  const peers = useMesh((s) => s.peers);
  const roster = useMesh((s) => s.roster);
  const selected = useMesh((s) => s.selectedBlock);
  const mesh = useContext(MeshContext);
  const select = (hash: string | null) => mesh?.getState().selectBlock(hash);
  const view = blockTreeView(model);
  const reorged = new Set(view.branches.filter((br) => br.reorged).flatMap((br) => br.blocks));
  const from = Math.max(view.minHeight, view.maxHeight - TREE_HEIGHTS + 1);
  const visible = view.blocks.filter((b) => b.height === null || b.height >= from);
  const branches = view.branches.filter((br) => visible.some((b) => b.branch === br.id));
  const laneOf = new Map(branches.map((br, i) => [br.id, i] as const));
  const orphanCol = new Map(visible.filter((b) => b.height === null).map((b, i) => [b.hash, view.maxHeight - from + 1 + i] as const));
  const rows = view.maxHeight - from + 1 + orphanCol.size;
  // Genesis side at the top, growing down; orphans below the newest height, in their own lane.
  const place = (b: BlockNodeView) => ({
    x: PAD + (laneOf.get(b.branch) ?? 0) * LANE,
    y: PAD + (b.height === null ? orphanCol.get(b.hash)! : b.height - from) * ROW,
  });
  const byHash = new Map(visible.map((b) => [b.hash, b] as const));
  const names = { self, peers, roster };
  const tabLabel = (who: string) => (who === SELF_TIP ? leadingName(resolveTab(names, { tabName: self.name ?? '' })) : leadingName(resolveTab(names, { tabName: who })));
  const width = PAD * 2 + Math.max(2, branches.length) * LANE;
  const height = PAD * 2 + rows * ROW;
  const picked = selected ? byHash.get(selected) : undefined;
  const branchEnd = (br: BranchView) => byHash.get(br.blocks[br.blocks.length - 1]!);
  return (
    <section className="stage-tree" aria-label={t('tree.title')}>
      <h2>{t('tree.title')}</h2>
      <p className="stage-rule">{t('tree.rule')}</p>
      {view.blocks.length <= 1 && <p className="stage-empty">{t('tree.empty')}</p>}
      <svg viewBox={`0 0 ${width} ${height}`} preserveAspectRatio="xMinYMin meet" role="img" aria-label={t('treeLabel', { blocks: view.blocks.length, branches: view.branches.length })} data-testid="stage-tree">
        {visible.map((b) => {
          const parent = byHash.get(b.prevHash);
          if (!parent) return null;
          const [p, c] = [place(parent), place(b)];
          return <path key={`edge ${b.hash}`} className={`tree-edge ${b.status}`} d={`M${p.x + BOX.w / 2} ${p.y + BOX.h} C${p.x + BOX.w / 2} ${c.y - 8} ${c.x + BOX.w / 2} ${p.y + BOX.h + 8} ${c.x + BOX.w / 2} ${c.y}`} />;
        })}
        {visible.map((b) => {
          const { x, y } = place(b);
          return (
            <g key={b.hash} className={`tree-block ${b.status}${reorged.has(b.hash) ? ' reorged' : ''}${b.hash === selected ? ' selected' : ''}`} data-testid="tree-block" data-branch={b.status} data-hash={b.hash} role="button" tabIndex={0}
              // The whole block, its tip labels included, is one click target (not only the painted strokes).
              pointerEvents="bounding-box"
              onClick={() => select(b.hash)} onKeyDown={(e) => (e.key === 'Enter' || e.key === ' ') && select(b.hash)}>
              <title>{t(`tree.branch.${b.status}`) + (reorged.has(b.hash) ? ` · ${t('tree.reorged')}` : '')}</title>
              <rect x={x} y={y} width={BOX.w} height={BOX.h} rx={6} style={b.status === 'main' || b.status === 'side' ? { fill: blockColour(b.hash) } : undefined} />
              <text x={x + BOX.w / 2} y={y + 17} textAnchor="middle" className="tree-height">{b.height === null ? '?' : t('tree.height', { height: b.height })}</text>
              <text x={x + BOX.w / 2} y={y + 35} textAnchor="middle" className="tree-hash">{b.hash.slice(0, 6)}</text>
              {b.tips.slice(0, TIP_LINES).map((who, i) => (
                <text key={who} x={x + BOX.w + 6} y={y + 12 + i * 14} className={who === SELF_TIP ? 'tree-tip self' : 'tree-tip'}>◀ {tabLabel(who)}</text>
              ))}
              {b.tips.length > TIP_LINES && <text x={x + BOX.w + 6} y={y + 12 + TIP_LINES * 14} className="tree-tip">+{b.tips.length - TIP_LINES}</text>}
            </g>
          );
        })}
        {branches.map((br) => {
          const end = branchEnd(br);
          if (!end) return null;
          const { x, y } = place(end);
          return (
            <text key={`work ${br.id}`} x={x + BOX.w / 2} y={y + BOX.h + 14} textAnchor="middle" className={`branch-work ${br.status}`} data-testid="branch-work">
              {br.work === null ? t('tree.branch.orphan') : t('tree.work', { work: compactWork(br.work, i18n.language) })}
            </text>
          );
        })}
      </svg>
      <ul className="tree-key">
        {(['main', 'side', 'abandoned', 'orphan'] as const).map((status) => (
          <li key={status} className={`tree-key-item ${status}`}>{t(`tree.branch.${status}`)}</li>
        ))}
      </ul>
      {picked && (
        <div className="tree-picked" data-testid="tree-picked">
          <h3>{t('tree.selected.title', { height: picked.height ?? '?' })}</h3>
          <p>{t('tree.selected.hash', { hash: picked.hash })}</p>
          <p>{t('tree.selected.miner', { miner: leadingName(resolveTab(names, { tabName: picked.miner })) })}</p>
          <p>{t('tree.selected.status', { status: t(`tree.branch.${picked.status}`) })}</p>
          {picked.tips.length > 0 && <p>{t('tree.selected.tips', { names: picked.tips.map(tabLabel).join(', ') })}</p>}
          <button type="button" onClick={() => select(null)}>{t('tree.selected.close')}</button>
        </div>
      )}
    </section>
  );
}
