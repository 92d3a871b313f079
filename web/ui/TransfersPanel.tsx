import { CONFIRMATIONS } from '../../shared/ledger/transfer-history';
import { useMesh } from './use-mesh';

const STATUS_TEXT = { pending: 'pending (in mempools)', 'in-block': 'in a block', confirmed: 'confirmed' } as const;

/** Every transfer this tab can see, and how settled it is. */
export function TransfersPanel() {
  const transfers = useMesh((s) => s.wallet.transfers);
  const self = useMesh((s) => s.self);
  const peers = useMesh((s) => s.peers);
  const nameOf = (address: string) => {
    if (address === self.address) return `${self.name ?? 'this tab'} (you)`;
    const peer = Object.values(peers).find((p) => p.address === address);
    return peer?.name ?? address.slice(0, 10) + '…';
  };
  return (
    <section className="panel wide" aria-labelledby="transfers-title">
      <h2 id="transfers-title">Transfers</h2>
      <p className="hint">
        A transfer waits in every node's mempool until a miner puts it in a block; {CONFIRMATIONS} blocks deep it
        counts as confirmed. If a heavier branch wins, transfers of the abandoned blocks go back to pending.
      </p>
      <table className="chain" data-testid="transfers">
        <thead>
          <tr>
            <th>from</th>
            <th>to</th>
            <th>amount</th>
            <th>fee</th>
            <th>status</th>
          </tr>
        </thead>
        <tbody>
          {transfers.map((t) => (
            <tr key={`${t.id}-${t.status}`} data-tx={t.id} data-status={t.status}>
              <td>{nameOf(t.from)}</td>
              <td>{nameOf(t.to)}</td>
              <td data-testid="transfer-amount">{t.amount}</td>
              <td>{t.fee}</td>
              <td data-testid="transfer-status">
                {STATUS_TEXT[t.status]}
                {t.height !== undefined && ` #${t.height}, ${t.depth} deep`}
              </td>
            </tr>
          ))}
          {transfers.length === 0 && (
            <tr>
              <td colSpan={5} className="hint">
                No transfers yet: mine a block to earn coins, then send some to another tab.
              </td>
            </tr>
          )}
        </tbody>
      </table>
    </section>
  );
}
