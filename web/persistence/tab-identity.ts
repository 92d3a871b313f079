/**
 * Each tab is its own node, but the tabs of one browser share IndexedDB and localStorage. So the
 * tab's identity lives in sessionStorage, which the HTML spec scopes to one tab (one "top-level
 * browsing context"): it survives a reload of that tab and is empty in a new one. Stored data is
 * then namespaced by it (`meshchain-<identity>`, see block-store.ts).
 *
 * Known limitation — a duplicated tab: "Duplicate tab", like window.open() with an opener, copies
 * sessionStorage, so two live tabs share one identity and one database. (Restoring a closed tab
 * also brings its sessionStorage back; that is a wanted reload, not a duplicate.) We accept the
 * duplicate rather than coordinate tabs: records are keyed by block hash, so both tabs' writes
 * are idempotent puts of valid blocks; each tab re-validates everything on load; the network id
 * comes from the signalling server, not from here, so peers still see two nodes. What they do
 * share is the wallet (both mine to one address) and the reset button (clearing the chain clears
 * it for both on their next reload). Detecting it needs a live check between tabs — a
 * BroadcastChannel "who has id X?" or a Web Lock named after the id — and a reload racing its own
 * previous document for that lock would look like a duplicate and throw away the stored chain.
 */
import { MINER_ID_PATTERN } from '../../shared/chain/block';

/** The part of `Storage` we need, so a test can hand in a Map. */
export interface StorageLike {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
}

export const TAB_IDENTITY_KEY = 'meshchain.tab-identity';
export const TAB_IDENTITY_LENGTH = 10;
const ALPHABET = 'abcdefghijklmnopqrstuvwxyz0123456789';
// 36^10 ≈ 3.7e15 ids: two tabs of one browser colliding is not a case worth code.
/** The largest multiple of 36 that fits a byte; bytes at or above it are redrawn, so no letter is likelier. */
const UNBIASED_LIMIT = 256 - (256 % ALPHABET.length);

/**
 * The tab's identity: the one already in sessionStorage, or a new one stored there. If storage
 * cannot be read or written (disabled cookies and site data, a sandboxed frame) the tab still gets
 * an id for this page load; it just will not find its stored chain after a reload.
 *
 * A stored value is used only if it is a valid identity (the same alphabet a miner name may use,
 * since it may be shown as one); anything else is replaced, never passed on into a database name.
 */
export function loadOrCreateTabIdentity(
  storage: StorageLike | null | undefined,
  randomBytes: (n: number) => Uint8Array,
): string {
  let stored: string | null = null;
  try {
    stored = storage?.getItem(TAB_IDENTITY_KEY) ?? null;
  } catch {
    // SecurityError: storage is off for this origin. Go on with an id for this load only.
  }
  if (stored !== null && MINER_ID_PATTERN.test(stored)) return stored;
  const id = randomTabIdentity(randomBytes);
  try {
    storage?.setItem(TAB_IDENTITY_KEY, id);
  } catch {
    // QuotaExceededError or SecurityError: same as above.
  }
  return id;
}

export function randomTabIdentity(randomBytes: (n: number) => Uint8Array): string {
  let id = '';
  for (let round = 0; id.length < TAB_IDENTITY_LENGTH; round++) {
    if (round === 100) throw new Error('the random source keeps returning no usable bytes');
    for (const byte of randomBytes(TAB_IDENTITY_LENGTH)) {
      if (byte < UNBIASED_LIMIT && id.length < TAB_IDENTITY_LENGTH) id += ALPHABET[byte % ALPHABET.length];
    }
  }
  return id;
}

/** Set when the identity was replaced because another live tab of the room held it (see replaceTabIdentity). */
export const REPLACED_IDENTITY_KEY = 'meshchain.replaced-identity';

/**
 * A duplicated tab (see the note at the top) is refused by the server while the original holds the
 * name: it takes a fresh identity (and so its own database) and remembers the old one, so the
 * page it reloads into can say what happened. Returns the new identity, or null if storage refused
 * it (reloading would then only meet the same refusal).
 */
export function replaceTabIdentity(storage: StorageLike | null | undefined, old: string, randomBytes: (n: number) => Uint8Array): string | null {
  const fresh = randomTabIdentity(randomBytes);
  try {
    if (!storage) return null;
    storage.setItem(TAB_IDENTITY_KEY, fresh);
    storage.setItem(REPLACED_IDENTITY_KEY, old);
    return storage.getItem(TAB_IDENTITY_KEY) === fresh ? fresh : null;
  } catch {
    return null;
  }
}

/** The identity this tab gave up on its last load, once (the marker is cleared), or null. */
export function takeReplacedIdentity(storage: (StorageLike & { removeItem(key: string): void }) | null | undefined): string | null {
  try {
    const old = storage?.getItem(REPLACED_IDENTITY_KEY) ?? null;
    if (old !== null) storage?.removeItem(REPLACED_IDENTITY_KEY);
    return old !== null && MINER_ID_PATTERN.test(old) ? old : null;
  } catch {
    return null;
  }
}
