import { useTranslation } from 'react-i18next';
import { TOPOLOGIES } from '../../shared/protocol/signalling';
import type { Session } from '../app/session';
import { useMesh } from './use-mesh';

/**
 * The room's topology, switchable for the whole room: the server keeps one mode per room and every
 * tab reloads into the new one (its chain and wallet are saved, so nothing is lost).
 */
export function TopologySwitch({ session }: { session: Session | null }) {
  const { t } = useTranslation('node');
  const current = useMesh((s) => s.self.topology);
  const connected = useMesh((s) => s.self.signalling === 'connected');
  return (
    <div className="topology-switch" role="group" aria-label={t('switch.label')}>
      <p className="hint">{t('switch.hint')}</p>
      <ul>
        {TOPOLOGIES.map((mode) => (
          <li key={mode} className={mode === current ? 'current' : undefined}>
            <button
              data-testid={`topology-switch-${mode}`}
              aria-pressed={mode === current}
              disabled={!session || !connected || mode === current}
              onClick={() => session?.switchTopology(mode)}
            >
              {t(`topology.${mode}`)}
            </button>{' '}
            {mode === current && <b>{t('switch.current')} </b>}
            <span className="hint">{t(`switch.explain.${mode}`)}</span>
          </li>
        ))}
      </ul>
    </div>
  );
}
