import { useTranslation } from 'react-i18next';
import { useShallow } from 'zustand/shallow';
import { leadingName, resolveTab, type TabNames, type TabRef } from '../store/names';
import { useMesh } from './use-mesh';

/** The machine identifiers of a tab, each labelled with what it is, one per line (for a tooltip). */
export function useTabDetails(): (names: TabNames, dhtId?: string) => string {
  const { t } = useTranslation('common');
  return (names, dhtId) =>
    [
      names.tabName && t('tab.tabName', { value: names.tabName }),
      names.peerId && t('tab.signallingId', { value: names.peerId }),
      names.address && t('tab.walletAddress', { value: names.address }),
      dhtId && t('tab.dhtId', { value: dhtId }),
    ]
      .filter(Boolean)
      .join('\n');
}

/**
 * A tab as people know it: its nickname, with the machine identifiers (each labelled with what it
 * is) in the tooltip. Use this wherever the page names a tab, so one tab has one name everywhere.
 */
export function TabName(props: TabRef & { className?: string; dhtId?: string }) {
  const { t } = useTranslation('common');
  const details = useTabDetails();
  // resolveTab builds a new object each time; useShallow keeps the last one while its fields match.
  const names = useMesh(useShallow((s) => resolveTab(s, props)));
  return (
    <span
      className={['tab-name', props.className].filter(Boolean).join(' ')}
      title={details(names, props.dhtId)}
      data-tab-name={names.tabName ?? undefined}
    >
      {leadingName(names)}
      {names.isSelf && t('you')}
    </span>
  );
}

/** The leading name of any tab reference, for places that need a plain string (SVG, <option>). */
export function useLeadingName(): (ref: TabRef) => string {
  const state = useMesh(useShallow((s) => ({ self: s.self, peers: s.peers, roster: s.roster })));
  return (ref) => leadingName(resolveTab(state, ref));
}
