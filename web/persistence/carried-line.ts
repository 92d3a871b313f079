/**
 * One log line carried across a reload this page does to itself (a topology switch reloads every
 * tab): written just before the reload, read and removed by the next load of the same tab, so the
 * student still sees why the page just reloaded. sessionStorage: per tab, gone with the tab.
 */
import type { StorageLike } from './tab-identity';

export const CARRIED_LINE_KEY = 'meshchain.carried-line';

export type CarriedLine = { key: string; params: Record<string, string> };

export function carryLine(storage: StorageLike | null | undefined, line: CarriedLine): void {
  try {
    storage?.setItem(CARRIED_LINE_KEY, JSON.stringify(line));
  } catch {
    // Storage off or full: the line is lost with the reload, nothing else is.
  }
}

/** The line the previous load carried, once (it is removed), or null. Anything malformed is ignored. */
export function takeCarriedLine(storage: (StorageLike & { removeItem(key: string): void }) | null | undefined): CarriedLine | null {
  let raw: string | null = null;
  try {
    raw = storage?.getItem(CARRIED_LINE_KEY) ?? null;
    storage?.removeItem(CARRIED_LINE_KEY);
  } catch {
    return null;
  }
  if (raw === null) return null;
  try {
    const parsed = JSON.parse(raw) as Partial<CarriedLine>;
    if (typeof parsed.key !== 'string' || typeof parsed.params !== 'object' || parsed.params === null) return null;
    const params = Object.fromEntries(Object.entries(parsed.params).filter(([, value]) => typeof value === 'string')) as Record<string, string>;
    return { key: parsed.key, params };
  } catch {
    return null;
  }
}
