import { useTranslation } from 'react-i18next';
import { useStore } from 'zustand';
import { SLOW_MOTION_MS } from '../../shared/transport/conditioner';
import type { Racer } from '../app/race';
import { useMesh } from '../ui/use-mesh';
import { stageNow, type StageStore } from './stage-store';

/**
 * The stage's controls and what it must never hide: slow motion when the room has it (every hop
 * really waits SLOW_MOTION_MS in each tab's transport; the teacher's desk sets it room-wide), a
 * pause that freezes the tokens where they are, and a replay of the last block's wave from the
 * events recorded as it happened, labelled as a replay while it runs; in free-difficulty rooms, a
 * race (every tab mines one block at once, web/app/race.ts) to grow a fork in the tree.
 */
export function StageControls({ stage, racer }: { stage: StageStore; racer: Racer | null }) {
  const { t } = useTranslation('stage');
  const slowMotion = useMesh((s) => Boolean(s.desk.settings.conditions.slowMotion));
  const paused = useStore(stage, (s) => s.clock.pausedAt !== null);
  const wave = useStore(stage, (s) => s.recorder.current?.hash ?? null);
  const replaying = useStore(stage, (s) => s.replay?.hash ?? null);
  const mining = useMesh((s) => s.mining.running);
  const st = () => stage.getState();
  return (
    <div className="stage-controls">
      {slowMotion && (
        <strong className="stage-slow-motion" role="status" data-testid="stage-slow-motion">
          {t('controls.slowMotion', { ms: SLOW_MOTION_MS })}
        </strong>
      )}
      <button type="button" data-testid="stage-pause" aria-pressed={paused} onClick={() => (paused ? st().resume(Date.now()) : st().pause(Date.now()))}>
        {paused ? t('controls.resume') : t('controls.pause')}
      </button>
      <button type="button" data-testid="stage-replay" disabled={wave === null} title={wave === null ? t('controls.noWave') : undefined} onClick={() => st().replayWave(stageNow(st(), Date.now()))}>
        {t('controls.replay')}
      </button>
      {racer && (
        <button type="button" data-testid="stage-race" disabled={mining} title={t('controls.raceHint')} onClick={() => racer.start()}>
          {t('controls.race')}
        </button>
      )}
      {paused && <span className="stage-paused" data-testid="stage-paused">{t('controls.paused')}</span>}
      {replaying && (
        <span className="stage-replaying" role="status" data-testid="stage-replaying" data-hash={replaying}>
          {t('controls.replaying', { hash: replaying.slice(0, 8) })}
        </span>
      )}
    </div>
  );
}
