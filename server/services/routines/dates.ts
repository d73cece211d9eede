import { badInput } from '../../errors.js';

/** Dealers work on China time: "today" and "this week" are read in Asia/Shanghai, whatever the server's zone. */
export const DEALER_TIME_ZONE = 'Asia/Shanghai';

const DATE_RE = /^(\d{4})-(\d{2})-(\d{2})$/;
const WEEK_RE = /^(\d{4})-W(\d{2})$/;
const DAY_MS = 86_400_000;

/** Today's calendar date in the dealer's time zone, as YYYY-MM-DD. */
export function todayInDealerZone(now: Date = new Date()): string {
  // en-CA formats as YYYY-MM-DD
  return new Intl.DateTimeFormat('en-CA', { timeZone: DEALER_TIME_ZONE, year: 'numeric', month: '2-digit', day: '2-digit' }).format(now);
}

function toUtc(date: string): number {
  const m = DATE_RE.exec(date)!;
  return Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]));
}

function fromUtc(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

/** Validates a YYYY-MM-DD calendar date (no 2026-02-30), naming the argument when it is not one. */
export function parseDate(field: string, value: string): string {
  const m = DATE_RE.exec(value.trim());
  if (!m) throw badInput(field, `${field} must be a date written YYYY-MM-DD`);
  const iso = `${m[1]}-${m[2]}-${m[3]}`;
  if (fromUtc(toUtc(iso)) !== iso) throw badInput(field, `${field} is not a calendar date: ${value}`);
  if (Number(m[1]) < 1990 || Number(m[1]) > 2999) throw badInput(field, `${field} is out of range: ${value}`);
  return iso;
}

export function addDays(date: string, days: number): string {
  return fromUtc(toUtc(date) + days * DAY_MS);
}

/** Calendar months, clamped to the month's end like Neo4j's `date - duration({months: n})`. */
export function addMonths(date: string, months: number): string {
  const m = DATE_RE.exec(date)!;
  const total = Number(m[1]) * 12 + (Number(m[2]) - 1) + months;
  const y = Math.floor(total / 12);
  const mo = total - y * 12;
  const lastDay = new Date(Date.UTC(y, mo + 1, 0)).getUTCDate();
  const d = Math.min(Number(m[3]), lastDay);
  return fromUtc(Date.UTC(y, mo, d));
}

export function daysBetween(from: string, to: string): number {
  return Math.round((toUtc(to) - toUtc(from)) / DAY_MS);
}

/** ISO weekday, Monday = 1 … Sunday = 7. */
export function isoWeekday(date: string): number {
  const d = new Date(toUtc(date)).getUTCDay();
  return d === 0 ? 7 : d;
}

export interface IsoWeek {
  week: string;
  /** Monday */
  start: string;
  /** Sunday */
  end: string;
}

function mondayOfWeek1(year: number): string {
  const jan4 = `${year}-01-04`;
  return addDays(jan4, 1 - isoWeekday(jan4));
}

function weeksInYear(year: number): number {
  return daysBetween(mondayOfWeek1(year), mondayOfWeek1(year + 1)) / 7;
}

/** Parses an ISO week such as 2026-W48 into its Monday..Sunday range. */
export function parseIsoWeek(field: string, value: string): IsoWeek {
  const m = WEEK_RE.exec(value.trim());
  if (!m) throw badInput(field, `${field} must be an ISO week written like 2026-W48`);
  const year = Number(m[1]);
  const n = Number(m[2]);
  if (year < 1990 || year > 2999 || n < 1 || n > weeksInYear(year)) {
    throw badInput(field, `${field} is not a week of its year: ${value}`);
  }
  const start = addDays(mondayOfWeek1(year), (n - 1) * 7);
  return { week: `${m[1]}-W${m[2]}`, start, end: addDays(start, 6) };
}

/** The ISO week a date falls in. */
export function isoWeekOf(date: string): IsoWeek {
  const thursday = addDays(date, 4 - isoWeekday(date));
  const year = Number(thursday.slice(0, 4));
  const n = Math.floor(daysBetween(mondayOfWeek1(year), thursday) / 7) + 1;
  const week = `${year}-W${String(n).padStart(2, '0')}`;
  return parseIsoWeek('week', week);
}

/** `YYYY-MM` of the month before. */
export function previousMonth(month: string): string {
  return addMonths(`${month}-01`, -1).slice(0, 7);
}
