import { describe, expect, it } from 'vitest';
import { advanceTokens } from '../../shared/stage/message-events';
import { createStageStore, stageNow } from './stage-store';

const A = 'a'.repeat(64);

describe('stage store: pause and replay', () => {
  it('a pause stops the stage clock (tokens stand still) and a resume goes on from there', () => {
    const stage = createStageStore();
    const s = () => stage.getState();
    s().launch([{ from: 'amy', to: 'bo', kind: 'inv' }], stageNow(s(), 1_000));
    s().pause(1_100);
    const frozen = advanceTokens(s().tokens, stageNow(s(), 5_000)).inFlight;
    expect(frozen.map((t) => t.progress)).toEqual(advanceTokens(s().tokens, stageNow(s(), 1_100)).inFlight.map((t) => t.progress));
    expect(frozen).toHaveLength(1);
    s().resume(5_000);
    expect(stageNow(s(), 5_000)).toBe(1_100);
    expect(stageNow(s(), 5_050)).toBe(1_150);
  });

  it("replays the last block's wave: its tokens again, its tabs lit in order, then ends", () => {
    const stage = createStageStore();
    const s = () => stage.getState();
    s().launch([{ from: 'amy', to: 'bo', kind: 'inv' }], 10_000);
    s().blockMined('amy', A, 10_050);
    s().blockReached('bo', A, 10_400);
    s().launch([{ from: 'bo', to: 'cy', kind: 'block' }], 10_500);
    s().blockReached('cy', A, 11_000);
    const tokensBefore = s().tokens.next;

    s().replayWave(50_000);
    expect(s().replay?.hash).toBe(A);
    expect(s().tokens.next - tokensBefore).toBe(2); // the inv and the block, again
    s().advanceReplay(50_100); // the miner pulses first
    expect(s().pulse).toEqual({ tab: 'amy', hash: A, at: 50_050 });
    expect(s().arrivals.bo?.at).toBe(10_400); // not lit again yet
    s().advanceReplay(50_500);
    expect(s().arrivals.bo).toEqual({ hash: A, at: 50_400 });
    s().advanceReplay(60_000);
    expect(s().arrivals.cy).toEqual({ hash: A, at: 51_000 });
    expect(s().replay).toBeNull();
    // A replay is not recorded as a new wave.
    expect(s().recorder.current?.steps).toHaveLength(5);
  });

  it('has nothing to replay before a block has crossed the room', () => {
    const stage = createStageStore();
    stage.getState().replayWave(1_000);
    expect(stage.getState().replay).toBeNull();
  });
});
