import { LOCALES, type Locale } from './types';
import { useI18n } from './useI18n';

// Each language is named in itself, so it can be found whatever the current language is.
const LOCALE_NAMES: Record<Locale, string> = { en: 'English', 'zh-CN': '中文' };

/** "English | 中文" toggle; the choice is remembered. */
export function LanguageSwitch() {
  const { locale, setLocale, t } = useI18n();
  return (
    <div className="language-switch" role="group" aria-label={t('language.label')}>
      {LOCALES.map((option) => (
        <button
          key={option}
          type="button"
          lang={option}
          className="language-option"
          aria-pressed={option === locale}
          data-testid={`locale-${option}`}
          onClick={() => setLocale(option)}
        >
          {LOCALE_NAMES[option]}
        </button>
      ))}
    </div>
  );
}
