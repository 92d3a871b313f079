import { useState } from 'react';
import { useStore } from 'zustand';
import type { KademliaOverlay } from '../app/kademlia-links';
import type { ContactView, LookupView } from '../../shared/overlay/kademlia/panel-view';
import { toBinary } from '../../shared/overlay/kademlia/panel-view';
import type { Hop } from '../../shared/overlay/kademlia/lookup';
import { useMesh } from './use-mesh';
import './kademlia.css';

/** Seconds between hops as they are replayed on screen. */
const HOP_STEP_S = 0.45;

export function KademliaPanel({ overlay }: { overlay: KademliaOverlay }) {
  const view = useStore(overlay.store, (s) => s.view);
  const find = useStore(overlay.store, (s) => s.find);
  const peers = useMesh((s) => s.peers);
  const [query, setQuery] = useState('');
  const [published, setPublished] = useState<string | null>(null);
  if (!view) return null;
  const nameOf = (id: string) => {
    const peerId = overlay.links.linkOf(id);
    return (peerId && peers[peerId]?.name) || `${id.slice(0, 8)}…`;
  };
  const outbound = view.links.filter((l) => l.outbound).length;
  const selected = view.lookups.find((l) => l.seq === find?.seq);
  return (
    <section className="panel wide" aria-labelledby="kad-title" data-testid="kademlia-panel">
      <h2 id="kad-title">Kademlia: this tab's routing table</h2>
      <p className="hint">
        Every tab has a 160-bit id (here the hash of its wallet key, proven to each peer by a signature). The
        distance between two ids is their XOR. Contacts are filed in k-buckets by how many leading bits they
        share with us: bucket 0 holds the far half of the id space, bucket 1 the next quarter, and so on. So a
        tab knows many tabs near it and a few far away, and every lookup step at least halves the distance:
        about log₂(N) hops. In this room the links you see are these contacts (k = {view.k}).
      </p>
      <p>
        id <b className="hash" data-testid="dht-id" title={view.id}>{view.id}</b>
      </p>
      <p className="kad-id" aria-label="this tab's id in binary">{view.binary}</p>
      <table className="kad-buckets" data-testid="kbuckets">
        <thead>
          <tr>
            <th>bucket</th>
            <th>contact</th>
            <th title="leading bits shared with us (yellow), then the first bit that differs (red)">id bits</th>
            <th>XOR distance</th>
          </tr>
        </thead>
        <tbody>
          {view.buckets.flatMap((bucket) =>
            bucket.contacts.map((c, i) => (
              <tr key={c.id} data-testid="kcontact" data-bucket={bucket.index}>
                {i === 0 && (
                  <td rowSpan={bucket.contacts.length} data-testid="kbucket" data-index={bucket.index}>
                    {bucket.index} ({bucket.contacts.length}/{view.k})
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
              <td colSpan={4} className="empty">No contacts yet: open another tab in this room.</td>
            </tr>
          )}
        </tbody>
      </table>
      <p data-testid="kad-links">
        {view.links.length} link(s): {outbound} we dialled, {view.links.length - outbound} others dialled;{' '}
        {view.links.filter((l) => l.inTable).length} in our table. This tab holds {view.values} DHT value(s).
      </p>

      <h3>Find a block or transfer in the DHT</h3>
      <p className="hint">
        Each miner stores its blocks at the k tabs whose ids are closest to the block's hash. Paste a block hash
        (from the chain below) and watch the lookup walk toward those tabs, then fetch the block from the one
        that holds it. A value is accepted only if it hashes to the key: nobody can plant a fake. Paste another
        tab's DHT id instead to find that tab (FIND_NODE) and open a link to it.
      </p>
      <form
        className="kad-find"
        onSubmit={(e) => {
          e.preventDefault();
          overlay.findValue(query);
        }}
      >
        <input data-testid="dht-find-input" value={query} onChange={(e) => setQuery(e.target.value)} placeholder="block hash or transfer id (64 hex), or a tab's DHT id (40 hex)" />
        <button data-testid="dht-find" type="submit">Find value</button>
        <button data-testid="dht-publish" type="button" onClick={() => setPublished(overlay.publish(query))}>
          Store it
        </button>
      </form>
      {published && <p className="hint">{published}</p>}
      {find && (
        <p className="kad-result" data-testid="dht-find-result" data-status={find.status}>
          {find.text}
          {find.content?.kind === 'block' && <> — block #{find.content.height} mined by {find.content.miner}, {find.content.txs} transfer(s), {find.content.chars} bytes</>}
          {find.content?.kind === 'transfer' && <> — a transfer of {find.content.chars} bytes</>}
        </p>
      )}
      {selected && <LookupSteps lookup={selected} nameOf={nameOf} />}

      <h3>Latest lookups</h3>
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

function LookupSteps({ lookup, nameOf }: { lookup: LookupView; nameOf: (id: string) => string }) {
  return (
    <div className="kad-lookup" data-testid="lookup" data-purpose={lookup.purpose}>
      <b>{lookup.purpose}</b> {lookup.target.slice(0, 10)}…{' '}
      {lookup.result ? (
        <span data-testid="lookup-summary">
          {lookup.result.finish}: {lookup.result.hops} hop(s), {lookup.result.queries} queries, {lookup.result.failures} failed, {lookup.durationMs} ms
        </span>
      ) : (
        'running…'
      )}
      <ol>
        {lookup.hops.map((hop, i) => (
          <li
            key={i}
            data-testid="lookup-hop"
            className={`kad-hop${hop.kind === 'nodes' && hop.closer ? ' closer' : ''}${hop.kind === 'failed' ? ' failed' : ''}`}
            style={{ animationDelay: `${i * HOP_STEP_S}s` }}
          >
            {describeHop(hop, nameOf)}
          </li>
        ))}
      </ol>
    </div>
  );
}

function describeHop(hop: Hop, nameOf: (id: string) => string): string {
  const who = nameOf(hop.from);
  if (hop.kind === 'value') return `round ${hop.round}: ${who} holds it and sent the value`;
  if (hop.kind === 'failed') return `round ${hop.round}: ${who} did not help (${hop.reason})`;
  return `round ${hop.round}: ${who} named ${hop.contacts.length} contact(s), ${hop.learned.length} new`;
}
