/**
 * The nickname a tab's student chose, kept for that tab like its identity (sessionStorage: it
 * survives a reload, and a new tab asks again). A stored value is used only if it still passes the
 * nickname rule, so nothing odd left in storage reaches the server or the screen.
 */
import { checkNickname } from '../../shared/protocol/names';
import type { StorageLike } from './tab-identity';

export const NICKNAME_KEY = 'meshchain.nickname';

/** The stored nickname (NFC), or null when there is none, it fails the rule, or storage is off. */
export function loadNickname(storage: StorageLike | null | undefined): string | null {
  let stored: string | null = null;
  try {
    stored = storage?.getItem(NICKNAME_KEY) ?? null;
  } catch {
    return null; // SecurityError: storage is off for this origin
  }
  if (stored === null) return null;
  const check = checkNickname(stored);
  return check.ok ? check.value : null;
}

/** Keeps `nickname` for the next load of this tab; false if storage refused it (the name still holds for now). */
export function saveNickname(storage: StorageLike | null | undefined, nickname: string): boolean {
  try {
    storage?.setItem(NICKNAME_KEY, nickname);
    return storage != null;
  } catch {
    return false; // QuotaExceededError or SecurityError
  }
}
