import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { DEFAULT_CHAIN_PARAMS, MAX_SPACING_SECONDS } from '../../shared/chain/params';
import { MAX_DIFFICULTY_BITS } from '../../shared/chain/target';
import { MAX_WORKERS_CAP, OVERLAY_LIMITS, type RoomControl } from '../../shared/protocol/room-controls';
import { TOPOLOGIES } from '../../shared/protocol/signalling';
import type { Session } from '../app/session';
import { ConfirmButton } from './ConfirmButton';
import { DeskLinks, DeskMemberName, DeskPartition, useDeskMembers } from './DeskPartition';
import { useMesh } from './use-mesh';
import './desk.css';

/**
 * The teacher's desk (only in a tab opened with the teacher link): every control goes to the
 * server with the key and comes back to every tab as the room's settings; a refusal shows the
 * server's reason here.
 */
export function TeacherDesk({ session }: { session: Session | null }) {
  const { t } = useTranslation('desk');
  const desk = useMesh((s) => s.desk);
  if (!session?.teacher.hasKey) return null;
  const send = (control: RoomControl) => void session.teacher.send(control);
  const { settings } = desk;
  return (
    <section className="panel wide teacher-desk" aria-labelledby="desk-title" data-testid="teacher-desk" data-teacher={desk.isTeacher}>
      <h2 id="desk-title">{t('title')}</h2>
      <p className="hint">{desk.isTeacher ? t('hint') : t('claiming')}</p>
      {desk.refusal && (
        <p className="problem" role="alert" data-testid="desk-refusal" data-code={desk.refusal.params?.code}>
          {t(desk.refusal.key, { ...desk.refusal.params, reason: t(String(desk.refusal.params?.reason ?? '')) })}
        </p>
      )}
      <div className="desk-grid">
        <DeskPartition conditions={settings.conditions} send={send} />
        <DeskLinks conditions={settings.conditions} send={send} />
        <DeskMining paused={settings.mining.paused} maxWorkers={settings.mining.maxWorkers} send={send} />
        <DeskOverlay send={send} />
        <DeskReset send={send} />
        <DeskKick send={send} />
      </div>
    </section>
  );
}

function DeskMining({ paused, maxWorkers, send }: { paused: boolean; maxWorkers: number | null; send: (c: RoomControl) => void }) {
  const { t } = useTranslation('desk');
  return (
    <fieldset className="desk-section" data-testid="desk-mining">
      <legend>{t('mining.title')}</legend>
      <p className="buttons">
        <button data-testid="desk-pause" aria-pressed={paused} onClick={() => send({ kind: 'mining', paused: !paused })}>
          {paused ? t('mining.resume') : t('mining.pause')}
        </button>
      </p>
      <label>
        {t('mining.workerCap')}{' '}
        <select
          data-testid="desk-worker-cap"
          value={maxWorkers ?? ''}
          onChange={(e) => send({ kind: 'mining', maxWorkers: e.target.value === '' ? null : Number(e.target.value) })}
        >
          <option value="">{t('mining.noCap')}</option>
          {Array.from({ length: MAX_WORKERS_CAP }, (_, i) => (
            <option key={i + 1} value={i + 1}>
              {i + 1}
            </option>
          ))}
        </select>
      </label>
    </fieldset>
  );
}

