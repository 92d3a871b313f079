import { useState } from 'react';
import { shortId } from '../store/attach-node';
import type { LogKind } from '../store/mesh-store';
import { useMesh } from './use-mesh';

const KIND_LABEL: Record<LogKind, string> = {
  open: 'onOpen',
  close: 'onClose',
  message: 'onMessage',
  error: 'onError',
  chain: 'chain',
  sync: 'sync',
};

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
        {shown.map((e) => (
          <li key={e.seq} className={`log-${e.kind}`} data-kind={e.kind}>
            <time>{new Date(e.at).toLocaleTimeString([], { hour12: false })}.{String(e.at % 1000).padStart(3, '0')}</time>
            <span className="kind">{KIND_LABEL[e.kind]}</span>
            <span className="peer">{e.peerId ? shortId(e.peerId) : '·'}</span>
            <span className="text">{e.text}</span>
          </li>
        ))}
      </ol>
    </section>
  );
}
