import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Session } from '../app/session';
import { signTransfer } from '../../shared/ledger/transaction';
import { useLeadingName } from './TabName';
import { useMesh } from './use-mesh';

/** This tab's coins, and a form to send some to another tab picked from the peer list. */
export function WalletPanel({ session }: { session: Session | null }) {
  const { t } = useTranslation('wallet');
  const nameOf = useLeadingName();
  const address = useMesh((s) => s.self.address);
  const balance = useMesh((s) => s.wallet.balance);
  const peerMap = useMesh((s) => s.peers);
  const recipients = useMemo(
    () => Object.entries(peerMap).filter(([, p]) => p.address).map(([id, p]) => ({ id, name: nameOf({ peerId: id }), address: p.address! })),
    [peerMap, nameOf],
  );
  const [to, setTo] = useState('');
  const [amount, setAmount] = useState('10');
  const [fee, setFee] = useState('1');
  const [outcome, setOutcome] = useState<{ ok: boolean; text: string } | null>(null);

  const send = () => {
    if (!session) return;
    const { node, wallet } = session;
    const recipient = recipients.find((r) => r.address === to);
    if (!recipient) return setOutcome({ ok: false, text: t('pickFirst') });
    // The next nonce counts our own transfers still waiting in the mempool.
    const waiting = node.chain.mempool.pending().filter((p) => p.sender === wallet.address).length;
    const nonce = node.chain.ledger.nextNonce(wallet.address) + waiting;
    const signed = signTransfer(wallet, { to, amount: Number(amount), fee: Number(fee), nonce });
    const result = signed.ok ? node.submitTransaction(signed.value.text) : signed;
    setOutcome(
      result.ok
        ? { ok: true, text: t('sent', { amount, name: recipient.name }) }
        : // The reason reads in the page's language (one key per code); the detail is technical.
          { ok: false, text: `${t('notSent', { reason: t([`log:error.${result.reason}`, 'log:error.unknown'], { code: result.reason }) })} · ${t('log:detail', { detail: result.detail })}` },
    );
  };

  return (
    <section className="panel" aria-labelledby="wallet-title">
      <h2 id="wallet-title">{t('title')}</h2>
      <p className="hint">{t('hint')}</p>
      <dl className="facts">
        <dt>{t('address')}</dt>
        <dd className="hash" data-testid="wallet-address" title={address ?? ''}>
          {address ? address.slice(0, 16) + '…' : t('common:dash')}
        </dd>
        <dt>{t('balance')}</dt>
        <dd data-testid="wallet-balance">{t('coins', { count: balance })}</dd>
      </dl>
      <div className="send-form">
        <label>
          {t('to')}{' '}
          <select data-testid="send-to" value={to} onChange={(e) => setTo(e.target.value)}>
            <option value="">{t('pick')}</option>
            {recipients.map((r) => (
              <option key={r.id} value={r.address}>
                {r.name}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t('amount')} <input data-testid="send-amount" type="number" min={1} value={amount} onChange={(e) => setAmount(e.target.value)} />
        </label>
        <label>
          {t('fee')} <input data-testid="send-fee" type="number" min={0} value={fee} onChange={(e) => setFee(e.target.value)} />
        </label>
        <button data-testid="send" disabled={!session} onClick={send}>
          {t('send')}
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
