import { useTranslation } from 'react-i18next';
import { useStore } from 'zustand';
import { MESSAGE_KINDS } from '../../shared/stage/message-events';
import { KIND_COLOURS } from './colours';
import type { StageStore } from './stage-store';

/** What the colours mean: one swatch per message kind, the nodes' colours and shapes, sampling when it happens. */
export function StageLegend({ stage, bucketsOf, tableLinks, headless = false }: { stage: StageStore; bucketsOf: string | null; tableLinks: boolean; headless?: boolean }) {
  const { t } = useTranslation('stage');
  const sampledOut = useStore(stage, (s) => s.sampledOut);
  return (
    <aside className="stage-legend" data-testid="stage-legend">
      <h2>{t('legend.title')}</h2>
      <ul>
        {MESSAGE_KINDS.map((kind) => (
          <li key={kind} data-kind={kind}>
            <svg width="14" height="14" aria-hidden="true">
              <circle cx="7" cy="7" r="6" fill={KIND_COLOURS[kind]} />
            </svg>
            {t(`legend.kinds.${kind}`)}
          </li>
        ))}
      </ul>
      <p>{t('legend.nodes')}</p>
      {headless && (
        <p data-testid="stage-legend-headless">
          <svg width="14" height="14" aria-hidden="true">
            <rect x="1" y="1" width="12" height="12" rx="2" className="legend-headless" />
          </svg>{' '}
          {t('legend.headless')}
        </p>
      )}
      {bucketsOf && <p>{t('legend.buckets', { name: bucketsOf })}</p>}
      {tableLinks && <p>{t('legend.tableLinks')}</p>}
      {sampledOut > 0 && <p className="stage-sampled" data-testid="stage-sampled">{t('legend.sampled', { count: sampledOut })}</p>}
    </aside>
  );
}
