import { Trans, useTranslation } from 'react-i18next';
import type { Session } from '../app/session';
import { MAX_DIFFICULTY_BITS } from '../../shared/chain/target';
import { MiningProgress } from './MiningProgress';
import { useMesh } from './use-mesh';

export function MinePanel({ session }: { session: Session | null }) {
  const mining = useMesh((s) => s.mining);
  const rules = useMesh((s) => s.self.rules);
  const tipDifficulty = useMesh((s) => s.chain.tip?.difficulty);
  const { t } = useTranslation('mine');
  const mine = session?.mining;
  const expected = 2 ** mining.difficulty;
  const workers = mining.workers ?? 1;
  const maxWorkers = mining.maxWorkers ?? 1;
  return (
    <section className="panel mine-panel" aria-labelledby="mine-title">
      <h2 id="mine-title">{t('title')}</h2>
      <p className="hint">{t('hint')}</p>
      {rules && rules.spacing > 0 ? (
        <p className="difficulty" data-testid="room-difficulty">
          <Trans
            t={t}
            i18nKey="roomDifficulty"
            values={{ bits: tipDifficulty ?? rules.difficulty, spacing: rules.spacing, window: rules.window }}
            components={{ b: <b /> }}
          />
        </p>
      ) : (
        <label className="difficulty">
          <Trans t={t} i18nKey="freeDifficulty" values={{ bits: mining.difficulty, hashes: expected }} components={{ b: <b data-testid="difficulty-value" /> }} />
          <input
            type="range"
            min={1}
            max={MAX_DIFFICULTY_BITS - 4}
            value={mining.difficulty}
            disabled={!mine}
            aria-label={t('difficultyLabel')}
            data-testid="difficulty"
            onChange={(event) => mine?.setDifficulty(Number(event.target.value))}
          />
        </label>
      )}
      <label>
        {t('workers')}{' '}
        <select
          value={workers}
          disabled={!mine}
          data-testid="mine-workers"
          onChange={(event) => mine?.setWorkers(Number(event.target.value))}
        >
          {Array.from({ length: maxWorkers }, (_, i) => (
            <option key={i + 1} value={i + 1}>
              {i + 1}
            </option>
          ))}
        </select>{' '}
        {t('cores', { count: maxWorkers })} · {t('engineLabel')}{' '}
        <span data-testid="mining-engine" data-engine={mining.engine ?? 'not loaded'}>
          {mining.engine ? t(`engine.${mining.engine}`) : t('engine.notLoaded')}
        </span>
      </label>
      <div className="buttons">
        <button data-testid="mine-one" disabled={!mine || mining.running || mining.paused} title={mining.paused ? t('desk:banner.paused') : undefined} onClick={() => mine?.start('one-block')}>
          {t('mineOne')}
        </button>
        {mining.running ? (
          <button data-testid="mine-stop" onClick={() => mine?.stop()}>
            {t('mineStop')}
          </button>
        ) : (
          <button data-testid="mine-start" disabled={!mine || mining.paused} title={mining.paused ? t('desk:banner.paused') : undefined} onClick={() => mine?.start('continuous')}>
            {t('mineContinuously')}
          </button>
        )}
      </div>
      <p data-testid="mining-status" data-running={mining.running}>
        {mining.running
          ? t('running', { goal: t(`goal.${mining.goal}`), rate: Math.round(mining.hashesPerSecond), count: workers })
          : t('idle')}
        {' · '}
        <Trans t={t} i18nKey="found" values={{ count: mining.found }} components={{ b: <b data-testid="found-count" /> }} />
      </p>
      <MiningProgress mining={mining} />
    </section>
  );
}
