import { useTranslation } from 'react-i18next';
import { CONFIRMATIONS } from '../../shared/ledger/transfer-history';
import { TabName } from './TabName';
import { useMesh } from './use-mesh';

/** Every transfer this tab can see, and how settled it is. */
export function TransfersPanel() {
  const transfers = useMesh((s) => s.wallet.transfers);
  const { t } = useTranslation('wallet');
  return (
    <section className="panel wide" aria-labelledby="transfers-title">
      <h2 id="transfers-title">{t('transfers.title')}</h2>
      <p className="hint">{t('transfers.hint', { confirmations: CONFIRMATIONS })}</p>
      <div className="table-scroll">
        <table className="chain" data-testid="transfers">
          <thead>
            <tr>
              <th>{t('transfers.from')}</th>
              <th>{t('transfers.to')}</th>
              <th>{t('transfers.amount')}</th>
              <th>{t('transfers.fee')}</th>
              <th>{t('transfers.status')}</th>
            </tr>
          </thead>
          <tbody>
            {transfers.map((tx) => (
              <tr key={`${tx.id}-${tx.status}`} data-tx={tx.id} data-status={tx.status}>
                <td><TabName address={tx.from} /></td>
                <td><TabName address={tx.to} /></td>
                <td data-testid="transfer-amount">{tx.amount}</td>
                <td>{tx.fee}</td>
                <td data-testid="transfer-status">
                  {t(`transfers.${tx.status}`)}
                  {tx.height !== undefined && t('transfers.depth', { height: tx.height, depth: tx.depth })}
                </td>
              </tr>
            ))}
            {transfers.length === 0 && (
              <tr>
                <td colSpan={5} className="hint">
                  {t('transfers.empty')}
                </td>
              </tr>
            )}
          </tbody>
        </table>
      </div>
    </section>
  );
}
