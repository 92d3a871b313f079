import { useState, type FormEvent } from 'react';
import { Trans, useTranslation } from 'react-i18next';
import type { Session } from '../app/session';
import { NOTES_TOPIC, topicsOf } from '../app/topics';
import type { TopicMessage } from '../../shared/overlay/pubsub/topic-log';
import { clockTime } from '../i18n/format';
import type { MeshState } from '../store/mesh-store';
import type { TabRef } from '../store/names';
import { TabName } from './TabName';
import { useMesh } from './use-mesh';

/** Newest messages shown per topic: blocks pour in during a sync, notes are read one by one. */
const SHOWN = { chain: 8, other: 50 };
const BUILT_IN = new Set(['blocks', 'transactions', 'notes']);

/** Origins are signalling ids (notes), wallet addresses (transactions) or tab names (blocks' miners). */
function originRef(state: Pick<MeshState, 'self' | 'peers' | 'roster'>, origin: string): TabRef {
  const { self, peers, roster } = state;
  if (origin === self.id || peers[origin] || roster[origin]) return { peerId: origin };
  if (origin === self.address || Object.values(peers).some((p) => p.address === origin)) return { address: origin };
  if (/^[0-9a-f]{40,}$/i.test(origin)) return { address: origin };
  return { tabName: origin };
}

/** The topics this tab follows, what arrived on each, and forms to publish a note or follow a topic. */
export function TopicsPanel({ session }: { session: Session | null }) {
  const { t, i18n } = useTranslation('topics');
  const topics = useMesh((s) => s.topics);
  const self = useMesh((s) => s.self);
  const peers = useMesh((s) => s.peers);
  const roster = useMesh((s) => s.roster);
  const pubsub = session ? topicsOf(session.node) : null;
  const [note, setNote] = useState('');
  const [target, setTarget] = useState(NOTES_TOPIC);
  const [name, setName] = useState('');
  const [outcome, setOutcome] = useState<string | null>(null);

  const own = topics.filter((tp) => !tp.chain).map((tp) => tp.topic);
  const targets = own.includes(NOTES_TOPIC) ? own : [NOTES_TOPIC, ...own];
  const publishTo = targets.includes(target) ? target : NOTES_TOPIC;
  /** The room's own topics read in the page's language; a topic a student named stays as named. */
  const topicName = (topic: string) => (BUILT_IN.has(topic) ? t(`names.${topic}`) : topic);
  /** A refusal in the page's language, with the library's English detail as the technical detail. */
  const refused = (key: string, result: { reason: string; detail: string }) =>
    `${t(key, { reason: t([`reason.${result.reason}`, 'reason.unknown'], { code: result.reason }) })} · ${t('log:detail', { detail: result.detail })}`;
  const via = (m: TopicMessage) => (m.from === null ? t('fromHere') : <>{t('via')} <TabName peerId={m.from} /></>);

  const publish = (event: FormEvent) => {
    event.preventDefault();
    if (!pubsub) return;
    const result = pubsub.publish(publishTo, note);
    if (!result.ok) return setOutcome(refused('notPublished', result));
    setNote('');
    setOutcome(null);
  };
  const follow = (event: FormEvent) => {
    event.preventDefault();
    if (!pubsub) return;
    const result = pubsub.subscribe(name.trim());
    if (!result.ok) return setOutcome(refused('notSubscribed', result));
    setName('');
    setOutcome(null);
  };
  const leave = (topic: string) => {
    const result = pubsub?.unsubscribe(topic);
    setOutcome(result && !result.ok ? refused('stillSubscribed', result) : null);
  };

  return (
    <section className="panel wide" aria-labelledby="topics-title" data-testid="topics">
      <h2 id="topics-title">{t('title')}</h2>
      <p className="hint">
        <Trans t={t} i18nKey="hint" components={{ b: <b /> }} />
      </p>
      <form className="send-form" onSubmit={publish}>
        <input
          data-testid="note-input"
          className="note-input"
          maxLength={280}
          aria-label={t('noteLabel')}
          placeholder={t('notePlaceholder')}
          value={note}
          onChange={(e) => setNote(e.target.value)}
        />
        <label>
          {t('on')}{' '}
          <select data-testid="note-topic" value={publishTo} onChange={(e) => setTarget(e.target.value)}>
            {targets.map((topic) => (
              <option key={topic} value={topic}>
                {topicName(topic)}
              </option>
            ))}
          </select>
        </label>
        <button data-testid="note-publish" type="submit" disabled={!pubsub}>
          {t('publish')}
        </button>
      </form>
      <form className="send-form" onSubmit={follow}>
        <input
          data-testid="topic-name-input"
          className="topic-name-input"
          maxLength={32}
          aria-label={t('topicLabel')}
          placeholder={t('topicPlaceholder')}
          value={name}
          onChange={(e) => setName(e.target.value)}
        />
        <button data-testid="topic-subscribe" type="submit" disabled={!pubsub}>
          {t('subscribe')}
        </button>
      </form>
      {outcome && (
        <p className="problem" role="alert" data-testid="topic-outcome">
          {outcome}
        </p>
      )}
      {topics.length === 0 && <p className="hint">{t('notStarted')}</p>}
      {topics.map((tp) => (
        <div key={tp.topic} className="block-details" data-testid={`topic-${tp.topic}`}>
          <h3>
            <span title={tp.topic}>{topicName(tp.topic)}</span>
            {!tp.chain && (
              <button data-testid="topic-unsubscribe" onClick={() => leave(tp.topic)}>
                {t('unsubscribe')}
              </button>
            )}
          </h3>
          <p className="hint">
            <Trans
              t={t}
              i18nKey="stats"
              values={{ delivered: tp.delivered, duplicates: tp.duplicates, followers: tp.followers, neighbours: Object.keys(peers).length }}
              components={{ d: <span data-testid="topic-delivered" />, u: <span data-testid="topic-duplicates" /> }}
            />
            {tp.chain && t('chainCarried')}
          </p>
          <ul className="peer-list">
            {tp.recent
              .slice(-(tp.chain ? SHOWN.chain : SHOWN.other))
              .reverse()
              .map((m) => (
                <li key={m.id} data-testid="topic-message" data-origin={m.origin}>
                  <span className="hint">{clockTime(m.receivedAt, i18n.language)}</span>{' '}
                  <b>
                    <TabName {...originRef({ self, peers, roster }, m.origin)} />
                  </b>
                  {': '}
                  <span data-testid="topic-message-text">{m.data}</span> <span className="hint">({via(m)})</span>
                </li>
              ))}
            {tp.recent.length === 0 && <li className="empty">{t('nothingYet')}</li>}
          </ul>
        </div>
      ))}
    </section>
  );
}
