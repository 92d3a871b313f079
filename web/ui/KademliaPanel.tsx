import { useState, type ReactNode } from 'react';
import { Trans, useTranslation } from 'react-i18next';
import { useStore } from 'zustand';
import type { KademliaOverlay } from '../app/kademlia-links';
import type { ContactView, LookupView } from '../../shared/overlay/kademlia/panel-view';
import { toBinary } from '../../shared/overlay/kademlia/panel-view';
import type { Hop as HopView } from '../../shared/overlay/kademlia/lookup';
import { TabName, useLeadingName } from './TabName';
import './kademlia.css';

type Keyed = { key: string; params?: Record<string, string | number> };

/**
 * The overlay's own outcome texts (web/app/kademlia-links.ts) are moving to catalogue keys
 * (namespace-qualified, { key, params }); until then they are drawn as given.
 */
function shownText(outcome: unknown, t: (key: string, params?: Record<string, string | number>) => string): string {
  if (typeof outcome === 'string') return outcome;
  const keyed = outcome as Partial<Keyed> & { text?: string };
  if (typeof keyed.key === 'string') return t(keyed.key, keyed.params);
  return keyed.text ?? '';
}

/** Seconds between hops as they are replayed on screen. */
const HOP_STEP_S = 0.45;

export function KademliaPanel({ overlay }: { overlay: KademliaOverlay }) {
  const view = useStore(overlay.store, (s) => s.view);
  const find = useStore(overlay.store, (s) => s.find);
  const { t } = useTranslation('kademlia');
  const leading = useLeadingName();
  const [query, setQuery] = useState('');
  const [published, setPublished] = useState<Keyed | null>(null);
  if (!view) return null;
  /** A contact by the name people know its tab by; a contact we have no link to, by its DHT id. */
  const nameOf = (id: string): ReactNode => {
    const peerId = overlay.links.linkOf(id);
    if (peerId) return <TabName peerId={peerId} dhtId={id} />;
    return (
      <span className="hash" title={t('common:tab.dhtId', { value: id })}>
        {id.slice(0, 8)}…
      </span>
    );
  };
  const outbound = view.links.filter((l) => l.outbound).length;
  const selected = view.lookups.find((l) => l.seq === find?.seq);
  return (
    <section className="panel wide" aria-labelledby="kad-title" data-testid="kademlia-panel">
      <h2 id="kad-title">{t('title')}</h2>
      <p className="hint">{t('hint', { k: view.k })}</p>
      <p className="kad-self-id">
        {t('dhtId')} <b className="hash" data-testid="dht-id" title={view.id}>{view.id}</b>
      </p>
      <p className="kad-id" aria-label={t('binaryLabel')}>{view.binary}</p>
      <div className="table-scroll">
      <table className="kad-buckets" data-testid="kbuckets">
        <thead>
          <tr>
            <th>{t('columns.bucket')}</th>
            <th>{t('columns.contact')}</th>
            <th title={t('columns.bitsTitle')}>{t('columns.bits')}</th>
            <th>{t('columns.distance')}</th>
          </tr>
        </thead>
        <tbody>
          {view.buckets.flatMap((bucket) =>
            bucket.contacts.map((c, i) => (
              <tr key={c.id} data-testid="kcontact" data-bucket={bucket.index}>
                {i === 0 && (
                  <td rowSpan={bucket.contacts.length} data-testid="kbucket" data-index={bucket.index}>
                    {t('bucketSize', { index: bucket.index, size: bucket.contacts.length, k: view.k })}
                  </td>
                )}
                <td>{nameOf(c.id)}</td>
                <td><ContactBits contact={c} /></td>
                <td title={c.distanceHex}>2^{c.distanceBits - 1} … ({c.distanceHex.slice(0, 8)}…)</td>
              </tr>
            )),
          )}
          {view.buckets.length === 0 && (
            <tr>
              <td colSpan={4} className="empty">{t('empty')}</td>
            </tr>
          )}
        </tbody>
      </table>
      </div>
      <p data-testid="kad-links">
        {t('links', {
          count: view.links.length,
          outbound,
          inbound: view.links.length - outbound,
          inTable: view.links.filter((l) => l.inTable).length,
          values: view.values,
        })}
      </p>

      <h3>{t('findTitle')}</h3>
      <p className="hint">{t('findHint')}</p>
      <form
        className="kad-find"
        onSubmit={(e) => {
          e.preventDefault();
          overlay.findValue(query);
        }}
      >
        <input data-testid="dht-find-input" value={query} onChange={(e) => setQuery(e.target.value)} aria-label={t('findLabel')} placeholder={t('findPlaceholder')} />
        <button data-testid="dht-find" type="submit">{t('find')}</button>
        <button data-testid="dht-publish" type="button" onClick={() => setPublished(overlay.publish(query))}>
          {t('store')}
        </button>
      </form>
      {published && <p className="hint">{shownText(published, t)}</p>}
      {find && (
        <p className="kad-result" data-testid="dht-find-result" data-status={find.status}>
          {shownText(find, t)}
          {find.content?.kind === 'block' &&
            t('foundBlock', { height: find.content.height, miner: leading({ tabName: find.content.miner }), txs: find.content.txs, chars: find.content.chars })}
          {find.content?.kind === 'transfer' && t('foundTransfer', { chars: find.content.chars })}
        </p>
      )}
      {selected && <LookupSteps lookup={selected} nameOf={nameOf} />}

      <h3>{t('latest')}</h3>
      {view.lookups.filter((l) => l !== selected).slice(0, 4).map((l) => (
        <LookupSteps key={l.seq} lookup={l} nameOf={nameOf} />
      ))}
    </section>
  );
}

