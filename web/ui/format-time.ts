/**
 * One shared formatter: `toLocaleTimeString` builds a new Intl formatter on every call, which cost
 * seconds when the event log re-rendered during a 10,000-block sync.
 */
const clock = new Intl.DateTimeFormat(undefined, { hour: '2-digit', minute: '2-digit', second: '2-digit', hour12: false });

export const clockTime = (ms: number): string => clock.format(ms);
export const clockTimeMs = (ms: number): string => `${clock.format(ms)}.${String(ms % 1000).padStart(3, '0')}`;
