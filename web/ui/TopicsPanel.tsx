import { useState, type FormEvent } from 'react';
import type { Session } from '../app/session';
import { NOTES_TOPIC, topicsOf } from '../app/topics';
import type { TopicMessage } from '../../shared/overlay/pubsub/topic-log';
import { shortId } from '../store/attach-node';
import { clockTime } from './format-time';
import { useMesh } from './use-mesh';

/** Newest messages shown per topic: blocks pour in during a sync, notes are read one by one. */
const SHOWN = { chain: 8, other: 50 };

/** The topics this tab follows, what arrived on each, and forms to publish a note or follow a topic. */
export function TopicsPanel({ session }: { session: Session | null }) {
  const topics = useMesh((s) => s.topics);
  const self = useMesh((s) => s.self);
  const peers = useMesh((s) => s.peers);
  const pubsub = session ? topicsOf(session.node) : null;
  const [note, setNote] = useState('');
  const [target, setTarget] = useState(NOTES_TOPIC);
  const [name, setName] = useState('');
  const [outcome, setOutcome] = useState<string | null>(null);

  const own = topics.filter((t) => !t.chain).map((t) => t.topic);
  const targets = own.includes(NOTES_TOPIC) ? own : [NOTES_TOPIC, ...own];
  const publishTo = targets.includes(target) ? target : NOTES_TOPIC;

  /** Origins are tab ids (notes), addresses (transactions) or miner names (blocks). */
  const who = (origin: string) => {
    if (origin === self.id || origin === self.address || origin === self.name) return `${self.name ?? 'this tab'} (you)`;
    const peer = peers[origin] ?? Object.values(peers).find((p) => p.address === origin);
    if (peer?.name) return peer.name;
    return origin.length > 12 ? shortId(origin) + '…' : origin;
  };
  const via = (m: TopicMessage) => (m.from === null ? 'from here' : `via ${peers[m.from]?.name ?? shortId(m.from)}`);

  const publish = (event: FormEvent) => {
    event.preventDefault();
    if (!pubsub) return;
    const result = pubsub.publish(publishTo, note);
    if (!result.ok) return setOutcome(`not published (${result.reason}): ${result.detail}`);
    setNote('');
    setOutcome(null);
  };
  const follow = (event: FormEvent) => {
    event.preventDefault();
    if (!pubsub) return;
    const result = pubsub.subscribe(name.trim());
    if (!result.ok) return setOutcome(`not subscribed (${result.reason}): ${result.detail}`);
    setName('');
    setOutcome(null);
  };
  const leave = (topic: string) => {
    const result = pubsub?.unsubscribe(topic);
    setOutcome(result && !result.ok ? `still subscribed (${result.reason}): ${result.detail}` : null);
  };

  return (
    <section className="panel wide" aria-labelledby="topics-title" data-testid="topics">
      <h2 id="topics-title">Topics</h2>
      <p className="hint">
        A consortium chain's members subscribe to named topics and publish to them; a message reaches every
        subscriber once, the publisher included. Here every tab follows <b>blocks</b> and <b>transactions</b> (a
        full node needs them all) and the room's <b>notes</b>. Each tab passes every message on to all its
        neighbours except the one it came from, remembers the ids it has seen and drops later copies (the
        duplicates below: what flooding costs), and shows only the topics it follows, so a note still crosses
        tabs that left notes. Blocks and transactions ride the chain's own relay, which floods the same way. A
        neighbour sending more than 20 messages a second on a topic is penalised, and dropped if it keeps on.
      </p>
      <form className="send-form" onSubmit={publish}>
        <input
          data-testid="note-input"
          style={{ width: '20rem' }}
          maxLength={280}
          placeholder="a note for everyone in the room"
          value={note}
          onChange={(e) => setNote(e.target.value)}
        />
        <label>
          on{' '}
          <select data-testid="note-topic" value={publishTo} onChange={(e) => setTarget(e.target.value)}>
            {targets.map((t) => (
              <option key={t} value={t}>
                {t}
              </option>
            ))}
          </select>
        </label>
        <button data-testid="note-publish" type="submit" disabled={!pubsub}>
          Publish
        </button>
      </form>
      <form className="send-form" onSubmit={follow}>
        <input
          data-testid="topic-name-input"
          style={{ width: '12rem' }}
          maxLength={32}
          placeholder="topic name, e.g. team-a"
          value={name}
          onChange={(e) => setName(e.target.value)}
        />
        <button data-testid="topic-subscribe" type="submit" disabled={!pubsub}>
          Subscribe
        </button>
      </form>
      {outcome && (
        <p className="problem" role="alert" data-testid="topic-outcome">
          {outcome}
        </p>
      )}
      {topics.length === 0 && <p className="hint">Topics start once the tab has joined its room.</p>}
      {topics.map((t) => (
        <div key={t.topic} className="block-details" data-testid={`topic-${t.topic}`}>
          <h3>
            <span>{t.topic}</span>
            {!t.chain && (
              <button data-testid="topic-unsubscribe" onClick={() => leave(t.topic)}>
                Unsubscribe
              </button>
            )}
          </h3>
          <p className="hint">
            <span data-testid="topic-delivered">{t.delivered}</span> delivered ·{' '}
            <span data-testid="topic-duplicates">{t.duplicates}</span> duplicate copies dropped · followed by{' '}
            {t.followers} of {Object.keys(peers).length} neighbours
            {t.chain && ' (carried by the chain relay)'}
          </p>
          <ul className="peer-list">
            {t.recent
              .slice(-(t.chain ? SHOWN.chain : SHOWN.other))
              .reverse()
              .map((m) => (
                <li key={m.id} data-testid="topic-message" data-origin={m.origin}>
                  <span className="hint">{clockTime(m.receivedAt)}</span> <b>{who(m.origin)}</b>:{' '}
                  <span data-testid="topic-message-text">{m.data}</span> <span className="hint">({via(m)})</span>
                </li>
              ))}
            {t.recent.length === 0 && <li className="empty">nothing yet</li>}
          </ul>
        </div>
      ))}
    </section>
  );
}
