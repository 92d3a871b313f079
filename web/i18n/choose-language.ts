/**
 * Which language the page speaks. `?lang=` wins (a teacher can hand out a link), then the choice
 * the switch remembered, then the browser's own list (navigator.languages), first match wins.
 * Pure: the caller reads the URL, localStorage and navigator.
 */
import { SUPPORTED_LANGUAGES, type Language } from './resources';

export interface LanguageChoice {
  language: Language;
  /** Set when `?lang=` named a language the page does not have; the page says so. */
  problem: 'unsupported-language' | null;
  /** The `?lang=` value as given (null when absent), to show in that notice. */
  requested: string | null;
}

/**
 * Maps one BCP 47 tag to a supported language, or null. Any Chinese tag maps to zh-Hant: the
 * chapter and its classes are Traditional Chinese, and a reader of Simplified Chinese (zh-CN,
 * zh-Hans) reads Traditional far more easily than English, so Chinese is the kinder default.
 */
export function matchLanguage(tag: string): Language | null {
  const lower = tag.trim().toLowerCase();
  if (lower === '') return null;
  const exact = SUPPORTED_LANGUAGES.find((l) => l.toLowerCase() === lower);
  if (exact) return exact;
  const primary = lower.split(/[-_]/)[0];
  if (primary === 'zh') return 'zh-Hant';
  if (primary === 'en') return 'en';
  return null;
}

export function chooseLanguage(input: { query: string | null; stored: string | null; browser: readonly string[] }): LanguageChoice {
  const requested = input.query;
  if (requested !== null && requested.trim() !== '') {
    const fromQuery = matchLanguage(requested);
    if (fromQuery) return { language: fromQuery, problem: null, requested };
  }
  const problem = requested !== null && requested.trim() !== '' ? 'unsupported-language' : null;
  // An unsupported ?lang= falls back to the browser's choice, not to an older stored one, as the
  // issue asks; a remembered switch still beats the browser when the URL has no (valid) ?lang=.
  if (!problem && input.stored) {
    const fromStore = matchLanguage(input.stored);
    if (fromStore) return { language: fromStore, problem, requested };
  }
  for (const tag of input.browser) {
    const fromBrowser = matchLanguage(tag);
    if (fromBrowser) return { language: fromBrowser, problem, requested };
  }
  return { language: 'en', problem, requested };
}
