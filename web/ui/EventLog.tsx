import { memo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useShallow } from 'zustand/shallow';
import { clockTimeMs } from '../i18n/format';
import type { LogEntry, LogKind, MeshState } from '../store/mesh-store';
import { leadingName } from '../store/names';
import { resolveRemembered, TabName } from './TabName';
import { useMesh } from './use-mesh';

export const LOG_KINDS: readonly LogKind[] = ['open', 'close', 'message', 'error', 'chain', 'sync', 'signalling', 'conditions'];

type Params = NonNullable<LogEntry['params']>;

/**
 * A log entry's values as the reader should see them: a `peerId` / `…PeerId` value (a signalling
 * id) and a `tabName` / `…TabName` value become the tab's name as people know it, so a nickname
 * chosen later shows in old lines too. Everything else is drawn as given (React escapes it).
 */
function readableParams(state: Pick<MeshState, 'self' | 'peers' | 'roster'>, params: Params): Params {
  const out: Params = { ...params };
  for (const [name, value] of Object.entries(params)) {
    if (typeof value !== 'string') continue;
    if (name === 'peerId' || name.endsWith('PeerId')) out[name] = leadingName(resolveRemembered(state, { peerId: value }));
    else if (name === 'tabName' || name.endsWith('TabName')) out[name] = leadingName(resolveRemembered(state, { tabName: value }));
  }
  return out;
}

/**
 * One line's text. `summaryKey` (a message's summary) is translated first and put in as
 * {{summary}}; an error's code picks its own key, falling back to a line that names the code.
 */
function useLineText(entry: LogEntry): { text: string; detail: string | null } {
  const { t } = useTranslation('log');
  const params = useMesh(useShallow((s) => (entry.params ? readableParams(s, entry.params) : {})));
  if (!entry.key) return { text: entry.text ?? '', detail: null };
  const summaryKey = typeof params.summaryKey === 'string' ? params.summaryKey : null;
  const values = summaryKey ? { ...params, summary: t(summaryKey, params) } : params;
  const keys = entry.kind === 'error' ? [entry.key, 'error.unknown'] : [entry.key];
  const detail = entry.kind === 'error' && typeof params.detail === 'string' ? t('detail', { detail: params.detail }) : null;
  return { text: t(keys, values), detail };
}

/** Entries never change once logged, so each row renders once however busy the log is. */
const LogRow = memo(function LogRow({ entry }: { entry: LogEntry }) {
  const { t, i18n } = useTranslation('log');
  const { text, detail } = useLineText(entry);
  return (
    <li className={`log-${entry.kind}`} data-kind={entry.kind}>
      <time dateTime={new Date(entry.at).toISOString()}>{clockTimeMs(entry.at, i18n.language)}</time>
      <span className="kind">{t(`kind.${entry.kind}`)}</span>
      <span className="peer">{entry.peerId ? <TabName peerId={entry.peerId} /> : t('noPeer')}</span>
      <span className="text">
        {text}
        {detail && <span className="detail"> · {detail}</span>}
      </span>
    </li>
  );
});

export function EventLog() {
  const { t } = useTranslation('log');
  const log = useMesh((s) => s.log);
  const [hidden, setHidden] = useState<ReadonlySet<LogKind>>(new Set());
  const shown = hidden.size === 0 ? log : log.filter((e) => !hidden.has(e.kind));
  const toggle = (kind: LogKind, on: boolean) =>
    setHidden((old) => {
      const next = new Set(old);
      if (on) next.delete(kind);
      else next.add(kind);
      return next;
    });
  return (
    <section className="panel wide" aria-labelledby="log-title">
      <h2 id="log-title">{t('title')}</h2>
      <p className="hint">{t('hint')}</p>
      <fieldset className="log-filter" data-testid="log-filter">
        <legend>{t('filter.label')}</legend>
        {LOG_KINDS.map((kind) => (
          <label key={kind} className={`log-${kind}`}>
            <input type="checkbox" checked={!hidden.has(kind)} data-testid={`log-filter-${kind}`} onChange={(e) => toggle(kind, e.target.checked)} />{' '}
            <span className="kind">{t(`kind.${kind}`)}</span>
          </label>
        ))}
      </fieldset>
      <ol className="log" data-testid="event-log">
        {shown.map((entry) => (
          <LogRow key={entry.seq} entry={entry} />
        ))}
        {shown.length === 0 && <li className="empty">{t('empty')}</li>}
      </ol>
    </section>
  );
}
