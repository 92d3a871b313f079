import { useMemo, useState } from 'react';
import type { Session } from '../app/session';
import { signTransfer } from '../../shared/ledger/transaction';
import { shortId } from '../store/attach-node';
import { useMesh } from './use-mesh';

/** This tab's coins, and a form to send some to another tab picked from the peer list. */
export function WalletPanel({ session }: { session: Session | null }) {
  const address = useMesh((s) => s.self.address);
  const balance = useMesh((s) => s.wallet.balance);
  const peerMap = useMesh((s) => s.peers);
  const recipients = useMemo(
    () => Object.entries(peerMap).filter(([, p]) => p.address).map(([id, p]) => ({ id, name: p.name ?? shortId(id), address: p.address! })),
    [peerMap],
  );
  const [to, setTo] = useState('');
  const [amount, setAmount] = useState('10');
  const [fee, setFee] = useState('1');
  const [outcome, setOutcome] = useState<{ ok: boolean; text: string } | null>(null);

  const send = () => {
    if (!session) return;
    const { node, wallet } = session;
    const recipient = recipients.find((r) => r.address === to);
    if (!recipient) return setOutcome({ ok: false, text: 'pick a tab to send to' });
    // The next nonce counts our own transfers still waiting in the mempool.
    const waiting = node.chain.mempool.pending().filter((p) => p.sender === wallet.address).length;
    const nonce = node.chain.ledger.nextNonce(wallet.address) + waiting;
    const signed = signTransfer(wallet, { to, amount: Number(amount), fee: Number(fee), nonce });
    const result = signed.ok ? node.submitTransaction(signed.value.text) : signed;
    setOutcome(
      result.ok
        ? { ok: true, text: `sent ${amount} coins to ${recipient.name}: pending until a block includes it` }
        : { ok: false, text: `not sent (${result.reason}): ${result.detail}` },
    );
  };

  return (
    <section className="panel" aria-labelledby="wallet-title">
      <h2 id="wallet-title">Wallet</h2>
      <p className="hint">
        A secp256k1 key pair made in this tab. Mining pays 50 coins plus fees to its address; a
        transfer is signed here and checked by every node.
      </p>
      <dl className="facts">
        <dt>address</dt>
        <dd className="hash" data-testid="wallet-address" title={address ?? ''}>
          {address ? address.slice(0, 16) + '…' : '—'}
        </dd>
        <dt>balance</dt>
        <dd data-testid="wallet-balance">{balance} coins</dd>
      </dl>
      <div className="send-form">
        <label>
          to{' '}
          <select data-testid="send-to" value={to} onChange={(e) => setTo(e.target.value)}>
            <option value="">pick a tab…</option>
            {recipients.map((r) => (
              <option key={r.id} value={r.address}>
                {r.name}
              </option>
            ))}
          </select>
        </label>
        <label>
          amount <input data-testid="send-amount" type="number" min={1} value={amount} onChange={(e) => setAmount(e.target.value)} />
        </label>
        <label>
          fee <input data-testid="send-fee" type="number" min={0} value={fee} onChange={(e) => setFee(e.target.value)} />
        </label>
        <button data-testid="send" disabled={!session} onClick={send}>
          Send
        </button>
      </div>
      {outcome && (
        <p className={outcome.ok ? 'hint' : 'problem'} data-testid="send-outcome">
          {outcome.text}
        </p>
      )}
    </section>
  );
}
