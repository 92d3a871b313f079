/**
 * Numbers and clock times in the page's language, through Intl. Formatters are cached per
 * language: building one per call cost seconds when the event log re-rendered during a long sync.
 */
const numberFormats = new Map<string, Intl.NumberFormat>();
const clockFormats = new Map<string, Intl.DateTimeFormat>();

export function formatNumber(value: number, language: string): string {
  let format = numberFormats.get(language);
  if (!format) numberFormats.set(language, (format = new Intl.NumberFormat(language)));
  return format.format(value);
}

function clock(language: string): Intl.DateTimeFormat {
  let format = clockFormats.get(language);
  if (!format) {
    format = new Intl.DateTimeFormat(language, { hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23' });
    clockFormats.set(language, format);
  }
  return format;
}

export const clockTime = (ms: number, language: string): string => clock(language).format(ms);
export const clockTimeMs = (ms: number, language: string): string =>
  `${clock(language).format(ms)}.${String(Math.floor(ms) % 1000).padStart(3, '0')}`;
