import { memo, useState } from 'react';
import { shortId } from '../store/attach-node';
import type { LogEntry, LogKind } from '../store/mesh-store';
import { clockTimeMs } from './format-time';
import { useMesh } from './use-mesh';

const KIND_LABEL: Record<LogKind, string> = {
  open: 'onOpen',
  close: 'onClose',
  message: 'onMessage',
  error: 'onError',
  chain: 'chain',
  sync: 'sync',
  signalling: 'signalling',
};

/** Entries never change once logged, so each row renders once however busy the log is. */
const LogRow = memo(function LogRow({ entry }: { entry: LogEntry }) {
  return (
    <li className={`log-${entry.kind}`} data-kind={entry.kind}>
      <time>{clockTimeMs(entry.at)}</time>
      <span className="kind">{KIND_LABEL[entry.kind]}</span>
      <span className="peer">{entry.peerId ? shortId(entry.peerId) : '·'}</span>
      <span className="text">{entry.text ?? entry.key}</span>
    </li>
  );
});

export function EventLog() {
  const log = useMesh((s) => s.log);
  const [hideMessages, setHideMessages] = useState(false);
  const shown = hideMessages ? log.filter((e) => e.kind !== 'message') : log;
  return (
    <section className="panel wide" aria-labelledby="log-title">
      <h2 id="log-title">Event log</h2>
      <p className="hint">
        Every connection has four callbacks: onOpen, onClose, onMessage, onError. Here they are, per
        peer, newest first.
      </p>
      <label>
        <input type="checkbox" checked={hideMessages} onChange={(e) => setHideMessages(e.target.checked)} /> hide
        messages
      </label>
      <ol className="log" data-testid="event-log">
        {shown.map((entry) => (
          <LogRow key={entry.seq} entry={entry} />
        ))}
      </ol>
    </section>
  );
}
