import { Trans, useTranslation } from 'react-i18next';
import { leadingZeroBits } from '../../shared/chain/best-search';
import { targetFromBits } from '../../shared/chain/target';

/**
 * A block's proof of work spelled out: the target its `bits` field encodes, the block's hash
 * written under it digit for digit, "hash ≤ target" with the zero bits of each counted, and,
 * once, what `bits` means here, so the header field and the "N bits" of difficulty elsewhere on
 * the page are not taken for one thing.
 */
export function ProofOfWork({ hash, bits }: { hash: string; bits: number }) {
  const { t } = useTranslation('chain');
  const target = targetFromBits(bits);
  if (target === null) return null;
  const targetHex = target.toString(16).padStart(64, '0');
  const meets = BigInt(`0x${hash}`) <= target;
  const values = { hashZeros: leadingZeroBits(hash), targetZeros: leadingZeroBits(targetHex), compact: `0x${bits.toString(16).padStart(8, '0')}` };
  return (
    <div className="proof-of-work" data-testid="proof-of-work">
      <h4>{t('details.pow.title')}</h4>
      <table className="hash-vs-target">
        <tbody>
          <tr>
            <th scope="row">{t('details.pow.target')}</th>
            <td className="hash" data-testid="pow-target">{targetHex}</td>
          </tr>
          <tr>
            <th scope="row">{t('details.pow.hash')}</th>
            <td className="hash" data-testid="pow-hash">{hash}</td>
          </tr>
        </tbody>
      </table>
      <p data-testid="pow-verdict" data-meets={meets}>
        {meets ? t('details.pow.meets', values) : t('details.pow.fails', values)}
      </p>
      <p className="hint" data-testid="bits-note">
        <Trans t={t} i18nKey="details.pow.bitsNote" values={values} components={{ code: <code /> }} />
      </p>
    </div>
  );
}
