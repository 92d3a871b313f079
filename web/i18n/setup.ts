/**
 * Starts i18next for the page, synchronously, with the bundled catalogues: the first render is
 * already in the chosen language. `<html lang>` and the document title follow every change, and
 * the switch's choice is remembered in localStorage.
 */
import i18next from 'i18next';
import { initReactI18next } from 'react-i18next';
import { chooseLanguage, type LanguageChoice } from './choose-language';
import { NAMESPACES, resources, type Language } from './resources';

export const LANGUAGE_STORAGE_KEY = 'meshchain.language';

function readStored(): string | null {
  try {
    return window.localStorage.getItem(LANGUAGE_STORAGE_KEY);
  } catch {
    return null; // storage blocked (private mode, sandboxed frame): the browser's choice stands
  }
}

/** Reads the URL, the remembered choice and the browser's languages, and starts i18next. */
export function setupI18n(win: Window = window): LanguageChoice {
  const choice = chooseLanguage({
    query: new URLSearchParams(win.location.search).get('lang'),
    stored: readStored(),
    browser: win.navigator.languages ?? [win.navigator.language],
  });
  i18next.on('languageChanged', (lng) => {
    win.document.documentElement.lang = lng;
    win.document.title = i18next.t('common:documentTitle');
  });
  void i18next.use(initReactI18next).init({
    resources,
    lng: choice.language,
    fallbackLng: 'en',
    supportedLngs: ['zh-Hant', 'en'],
    ns: [...NAMESPACES],
    defaultNS: 'common',
    initAsync: false,
    // React escapes every text it draws; escaping here too would show &lt; in peer-given names.
    interpolation: { escapeValue: false },
  });
  return choice;
}

/** The switch: changes the language now and remembers it for the next visit. */
export function switchLanguage(language: Language, win: Window = window): void {
  try {
    win.localStorage.setItem(LANGUAGE_STORAGE_KEY, language);
  } catch {
    // not remembered, but the page still switches
  }
  // A ?lang= in the address would override the remembered choice on reload; keep them in step.
  const url = new URL(win.location.href);
  if (url.searchParams.has('lang')) {
    url.searchParams.set('lang', language);
    win.history.replaceState(win.history.state, '', url);
  }
  void i18next.changeLanguage(language);
}
