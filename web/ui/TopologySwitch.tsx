import { useTranslation } from 'react-i18next';
import { TOPOLOGIES } from '../../shared/protocol/signalling';
import type { Session } from '../app/session';
import { useMesh } from './use-mesh';
import { ConfirmButton } from './ConfirmButton';

/**
 * The room's topology, switchable for the whole room: the server keeps one mode per room and every
 * tab reloads into the new one (its chain and wallet are saved, so nothing is lost).
 */
export function TopologySwitch({ session }: { session: Session | null }) {
  const { t } = useTranslation('node');
  const current = useMesh((s) => s.self.topology);
  const connected = useMesh((s) => s.self.signalling === 'connected');
  // A claimed (or locked) room is the teacher's to switch: the server refuses students anyway; say why here.
  const locked = useMesh((s) => (s.desk.settings.teacher || s.desk.settings.overlay.locked) && !s.desk.isTeacher);
  const lockedKey = useMesh((s) => (s.desk.settings.overlay.locked ? 'desk:student.locked' : 'desk:student.claimed'));
  const refusal = useMesh((s) => s.desk.refusal);
  return (
    <div className="topology-switch" role="group" aria-label={t('switch.label')}>
      <p className="hint">{t('switch.hint')}</p>
      {locked && <p className="notice" data-testid="topology-locked">{t(lockedKey)}</p>}
      {refusal && (
        <p className="problem" role="alert" data-testid="control-refusal" data-code={refusal.params?.code}>
          {t(refusal.key, { ...refusal.params, reason: t(String(refusal.params?.reason ?? '')) })}
        </p>
      )}
      <ul>
        {TOPOLOGIES.map((mode) => (
          <li key={mode} className={mode === current ? 'current' : undefined}>
            <ConfirmButton
              testId={`topology-switch-${mode}`}
              pressed={mode === current}
              disabled={!session || !connected || mode === current || locked}
              title={locked ? t(lockedKey) : undefined}
              label={t(`topology.${mode}`)}
              question={t('desk:student.confirmSwitch', { mode: t(`topology.${mode}`) })}
              onConfirm={() => session?.switchTopology(mode)}
            />{' '}
            {mode === current && <b>{t('switch.current')} </b>}
            <span className="hint">{t(`switch.explain.${mode}`)}</span>
          </li>
        ))}
      </ul>
    </div>
  );
}
