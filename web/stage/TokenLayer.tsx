import { useEffect, useState } from 'react';
import type { Positions } from '../../shared/stage/layouts';
import { advanceTokens, type TokenInFlight } from '../../shared/stage/message-events';
import { KIND_COLOURS } from './colours';
import { stageNow, type StageStore } from './stage-store';

/**
 * Message tokens moving along their edges. A requestAnimationFrame loop reads the token model and
 * draws each token at its progress; when nothing is in flight it only checks, drawing nothing.
 * Tokens between tabs the graph does not show are skipped.
 */
export function TokenLayer({ stage, positions, scale, now }: { stage: StageStore; positions: Positions; scale: number; now?: () => number }) {
  const [inFlight, setInFlight] = useState<TokenInFlight[]>([]);
  useEffect(() => {
    let frame = 0;
    let shown = 0;
    const draw = () => {
      // The stage's clock by default: it stands still while the stage is paused, and so do the tokens.
      const at = now ? now() : stageNow(stage.getState(), Date.now());
      if (stage.getState().replay) stage.getState().advanceReplay(at);
      const { state, inFlight: flying } = advanceTokens(stage.getState().tokens, at);
      if (state !== stage.getState().tokens) stage.getState().settle(at);
      if (flying.length > 0 || shown > 0) setInFlight(flying);
      shown = flying.length;
      frame = requestAnimationFrame(draw);
    };
    frame = requestAnimationFrame(draw);
    return () => cancelAnimationFrame(frame);
  }, [stage, now]);
  return (
    <g className="tokens">
      {inFlight.map((t) => {
        const a = positions[t.from];
        const b = positions[t.to];
        if (!a || !b) return null;
        const x = (a.x + (b.x - a.x) * t.progress) * scale;
        const y = (a.y + (b.y - a.y) * t.progress) * scale;
        return <circle key={t.id} data-testid="token" data-kind={t.kind} cx={x} cy={y} r={t.kind === 'block' ? 16 : 11} fill={KIND_COLOURS[t.kind]} />;
      })}
    </g>
  );
}
