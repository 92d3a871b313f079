import { useTranslation } from 'react-i18next';
import { useShallow } from 'zustand/shallow';
import { DEFAULT_CHAIN_PARAMS, type ChainParams } from '../../shared/chain/params';
import { useLeadingName } from './TabName';
import { useMesh } from './use-mesh';

/** This page's address with the room rules taken out, so it opens with the default rules. */
export function defaultRulesUrl(href: string): string {
  const url = new URL(href);
  url.searchParams.delete('difficulty');
  url.searchParams.delete('interval');
  return url.toString();
}

const sameRules = (a: ChainParams, b: ChainParams) => a.difficulty === b.difficulty && a.spacing === b.spacing && a.window === b.window;

/**
 * What is wrong with this tab, at the top of the page: it follows another chain than its peers
 * (the room was opened with other rules, so their blocks and ours are ignored by each other), or
 * it is cut off (no signalling server and no open channel). Each says how to fix it.
 */
export function ChainBanner() {
  const { t } = useTranslation('common');
  const nameOf = useLeadingName();
  const wrong = useMesh(useShallow((s) => s.wrongChainPeers.filter((id) => s.peers[id])));
  const rules = useMesh((s) => s.self.rules);
  const alone = useMesh((s) => Object.keys(s.peers).length === 0 && (s.self.signalling === 'lost' || s.self.signalling === 'failed'));
  if (wrong.length > 0) {
    const here = window.location.href;
    return (
      <div className="banner" role="alert" data-testid="chain-banner" data-problem="wrong-chain">
        <p>{t('banner.wrongChain', { count: wrong.length, names: wrong.map((peerId) => nameOf({ peerId })).join(t('listSeparator')) })}</p>
        {rules && (
          <p>
            {rules.spacing > 0
              ? t('banner.wrongChainFix', { difficulty: rules.difficulty, spacing: rules.spacing })
              : t('banner.wrongChainFixFree', { difficulty: rules.difficulty })}
          </p>
        )}
        <p className="banner-links">
          <a href={here} data-testid="banner-link-same">
            {t('banner.linkSame')}
          </a>
          {rules && !sameRules(rules, DEFAULT_CHAIN_PARAMS) && (
            <a href={defaultRulesUrl(here)} data-testid="banner-link-default">
              {t('banner.linkDefault')}
            </a>
          )}
        </p>
      </div>
    );
  }
  if (alone) {
    return (
      <div className="banner" role="alert" data-testid="chain-banner" data-problem="alone">
        <p>{t('banner.alone')}</p>
        <p>
          {t('banner.aloneFix')}{' '}
          <button type="button" onClick={() => window.location.reload()}>
            {t('banner.reload')}
          </button>
        </p>
      </div>
    );
  }
  return null;
}
