/**
 * The page's catalogues, bundled: every `locales/<language>/<namespace>.json` file is compiled
 * into the page (no backend, no network), so a new namespace needs only its two JSON files.
 * The completeness test (catalogues.test.ts) fails when a language lacks a namespace or a key.
 */
export const SUPPORTED_LANGUAGES = ['zh-Hant', 'en'] as const;
export type Language = (typeof SUPPORTED_LANGUAGES)[number];

export type Catalogue = { [key: string]: string | Catalogue };

const files = import.meta.glob<Catalogue>('./locales/*/*.json', { eager: true, import: 'default' });

function collect(): Record<Language, Record<string, Catalogue>> {
  const out: Record<string, Record<string, Catalogue>> = {};
  for (const [path, catalogue] of Object.entries(files)) {
    const match = /\.\/locales\/([^/]+)\/([^/]+)\.json$/.exec(path);
    if (!match) continue;
    const [, language, namespace] = match as unknown as [string, string, string];
    (out[language] ??= {})[namespace] = catalogue;
  }
  return out as Record<Language, Record<string, Catalogue>>;
}

export const resources = collect();

/** The namespaces of the English catalogue; the test checks zh-Hant has exactly the same. */
export const NAMESPACES: readonly string[] = Object.keys(resources.en ?? {}).sort();
