// Locale-aware formatting through Intl only. Event dates (Neo4j Date, "YYYY-MM-DD") are calendar days and are
// formatted in UTC so they never shift by a day; moments (DateTime) are shown in the dealer's time zone.

export type Locale = 'zh-CN' | 'en';
export const LOCALES: readonly Locale[] = ['zh-CN', 'en'];
export const DEFAULT_LOCALE: Locale = 'zh-CN';
export const DEALER_TIME_ZONE = 'Asia/Shanghai';

const cache = new Map<string, Intl.NumberFormat | Intl.DateTimeFormat>();
function numberFormat(locale: Locale, opts: Intl.NumberFormatOptions): Intl.NumberFormat {
  const key = `n|${locale}|${JSON.stringify(opts)}`;
  let f = cache.get(key) as Intl.NumberFormat | undefined;
  if (!f) cache.set(key, (f = new Intl.NumberFormat(locale, opts)));
  return f;
}
function dateFormat(locale: Locale, opts: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  const key = `d|${locale}|${JSON.stringify(opts)}`;
  let f = cache.get(key) as Intl.DateTimeFormat | undefined;
  if (!f) cache.set(key, (f = new Intl.DateTimeFormat(locale, opts)));
  return f;
}

/** Yuan, with the ¥ sign in both languages (not "CN¥"), no fen for car-sized amounts. */
export function formatMoney(yuan: number | null | undefined, locale: Locale): string {
  if (yuan === null || yuan === undefined || !Number.isFinite(yuan)) return '—';
  const fractionDigits = Math.abs(yuan) >= 1000 || Number.isInteger(yuan) ? 0 : 2;
  return numberFormat(locale, {
    style: 'currency',
    currency: 'CNY',
    currencyDisplay: 'narrowSymbol',
    minimumFractionDigits: fractionDigits,
    maximumFractionDigits: fractionDigits,
  }).format(yuan);
}

export function formatNumber(n: number | null | undefined, locale: Locale, maxFractionDigits = 0): string {
  if (n === null || n === undefined || !Number.isFinite(n)) return '—';
  return numberFormat(locale, { maximumFractionDigits: maxFractionDigits }).format(n);
}

/** 0.423 -> "42%" */
export function formatPercent(share: number | null | undefined, locale: Locale, maxFractionDigits = 0): string {
  if (share === null || share === undefined || !Number.isFinite(share)) return '—';
  return numberFormat(locale, { style: 'percent', maximumFractionDigits: maxFractionDigits }).format(share);
}

const DAY = /^(\d{4})-(\d{2})-(\d{2})$/;

/** A calendar day ("2025-03-07") as 2025年3月7日 / Mar 7, 2025. */
export function formatDay(day: string | null | undefined, locale: Locale): string {
  if (!day) return '—';
  const m = DAY.exec(day.slice(0, 10));
  if (!m) return day;
  const date = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  return dateFormat(locale, { year: 'numeric', month: 'short', day: 'numeric', timeZone: 'UTC' }).format(date);
}

/** A moment (ISO date-time) in the dealer's time zone. */
export function formatMoment(iso: string | null | undefined, locale: Locale, timeZone = DEALER_TIME_ZONE): string {
  if (!iso) return '—';
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  return dateFormat(locale, { year: 'numeric', month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit', timeZone }).format(date);
}

/** "2025-03" as 2025年3月 / Mar 2025. */
export function formatMonth(month: string, locale: Locale): string {
  const m = /^(\d{4})-(\d{2})/.exec(month);
  if (!m) return month;
  return dateFormat(locale, { year: 'numeric', month: 'short', timeZone: 'UTC' }).format(new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, 1)));
}

/** Today's calendar day in the dealer's time zone, as YYYY-MM-DD. */
export function todayDay(now = new Date(), timeZone = DEALER_TIME_ZONE): string {
  // en-CA formats as YYYY-MM-DD
  return new Intl.DateTimeFormat('en-CA', { year: 'numeric', month: '2-digit', day: '2-digit', timeZone }).format(now);
}

/** ISO week label "2025-W10" of a calendar day (ISO 8601: weeks start Monday, week 1 holds the first Thursday). */
export function isoWeek(day: string): string {
  const m = DAY.exec(day);
  if (!m) throw new Error(`not a day: ${day}`);
  const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  const weekday = (d.getUTCDay() + 6) % 7; // Monday 0
  d.setUTCDate(d.getUTCDate() - weekday + 3); // the Thursday of this week
  const year = d.getUTCFullYear();
  const firstThursday = new Date(Date.UTC(year, 0, 4));
  const firstWeekday = (firstThursday.getUTCDay() + 6) % 7;
  firstThursday.setUTCDate(firstThursday.getUTCDate() - firstWeekday + 3);
  const week = 1 + Math.round((d.getTime() - firstThursday.getTime()) / (7 * 86_400_000));
  return `${year}-W${String(week).padStart(2, '0')}`;
}

/** Fills {name} placeholders; unknown ones stay visible so a missing value is noticed. */
export function interpolate(template: string, vars: Record<string, string | number> = {}): string {
  return template.replace(/\{(\w+)\}/g, (whole, key: string) => (key in vars ? String(vars[key]) : whole));
}
