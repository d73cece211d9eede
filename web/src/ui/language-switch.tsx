import { useI18n } from '../i18n/i18n.js';
import { LOCALES, type Locale } from '../i18n/format.js';

const NAMES: Record<Locale, string> = { 'zh-CN': '中文', en: 'English' };

/** Each language named in itself, so anyone can find their own. */
export function LanguageSwitch() {
  const { locale, setLocale, t } = useI18n();
  return (
    <div className="lang-switch" role="group" aria-label={t('lang.label')}>
      {LOCALES.map((l) => (
        <button
          key={l}
          type="button"
          lang={l}
          className="lang-btn"
          aria-pressed={l === locale}
          onClick={() => setLocale(l)}
          data-locale={l}
        >
          {NAMES[l]}
        </button>
      ))}
    </div>
  );
}
