import { useTranslation } from 'react-i18next';
import { switchLanguage } from '../i18n/setup';
import { SUPPORTED_LANGUAGES, type Language } from '../i18n/resources';

/** The masthead's language switch; each language is named in itself, and the choice is remembered. */
export function LanguageSwitch() {
  const { t, i18n } = useTranslation('common');
  return (
    <div className="language-switch" role="group" aria-label={t('language.label')}>
      {SUPPORTED_LANGUAGES.map((language: Language) => (
        <button
          key={language}
          type="button"
          lang={language}
          aria-pressed={i18n.resolvedLanguage === language}
          onClick={() => switchLanguage(language)}
        >
          {t(`language.${language}`)}
        </button>
      ))}
    </div>
  );
}