function DeskOverlay({ send }: { send: (c: RoomControl) => void }) {
  const { t } = useTranslation('desk');
  const topology = useMesh((s) => s.self.topology);
  const overlay = useMesh((s) => s.desk.settings.overlay);
  const [knobs, setKnobs] = useState<Record<'outbound' | 'k' | 'alpha', string>>({ outbound: '', k: '', alpha: '' });
  const knob = (name: keyof typeof knobs) => (knobs[name] === '' ? (overlay[name] ?? null) : Number(knobs[name]));
  return (
    <fieldset className="desk-section" data-testid="desk-overlay">
      <legend>{t('overlay.title')}</legend>
      <p className="buttons" role="group" aria-label={t('overlay.mode')}>
        {TOPOLOGIES.map((mode) => (
          <ConfirmButton
            key={mode}
            testId={`desk-topology-${mode}`}
            disabled={mode === topology}
            label={t(`node:topology.${mode}`)}
            question={t('overlay.confirmMode', { mode: t(`node:topology.${mode}`) })}
            onConfirm={() => send({ kind: 'overlay', topology: mode })}
          />
        ))}
      </p>
      <div className="desk-fields desk-knobs">
        {(['outbound', 'k', 'alpha'] as const).map((name) => (
          <label key={name}>
            {t(`overlay.${name}`)}{' '}
            <input
              type="number"
              min={1}
              max={OVERLAY_LIMITS[name]}
              placeholder={overlay[name] === null ? t('overlay.asOpened') : String(overlay[name])}
              value={knobs[name]}
              data-testid={`desk-${name}`}
              onChange={(e) => setKnobs((k) => ({ ...k, [name]: e.target.value }))}
            />
          </label>
        ))}
      </div>
      <p className="buttons">
        <button data-testid="desk-overlay-apply" onClick={() => send({ kind: 'overlay', outbound: knob('outbound'), k: knob('k'), alpha: knob('alpha') })}>
          {t('overlay.apply')}
        </button>{' '}
        <button data-testid="desk-lock" aria-pressed={overlay.locked} onClick={() => send({ kind: 'overlay', locked: !overlay.locked })}>
          {overlay.locked ? t('overlay.unlock') : t('overlay.lock')}
        </button>
      </p>
    </fieldset>
  );
}

function DeskReset({ send }: { send: (c: RoomControl) => void }) {
  const { t } = useTranslation('desk');
  const rules = useMesh((s) => s.self.rules);
  const [difficulty, setDifficulty] = useState(rules?.difficulty ?? DEFAULT_CHAIN_PARAMS.difficulty);
  const [interval, setSpacing] = useState(rules?.spacing ?? DEFAULT_CHAIN_PARAMS.spacing);
  return (
    <fieldset className="desk-section" data-testid="desk-reset">
      <legend>{t('reset.title')}</legend>
      <p className="hint">{t('reset.hint')}</p>
      <div className="desk-fields">
        <label>
          {t('reset.difficulty')}{' '}
          <input type="number" min={0} max={MAX_DIFFICULTY_BITS} value={difficulty} data-testid="desk-difficulty" onChange={(e) => setDifficulty(Number(e.target.value))} />
        </label>
        <label>
          {t('reset.interval')}{' '}
          <input type="number" min={0} max={MAX_SPACING_SECONDS} value={interval} data-testid="desk-interval" onChange={(e) => setSpacing(Number(e.target.value))} />{' '}
          {t('seconds')}
        </label>
      </div>
      <p className="buttons">
        <ConfirmButton
          testId="desk-reset-button"
          className="danger"
          label={t('reset.button')}
          question={t('reset.confirm', { difficulty, interval })}
          onConfirm={() => send({ kind: 'reset', difficulty, interval })}
        />
      </p>
    </fieldset>
  );
}

function DeskKick({ send }: { send: (c: RoomControl) => void }) {
  const { t } = useTranslation('desk');
  const others = useDeskMembers().filter((m) => !m.self && m.id);
  return (
    <fieldset className="desk-section" data-testid="desk-kick">
      <legend>{t('kick.title')}</legend>
      {others.length === 0 && <p className="hint">{t('kick.nobody')}</p>}
      <ul className="desk-kick-list">
        {others.map((m) => (
          <li key={m.id}>
            <b>
              <DeskMemberName member={m} />
            </b>{' '}
            <ConfirmButton testId={`desk-kick-${m.name}`} label={t('kick.button')} question={t('kick.confirm', { nickname: m.nickname })} onConfirm={() => send({ kind: 'kick', id: m.id! })} />
          </li>
        ))}
      </ul>
    </fieldset>
  );
}
