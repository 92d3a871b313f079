import { describe, expect, it } from 'vitest';
import { EventLoop } from './event-loop';

describe('the simulation event loop', () => {
  it('runs events in time order, ties in the order they were scheduled, and moves the clock', () => {
    const loop = new EventLoop();
    const seen: string[] = [];
    loop.schedule(() => seen.push(`b@${loop.now()}`), 20);
    loop.schedule(() => seen.push(`a@${loop.now()}`), 10);
    loop.schedule(() => seen.push(`c@${loop.now()}`), 20);
    loop.schedule(() => loop.schedule(() => seen.push(`d@${loop.now()}`), 0), 15);
    expect(loop.run()).toBe(5);
    expect(seen).toEqual(['a@10', 'd@15', 'b@20', 'c@20']);
  });

  it('skips cancelled timers without moving the clock, and stops at `until`', () => {
    const loop = new EventLoop();
    const seen: number[] = [];
    const cancel = loop.setTimer(() => seen.push(1), 1000);
    loop.setTimer(() => seen.push(2), 50);
    cancel();
    cancel();
    expect(loop.pending).toBe(1);
    loop.run(10);
    expect(seen).toEqual([]);
    expect(loop.now()).toBe(10);
    loop.run();
    expect(seen).toEqual([2]);
    expect(loop.now()).toBe(50);
    expect(loop.pending).toBe(0);
  });
});
