import { useShallow } from 'zustand/shallow';
import { leadingName, resolveTab, type TabRef } from '../store/names';
import { useMesh } from './use-mesh';

/**
 * A tab as people know it: its nickname, with the machine identifiers (each labelled with what it
 * is) in the tooltip. Use this wherever the page names a tab, so one tab has one name everywhere.
 */
export function TabName(props: TabRef & { className?: string }) {
  // resolveTab builds a new object each time; useShallow keeps the last one while its fields match.
  const names = useMesh(useShallow((s) => resolveTab(s, props)));
  const details = [
    names.tabName && `tab name: ${names.tabName}`,
    names.peerId && `signalling id: ${names.peerId}`,
    names.address && `wallet address: ${names.address}`,
  ].filter(Boolean);
  return (
    <span className={['tab-name', props.className].filter(Boolean).join(' ')} title={details.join('\n')} data-tab-name={names.tabName ?? undefined}>
      {leadingName(names)}
      {names.isSelf && ' (you)'}
    </span>
  );
}
