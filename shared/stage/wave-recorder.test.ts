import { describe, expect, it } from 'vitest';
import { emptyRecorder, LEAD_MS, recordBlock, recordTokens, WAVE_MAX_STEPS } from './wave-recorder';

const A = 'a'.repeat(64);
const B = 'b'.repeat(64);

describe('wave recorder', () => {
  it("keeps a block's wave from the inv just before it to the next block, with offsets from its start", () => {
    let r = emptyRecorder();
    r = recordTokens(r, [{ from: 'amy', to: 'bo', kind: 'tx' }], 0); // long before: not this wave's
    r = recordTokens(r, [{ from: 'amy', to: 'bo', kind: 'inv' }], 5_000);
    r = recordBlock(r, 'reached', 'bo', A, 5_300);
    r = recordTokens(r, [{ from: 'bo', to: 'cy', kind: 'block', delayMs: 200 }], 5_400);
    r = recordBlock(r, 'mined', 'amy', A, 6_000); // the miner's report comes late; still this wave
    expect(r.current).toEqual({
      hash: A,
      steps: [
        { offsetMs: 0, type: 'token', from: 'amy', to: 'bo', kind: 'inv' },
        { offsetMs: 300, type: 'reached', tab: 'bo', hash: A },
        { offsetMs: 600, type: 'token', from: 'bo', to: 'cy', kind: 'block' },
        { offsetMs: 1_000, type: 'mined', tab: 'amy', hash: A },
      ],
    });
    // The next block starts the next wave; a late report of the old one does not restart it.
    r = recordBlock(r, 'reached', 'cy', B, 9_000 + LEAD_MS + 1);
    r = recordBlock(r, 'reached', 'dee', A, 9_100 + LEAD_MS);
    expect(r.current).toEqual({ hash: B, steps: [{ offsetMs: 0, type: 'reached', tab: 'cy', hash: B }] });
  });

  it('stays bounded however busy the room', () => {
    let r = recordBlock(emptyRecorder(), 'mined', 'amy', A, 0);
    for (let i = 0; i < 1_000; i++) r = recordTokens(r, [{ from: 'amy', to: 'bo', kind: 'inv' }], i);
    expect(r.current!.steps).toHaveLength(WAVE_MAX_STEPS);
    expect(r.recent.length).toBeLessThanOrEqual(WAVE_MAX_STEPS);
  });
});
