import { describe, expect, it } from 'vitest';
import { RoomThrottle } from './room-throttle';

/** A hand-driven clock and timer queue: the test says when time passes. */
function fakeTimers() {
  let now = 0;
  const timers: { at: number; fn: () => void; live: boolean }[] = [];
  return {
    timers: {
      now: () => now,
      setTimer: (fn: () => void, ms: number) => {
        const timer = { at: now + ms, fn, live: true };
        timers.push(timer);
        return () => void (timer.live = false);
      },
    },
    advance(ms: number) {
      now += ms;
      for (const t of timers.filter((t) => t.live && t.at <= now)) {
        t.live = false;
        t.fn();
      }
    },
    pending: () => timers.filter((t) => t.live).length,
  };
}

describe('RoomThrottle', () => {
  it('flushes a quiet room at once and folds a burst into one flush at the end of the interval', () => {
    const clock = fakeTimers();
    const flushed: string[] = [];
    const throttle = new RoomThrottle(1_000, clock.timers, (room) => flushed.push(room));
    throttle.request('a');
    expect(flushed).toEqual(['a']);
    clock.advance(100);
    throttle.request('a');
    throttle.request('a');
    throttle.request('b'); // rooms are throttled apart
    expect(flushed).toEqual(['a', 'b']);
    clock.advance(899);
    expect(flushed).toEqual(['a', 'b']);
    clock.advance(1);
    expect(flushed).toEqual(['a', 'b', 'a']);
    clock.advance(5_000);
    throttle.request('a'); // quiet for long enough: at once again
    expect(flushed).toEqual(['a', 'b', 'a', 'a']);
  });

  it('forget cancels what was pending; stop cancels everything and ignores later requests', () => {
    const clock = fakeTimers();
    const flushed: string[] = [];
    const throttle = new RoomThrottle(1_000, clock.timers, (room) => flushed.push(room));
    throttle.request('a');
    throttle.request('a');
    throttle.forget('a');
    throttle.request('a'); // forgotten: like a room never seen
    expect(flushed).toEqual(['a', 'a']);
    throttle.request('a');
    throttle.stop();
    throttle.request('b');
    clock.advance(10_000);
    expect(flushed).toEqual(['a', 'a']);
    expect(clock.pending()).toBe(0);
  });
});