function ContactBits({ contact }: { contact: ContactView }) {
  const bits = toBinary(contact.id);
  const n = contact.sharedPrefix;
  return (
    <span className="kad-bits">
      <span className="shared">{bits.slice(0, n)}</span>
      <span className="differs">{bits.slice(n, n + 1)}</span>
      {bits.slice(n + 1, n + 8)}…
    </span>
  );
}

function LookupSteps({ lookup, nameOf }: { lookup: LookupView; nameOf: (id: string) => ReactNode }) {
  const { t } = useTranslation('kademlia');
  return (
    <div className="kad-lookup" data-testid="lookup" data-purpose={lookup.purpose}>
      <b>{t(`purpose.${lookup.purpose}`)}</b> <span className="hash">{lookup.target.slice(0, 10)}…</span>{' '}
      {lookup.result ? (
        <span data-testid="lookup-summary">
          {t('summary', {
            finish: t(`finish.${lookup.result.finish}`),
            hops: lookup.result.hops,
            queries: lookup.result.queries,
            failures: lookup.result.failures,
            ms: lookup.durationMs,
          })}
        </span>
      ) : (
        t('running')
      )}
      <ol>
        {lookup.hops.map((hop, i) => (
          <li
            key={i}
            data-testid="lookup-hop"
            className={`kad-hop${hop.kind === 'nodes' && hop.closer ? ' closer' : ''}${hop.kind === 'failed' ? ' failed' : ''}`}
            data-closer={t('closer')}
            style={{ animationDelay: `${i * HOP_STEP_S}s` }}
          >
            <Hop hop={hop} who={nameOf(hop.from)} />
          </li>
        ))}
      </ol>
    </div>
  );
}

/** One step of a lookup: who answered, and with what. */
function Hop({ hop, who }: { hop: HopView; who: ReactNode }) {
  const { t } = useTranslation('kademlia');
  const w = <span className="kad-who">{who}</span>;
  if (hop.kind === 'value') return <Trans t={t} i18nKey="hop.value" values={{ round: hop.round }} components={{ w }} />;
  if (hop.kind === 'failed') {
    const reason = hop.reason === 'no-answer' ? t('noAnswer') : t([`log:error.dht-${hop.reason}`, 'log:error.unknown'], { code: hop.reason });
    return <Trans t={t} i18nKey="hop.failed" values={{ round: hop.round, reason }} components={{ w }} />;
  }
  return (
    <Trans
      t={t}
      i18nKey="hop.nodes"
      values={{ round: hop.round, contacts: hop.contacts.length, learned: hop.learned.length }}
      components={{ w }}
    />
  );
}
