import { useContext } from 'react';
import { useTranslation } from 'react-i18next';
import type { Session } from '../app/session';
import { BlockDetails } from './BlockDetails';
import { clockTime } from '../i18n/format';
import { TabName } from './TabName';
import { CHAIN_VIEW_LIMIT } from '../store/mesh-store';
import { MeshContext, useMesh } from './use-mesh';

export function ChainPanel({ session }: { session: Session | null }) {
  const { t, i18n } = useTranslation('chain');
  const blocks = useMesh((s) => s.chain.blocks);
  // In the store, not local state: the network graph draws the selected block's way to this tab.
  const selected = useMesh((s) => s.selectedBlock);
  const store = useContext(MeshContext);
  const setSelected = (hash: string | null) => store?.getState().selectBlock(hash);
  const selectedBlock = blocks.find((b) => b.hash === selected) ?? null;
  return (
    <section className="panel wide" aria-labelledby="chain-title">
      <h2 id="chain-title">{t('title', { count: CHAIN_VIEW_LIMIT })}</h2>
      <p className="hint">{t('hint')}</p>
      {selectedBlock && session && (
        <BlockDetails block={selectedBlock} node={session.node} onClose={() => setSelected(null)} />
      )}
      <div className="table-scroll">
        <table className="chain" data-testid="chain-table">
          <thead>
            <tr>
              <th>{t('columns.height')}</th>
              <th>{t('columns.hash')}</th>
              <th>{t('columns.prevHash')}</th>
              <th>{t('columns.nonce')}</th>
              <th>{t('columns.miner')}</th>
              <th>{t('columns.difficulty')}</th>
              <th>{t('columns.time')}</th>
            </tr>
          </thead>
          <tbody>
            {blocks.map((b) => (
              <tr
                key={b.hash}
                data-height={b.height}
                data-hash={b.hash}
                className={b.hash === selected ? 'selected' : undefined}
                onClick={() => setSelected(b.hash === selected ? null : b.hash)}
              >
                <td>{b.height}</td>
                <td className="hash" title={b.hash}>{b.hash.slice(0, 16)}…</td>
                <td className="hash" title={b.prevHash}>{b.prevHash.slice(0, 16)}…</td>
                <td>{b.nonce}</td>
                <td>{b.miner === 'genesis' ? t('genesis') : <TabName tabName={b.miner} />}</td>
                <td>{t('bits', { count: b.difficulty })}</td>
                <td>{clockTime(b.time * 1000, i18n.language)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}
