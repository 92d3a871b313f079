import { Trans, useTranslation } from 'react-i18next';
import { leadingZeroBits } from '../../shared/chain/best-search';
import { targetFromBits } from '../../shared/chain/target';
import type { MiningStatus } from '../mining/mining-controller';

/** Hex digits shown of the hash and the target: enough to line the zeros up, short enough for a phone. */
const SHOWN = 20;
const shorten = (hex: string) => `${hex.slice(0, SHOWN)}…`;

/**
 * Mining you can watch: the nonces tried so far and the best hash so far held against the target,
 * digit under digit, updated as the workers report (four times a second); and after a search
 * ends, its last hash rate, so a block found in a blink still shows how fast it went.
 */
export function MiningProgress({ mining }: { mining: MiningStatus }) {
  const { t } = useTranslation('mine');
  const target = mining.bits === undefined ? null : targetFromBits(mining.bits);
  const targetHex = target === null ? null : target.toString(16).padStart(64, '0');
  const searched = mining.running || (mining.tried ?? 0) > 0;
  if (!searched || targetHex === null) return null;
  const best = mining.bestHash;
  const wins = best !== undefined && BigInt(`0x${best}`) <= target!;
  return (
    <div className="mining-progress" data-testid="mining-progress">
      <p>
        <Trans t={t} i18nKey="progress.tried" values={{ tried: mining.tried ?? 0 }} components={{ b: <b data-testid="nonces-tried" /> }} />
        {!mining.running && (mining.lastRate ?? 0) > 0 && (
          <>
            {' · '}
            <span data-testid="last-rate">{t('progress.lastRate', { rate: mining.lastRate })}</span>
          </>
        )}
      </p>
      <table className="hash-vs-target">
        <tbody>
          <tr>
            <th scope="row">{t('progress.target')}</th>
            <td>
              <code data-testid="mining-target">{shorten(targetHex)}</code>
            </td>
            <td>{t('progress.targetZeros', { zeros: leadingZeroBits(targetHex) })}</td>
          </tr>
          <tr>
            <th scope="row">{t('progress.best')}</th>
            <td>
              <code data-testid="best-hash" data-hash={best ?? ''}>{best ? shorten(best) : '—'}</code>
            </td>
            <td>{best ? t('progress.bestZeros', { zeros: leadingZeroBits(best) }) : t('progress.noBest')}</td>
          </tr>
        </tbody>
      </table>
      <p className="hint" data-testid="mining-verdict">{wins ? t('progress.below') : t('progress.above')}</p>
    </div>
  );
}
