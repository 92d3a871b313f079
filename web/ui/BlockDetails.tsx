import { useTranslation } from 'react-i18next';
import { headerFields } from '../../shared/chain/header';
import type { Node } from '../../shared/node/node';
import type { BlockView } from '../store/mesh-store';
import { ProofOfWork } from './ProofOfWork';
import { RoomBlockStats } from './RoomBlockStats';
import { TabName } from './TabName';

/** One block opened up: the exact bytes that were hashed, and the traffic it caused per peer. */
export function BlockDetails({ block, node, onClose }: { block: BlockView; node: Node; onClose: () => void }) {
  const { t } = useTranslation('chain');
  const traffic = [...node.stats.forBlock(block.hash)];
  const totals = node.stats.totals(block.hash);
  return (
    <div className="block-details" data-testid="block-details">
      <h3>
        {t('details.title', { height: block.height })} <button onClick={onClose}>{t('details.close')}</button>
      </h3>
      <p className="hint">
        {t('details.hint')} <span className="hash">{block.hash}</span>
      </p>
      <div className="table-scroll">
        <table className="header-bytes" data-testid="header-bytes">
          <thead>
            <tr>
              <th>{t('details.field')}</th>
              <th>{t('details.bytes')}</th>
              <th>{t('details.hex')}</th>
              <th>{t('details.value')}</th>
            </tr>
          </thead>
          <tbody>
            {headerFields(block.header).map((f) => (
              <tr key={f.name} data-field={f.name}>
                <td title={f.name}>{t(`details.fields.${f.name}`)}</td>
                <td>
                  {f.offset}–{f.offset + f.size - 1}
                </td>
                <td className="hash">{f.hex}</td>
                <td className="hash">{f.value}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <ProofOfWork hash={block.hash} bits={block.header.bits} />
      <h4>{t('details.spread')}</h4>
      <RoomBlockStats hash={block.hash} />
      <h4>{t('details.cost')}</h4>
      {traffic.length === 0 ? (
        <p className="hint">{t('details.noTraffic')}</p>
      ) : (
        <div className="table-scroll">
          <table className="traffic" data-testid="block-traffic">
            <thead>
              <tr>
                <th>{t('details.peer')}</th>
                <th>{t('details.messagesIn')}</th>
                <th>{t('details.bytesIn')}</th>
                <th>{t('details.messagesOut')}</th>
                <th>{t('details.bytesOut')}</th>
              </tr>
            </thead>
            <tbody>
              {traffic.map(([peerId, cost]) => (
                <tr key={peerId} data-peer-id={peerId}>
                  <td>
                    <TabName peerId={peerId} />
                  </td>
                  <td>{cost.messagesIn}</td>
                  <td>{Math.round(cost.bytesIn)}</td>
                  <td>{cost.messagesOut}</td>
                  <td>{Math.round(cost.bytesOut)}</td>
                </tr>
              ))}
              <tr className="total">
                <td>{t('details.total')}</td>
                <td>{totals.messagesIn}</td>
                <td>{Math.round(totals.bytesIn)}</td>
                <td>{totals.messagesOut}</td>
                <td>{Math.round(totals.bytesOut)}</td>
              </tr>
            </tbody>
          </table>
        </div>
      )}
    </div>
  );
}
