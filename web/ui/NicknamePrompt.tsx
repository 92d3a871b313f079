import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { nicknameProblem, type NicknameChange } from '../app/nickname';
import type { Session } from '../app/session';
import type { Notice } from '../store/mesh-store';
import { useMesh } from './use-mesh';
import './join-card.css';

/**
 * "You are Otter 42 · Change name" at the top of the page, and the prompt that changes it. On a
 * tab's first open the prompt is already showing, prefilled with the generated name the tab joined
 * with: it sits in the page's flow (not over it), so the tab works, and tests run, without an
 * answer.
 */
export function NicknameBar({ session }: { session: Session | null }) {
  const { t } = useTranslation('names');
  const nickname = useMesh((s) => s.self.nickname);
  // null: not touched yet, so the prompt shows exactly when the tab is new.
  const [editing, setEditing] = useState<boolean | null>(null);
  const [lastChange, setLastChange] = useState<{ asked: string; nickname: string } | null>(null);
  const open = session !== null && nickname !== null && (editing ?? session.nickname.firstOpen);
  const clash = lastChange ?? session?.nickname.clash ?? null;
  return (
    <div className="nickname-area">
      <div className="nickname-bar" data-testid="nickname-bar">
        <span>
          {t('bar.you')} <span className="self-nickname" data-testid="self-nickname">{nickname ?? '…'}</span>
        </span>
        {!open && (
          <button type="button" data-testid="nickname-change" disabled={!session} onClick={() => setEditing(true)}>
            {t('bar.change')}
          </button>
        )}
        {clash && clash.nickname === nickname && (
          <span className="nickname-notice" role="status" data-testid="nickname-notice">
            {t('bar.taken', clash)}
          </span>
        )}
      </div>
      {open && session && (
        <NicknamePrompt
          session={session}
          current={nickname}
          onDone={(change) => {
            setEditing(false);
            if (change) setLastChange(change.changed && change.asked !== change.nickname ? { asked: change.asked, nickname: change.nickname } : null);
          }}
        />
      )}
    </div>
  );
}

function NicknamePrompt({ session, current, onDone }: { session: Session; current: string; onDone: (change: Extract<NicknameChange, { ok: true }> | null) => void }) {
  const { t } = useTranslation('names');
  const [value, setValue] = useState(current);
  const [refusal, setRefusal] = useState<Notice | null>(null);
  const [saving, setSaving] = useState(false);
  // The same rule the server applies, as the student types.
  const problem = value === current ? null : nicknameProblem(value);
  const shown = problem ?? refusal;
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (problem) return;
    if (value.trim() === current) return onDone(null);
    setSaving(true);
    const result = await session.nickname.change(value);
    setSaving(false);
    if (result.ok) onDone(result);
    else setRefusal(result.problem);
  };
  return (
    <form className="nickname-prompt" role="dialog" aria-labelledby="nickname-title" data-testid="nickname-prompt" onSubmit={(e) => void submit(e)}>
      <h2 id="nickname-title">{t('prompt.title')}</h2>
      <p className="hint">{t('prompt.hint')}</p>
      <label htmlFor="nickname-input">{t('prompt.label')}</label>
      <input
        id="nickname-input"
        data-testid="nickname-input"
        value={value}
        autoComplete="nickname"
        aria-invalid={shown !== null}
        aria-describedby={shown ? 'nickname-problem' : undefined}
        onChange={(e) => {
          setValue(e.target.value);
          setRefusal(null);
        }}
      />
      {shown && (
        <p className="problem" id="nickname-problem" role="alert" data-testid="nickname-problem">
          {t(shown.key, shown.params)}
        </p>
      )}
      <p className="buttons">
        <button type="submit" data-testid="nickname-save" disabled={saving || problem !== null}>
          {saving ? t('prompt.saving') : t('prompt.submit')}
        </button>
        <button type="button" className="secondary" data-testid="nickname-keep" onClick={() => onDone(null)}>
          {t('prompt.keep', { nickname: current })}
        </button>
      </p>
    </form>
  );
}
