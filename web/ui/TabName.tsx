import { useTranslation } from 'react-i18next';
import { useShallow } from 'zustand/shallow';
import { leadingName, resolveTab, type TabNames, type TabRef } from '../store/names';
import type { MeshState } from '../store/mesh-store';
import { useMesh } from './use-mesh';

/**
 * Names of tabs that have left: once a tab leaves the room, the roster and the peer list forget
 * it, but the log still has its lines. Signalling ids are random and never reused, so the name a
 * tab had is remembered by its id for as long as the page lives (a few bytes per tab met).
 */
const remembered = new Map<string, TabNames>();

/** resolveTab, falling back to the name a tab had while it was here. */
export function resolveRemembered(state: Pick<MeshState, 'self' | 'peers' | 'roster'>, ref: TabRef): TabNames {
  const names = resolveTab(state, ref);
  if (names.peerId === null) return names;
  if (names.nickname !== null || names.tabName !== null) {
    const old = remembered.get(names.peerId);
    if (!old || old.nickname !== names.nickname || old.tabName !== names.tabName) remembered.set(names.peerId, names);
    return names;
  }
  const old = remembered.get(names.peerId);
  return old ? { ...old, isSelf: names.isSelf } : names;
}

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
  const names = useMesh(useShallow((s) => resolveRemembered(s, props)));
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
  return (ref) => leadingName(resolveRemembered(state, ref));
}
