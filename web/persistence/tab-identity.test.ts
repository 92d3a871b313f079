import { randomBytes as nodeRandomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { loadOrCreateTabIdentity, randomTabIdentity, TAB_IDENTITY_KEY, type StorageLike } from './tab-identity';

/** sessionStorage of one tab: a fresh one per tab, the same one across reloads of that tab. */
function tabStorage(): StorageLike & { values: Map<string, string> } {
  const values = new Map<string, string>();
  return { values, getItem: (key) => values.get(key) ?? null, setItem: (key, value) => void values.set(key, value) };
}
const random = (n: number) => new Uint8Array(nodeRandomBytes(n));

describe('the tab identity', () => {
  it('survives a reload of the tab', () => {
    const session = tabStorage();
    const first = loadOrCreateTabIdentity(session, random);
    expect(first).toMatch(/^[a-z0-9]{10}$/);
    expect(first).toMatch(/^[A-Za-z0-9_-]{1,64}$/);
    expect(loadOrCreateTabIdentity(session, random)).toBe(first);
  });

  it('differs between tabs', () => {
    const ids = new Set(Array.from({ length: 50 }, () => loadOrCreateTabIdentity(tabStorage(), random)));
    expect(ids.size).toBe(50);
  });

  it('replaces a stored value that could not safely name a database', () => {
    const session = tabStorage();
    session.setItem(TAB_IDENTITY_KEY, '../other tab');
    const id = loadOrCreateTabIdentity(session, random);
    expect(id).toMatch(/^[a-z0-9]{10}$/);
    expect(session.getItem(TAB_IDENTITY_KEY)).toBe(id);
  });

  it('still gives the tab an id when storage is switched off', () => {
    const off: StorageLike = {
      getItem: () => {
        throw new DOMException('denied', 'SecurityError');
      },
      setItem: () => {
        throw new DOMException('denied', 'SecurityError');
      },
    };
    expect(loadOrCreateTabIdentity(off, random)).toMatch(/^[a-z0-9]{10}$/);
    expect(loadOrCreateTabIdentity(null, random)).toMatch(/^[a-z0-9]{10}$/);
  });

  it('draws letters without modulo bias: bytes from 252 up are redrawn', () => {
    // 36 × 7 = 252: byte 252 would map to "a" again and make a–d likelier; it must be skipped.
    const bytes = [252, 0, 255, 35, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11];
    const source = (n: number) => new Uint8Array(bytes.splice(0, n));
    expect(randomTabIdentity(source)).toBe('a9bcdefghi');
  });
});

describe('replacing a tab identity another tab holds', () => {
  it('stores a fresh identity, and the reloaded page learns the old one exactly once', async () => {
    const { replaceTabIdentity, takeReplacedIdentity } = await import('./tab-identity');
    const values = new Map<string, string>();
    const session = { getItem: (k: string) => values.get(k) ?? null, setItem: (k: string, v: string) => void values.set(k, v), removeItem: (k: string) => void values.delete(k) };
    const old = loadOrCreateTabIdentity(session, random);
    const fresh = replaceTabIdentity(session, old, random);
    expect(fresh).not.toBeNull();
    expect(fresh).not.toBe(old);
    expect(loadOrCreateTabIdentity(session, random)).toBe(fresh);
    expect(takeReplacedIdentity(session)).toBe(old);
    expect(takeReplacedIdentity(session)).toBeNull();
  });

  it('reports failure when storage will not keep it (a reload would meet the same refusal)', async () => {
    const { replaceTabIdentity } = await import('./tab-identity');
    const broken = { getItem: () => null, setItem: () => { throw new Error('QuotaExceededError'); } };
    expect(replaceTabIdentity(broken, 'abcdefghij', random)).toBeNull();
    expect(replaceTabIdentity(null, 'abcdefghij', random)).toBeNull();
  });
});
