import { describe, expect, it } from 'vitest';
import { NAMESPACES, SUPPORTED_LANGUAGES, resources, type Catalogue } from './resources';

const PLURAL_SUFFIX = /_(zero|one|two|few|many|other)$/;

function flatten(catalogue: Catalogue, prefix = ''): Map<string, string> {
  const out = new Map<string, string>();
  for (const [key, value] of Object.entries(catalogue)) {
    const path = prefix ? `${prefix}.${key}` : key;
    if (typeof value === 'string') out.set(path, value);
    else for (const [k, v] of flatten(value, path)) out.set(k, v);
  }
  return out;
}

/** `{{name}}` and `{{value, number}}` placeholders, and <tag> markup for <Trans>. */
const placeholders = (text: string): string[] =>
  [...text.matchAll(/\{\{\s*([^,}\s]+)[^}]*\}\}|<\/?([a-z0-9]+)\s*\/?>/gi)].map((m) => m[1] ?? `<${m[2]}>`).sort();

/** Base keys (plural suffixes removed) with the plural categories each language gave them. */
function bases(keys: Iterable<string>): Map<string, Set<string>> {
  const out = new Map<string, Set<string>>();
  for (const key of keys) {
    const match = PLURAL_SUFFIX.exec(key);
    const base = match ? key.slice(0, match.index) : key;
    const set = out.get(base) ?? new Set<string>();
    if (match) set.add(match[1]!);
    out.set(base, set);
  }
  return out;
}

describe('the catalogues', () => {
  it('have the same namespaces in both languages, including the common one', () => {
    expect(NAMESPACES).toContain('common');
    for (const language of SUPPORTED_LANGUAGES) expect(Object.keys(resources[language]).sort()).toEqual([...NAMESPACES]);
  });

  for (const namespace of NAMESPACES) {
    describe(namespace, () => {
      const en = flatten(resources.en[namespace]!);
      const zh = flatten(resources['zh-Hant'][namespace]!);

      it('has the same keys in English and Traditional Chinese (plural forms per language)', () => {
        expect([...bases(zh.keys()).keys()].sort()).toEqual([...bases(en.keys()).keys()].sort());
      });

      it('gives every plural the forms its language needs', () => {
        for (const [language, flat] of [['en', en], ['zh-Hant', zh]] as const) {
          const needed = new Intl.PluralRules(language).resolvedOptions().pluralCategories;
          for (const [base, forms] of bases(flat.keys())) {
            if (forms.size === 0) continue;
            for (const form of needed) expect(forms.has(form), `${language} ${namespace}:${base}_${form}`).toBe(true);
          }
        }
      });

      it('has no empty text', () => {
        for (const [key, value] of [...en, ...zh]) expect(value.trim(), key).not.toBe('');
      });

      it('uses the same placeholders and markup in both languages', () => {
        const zhBases = new Map([...zh].map(([k, v]) => [k.replace(PLURAL_SUFFIX, ''), v]));
        for (const [key, value] of en) {
          const other = zhBases.get(key.replace(PLURAL_SUFFIX, ''));
          if (other === undefined) continue; // reported by the key test
          // A singular English form may leave the count out ("one block"); compare the plural form.
          if (key.endsWith('_one')) continue;
          expect(placeholders(other), `${namespace}:${key}`).toEqual(placeholders(value));
        }
      });

      it('writes Traditional Chinese, not the English text copied over', () => {
        const copied = [...en].filter(([key, value]) => /[a-z]{3,}\s+[a-z]{3,}\s+[a-z]{3,}/i.test(value) && zh.get(key) === value);
        expect(copied.map(([key]) => key)).toEqual([]);
      });
    });
  }
});
