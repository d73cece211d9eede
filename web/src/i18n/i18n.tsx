import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { en } from './messages.en.js';
import { zh, type Message, type MessageKey } from './messages.zh.js';
import {
  DEFAULT_LOCALE,
  LOCALES,
  formatDay,
  formatMoment,
  formatMoney,
  formatMonth,
  formatNumber,
  formatPercent,
  interpolate,
  type Locale,
} from './format.js';

export type { MessageKey } from './messages.zh.js';
export type Vars = Record<string, string | number>;

const CATALOGS: Record<Locale, Record<MessageKey, Message>> = { 'zh-CN': zh, en };

/** Translates a key; a `count` variable picks the plural form where the catalog has one. */
export function translate(locale: Locale, key: MessageKey, vars?: Vars): string {
  const msg = CATALOGS[locale][key] ?? zh[key] ?? key;
  let template: string;
  if (typeof msg === 'string') template = msg;
  else {
    const n = typeof vars?.count === 'number' ? vars.count : 0;
    const form = new Intl.PluralRules(locale).select(n);
    template = (form === 'one' ? msg.one : msg.other) ?? msg.other;
  }
  return interpolate(template, vars);
}

/** Keys are also looked up dynamically (enum values): this narrows a string to a key when the catalog has it. */
export function isMessageKey(key: string): key is MessageKey {
  return key in zh;
}

export interface I18n {
  locale: Locale;
  setLocale(locale: Locale): void;
  t(key: MessageKey, vars?: Vars): string;
  /** For enum values: t(`${prefix}.${value}`) when translated, else the raw value. */
  tEnum(prefix: string, value: string | null | undefined): string;
  money(yuan: number | null | undefined): string;
  num(n: number | null | undefined, digits?: number): string;
  pct(share: number | null | undefined, digits?: number): string;
  day(day: string | null | undefined): string;
  moment(iso: string | null | undefined): string;
  month(month: string): string;
  /** Items joined the way the language lists them (、 in Chinese, commas in English). */
  list(items: readonly string[]): string;
}

export function makeI18n(locale: Locale, setLocale: (l: Locale) => void = () => {}): I18n {
  return {
    locale,
    setLocale,
    t: (key, vars) => translate(locale, key, vars),
    tEnum: (prefix, value) => {
      if (!value) return '—';
      const key = `${prefix}.${value}`;
      return isMessageKey(key) ? translate(locale, key) : value;
    },
    money: (y) => formatMoney(y, locale),
    num: (n, d) => formatNumber(n, locale, d),
    pct: (s, d) => formatPercent(s, locale, d),
    day: (d) => formatDay(d, locale),
    moment: (m) => formatMoment(m, locale),
    month: (m) => formatMonth(m, locale),
    list: (items) => items.join(translate(locale, 'common.sep')),
  };
}

const KEY = 'quanzi.locale';

function initialLocale(): Locale {
  try {
    const saved = window.localStorage.getItem(KEY);
    if (saved && (LOCALES as readonly string[]).includes(saved)) return saved as Locale;
  } catch {
    // storage unavailable
  }
  return DEFAULT_LOCALE;
}

const I18nContext = createContext<I18n>(makeI18n(DEFAULT_LOCALE));

export function I18nProvider({ children }: { children: ReactNode }) {
  const [locale, setLocaleState] = useState<Locale>(initialLocale);
  const setLocale = useCallback((l: Locale) => {
    setLocaleState(l);
    try {
      window.localStorage.setItem(KEY, l);
    } catch {
      // storage unavailable
    }
  }, []);
  useEffect(() => {
    document.documentElement.lang = locale;
    document.title = translate(locale, 'app.title');
  }, [locale]);
  const value = useMemo(() => makeI18n(locale, setLocale), [locale, setLocale]);
  return <I18nContext.Provider value={value}>{children}</I18nContext.Provider>;
}

export function useI18n(): I18n {
  return useContext(I18nContext);
}
