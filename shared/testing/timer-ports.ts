/**
 * A keeper's timer ports (`setTimer` returning its cancel, and a fire-and-forget `schedule`) on the
 * global timers, so vitest's fake timers drive them in tests.
 */
export const setTimer = (fn: () => void, ms: number): (() => void) => {
  const t = setTimeout(fn, ms);
  return () => clearTimeout(t);
};

export const schedule = (fn: () => void, ms: number): void => void setTimeout(fn, ms);
