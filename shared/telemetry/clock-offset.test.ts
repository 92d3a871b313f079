import { describe, expect, it } from 'vitest';
import { ClockOffset, offsetOf } from './clock-offset';

describe('offsetOf', () => {
  it('assumes the server answered halfway through the round trip', () => {
    // Local 1000 → 1100; the server said 5050: it is 4000 ms ahead of us.
    expect(offsetOf({ sentAt: 1_000, receivedAt: 1_100, serverTime: 5_050 })).toBe(4_000);
    expect(offsetOf({ sentAt: 10_000, receivedAt: 10_010, serverTime: 7_005 })).toBe(-3_000);
  });
});

describe('ClockOffset', () => {
  it('is 0 (trust the local clock) until it has a sample', () => {
    const clock = new ClockOffset();
    expect(clock.offset).toBe(0);
    expect(clock.uncertainty).toBeNull();
    expect(clock.toServerTime(123)).toBe(123);
  });

  it('trusts the sample with the shortest round trip', () => {
    const clock = new ClockOffset();
    clock.add({ sentAt: 0, receivedAt: 400, serverTime: 1_000 }); // slow: offset 800 ± 200
    clock.add({ sentAt: 1_000, receivedAt: 1_010, serverTime: 2_005 }); // fast: offset 1000 ± 5
    clock.add({ sentAt: 2_000, receivedAt: 2_300, serverTime: 3_050 }); // slow again
    expect(clock.offset).toBe(1_000);
    expect(clock.uncertainty).toBe(5);
    expect(clock.toServerTime(50_000)).toBe(51_000);
  });

  it('forgets samples beyond the newest `keep`, so a drifting clock is followed', () => {
    const clock = new ClockOffset(2);
    clock.add({ sentAt: 0, receivedAt: 2, serverTime: 101 }); // best, but will retire
    clock.add({ sentAt: 10, receivedAt: 20, serverTime: 215 });
    clock.add({ sentAt: 30, receivedAt: 40, serverTime: 335 });
    expect(clock.offset).toBe(300); // the newer of the two equal round trips
  });

  it('ignores impossible samples', () => {
    const clock = new ClockOffset();
    clock.add({ sentAt: 100, receivedAt: 50, serverTime: 1 });
    clock.add({ sentAt: Number.NaN, receivedAt: 50, serverTime: 1 });
    clock.add({ sentAt: 0, receivedAt: 10, serverTime: Number.POSITIVE_INFINITY });
    expect(clock.offset).toBe(0);
  });
});
