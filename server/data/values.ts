import { normalizeChinaMobile } from '../services/phone.js';

/** Cell parsers for the interchange format: each returns the value or an Error-like { error } naming the problem. */
export interface Bad {
  error: string;
}
export const bad = (error: string): Bad => ({ error });
export const isBad = (v: unknown): v is Bad => typeof v === 'object' && v !== null && 'error' in v;

const DATE_RE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** YYYY-MM-DD, a real calendar day. */
export function parseDate(raw: string, column: string): string | Bad {
  const s = raw.trim();
  const m = DATE_RE.exec(s);
  if (!m) return bad(`${column} "${raw}" is not a date (YYYY-MM-DD)`);
  const y = Number(m[1]);
  const mo = Number(m[2]);
  const d = Number(m[3]);
  const dt = new Date(Date.UTC(y, mo - 1, d));
  if (dt.getUTCFullYear() !== y || dt.getUTCMonth() !== mo - 1 || dt.getUTCDate() !== d || y < 1900) {
    return bad(`${column} "${raw}" is not a real date`);
  }
  return s;
}

export function parseOptionalDate(raw: string, column: string): string | null | Bad {
  return raw.trim() === '' ? null : parseDate(raw, column);
}

const TRUE = new Set(['true', '1', 'yes', 'y', '是']);
const FALSE = new Set(['false', '0', 'no', 'n', '否', '']);

/** true/false (also 1/0, yes/no, 是/否); empty means false. */
export function parseBool(raw: string, column: string): boolean | Bad {
  const s = raw.trim().toLowerCase();
  if (TRUE.has(s)) return true;
  if (FALSE.has(s)) return false;
  return bad(`${column} "${raw}" is not true or false`);
}

export function parseNumber(raw: string, column: string, min: number, max: number): number | Bad {
  const s = raw.trim();
  if (!/^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/.test(s)) return bad(`${column} "${raw}" is not a number`);
  const n = Number(s);
  if (!Number.isFinite(n) || n < min || n > max) return bad(`${column} ${s} is outside ${min}..${max}`);
  return n;
}

export function parseInteger(raw: string, column: string, min: number, max: number): number | Bad {
  const s = raw.trim();
  if (!/^[+-]?\d+$/.test(s)) return bad(`${column} "${raw}" is not a whole number`);
  const n = Number(s);
  if (n < min || n > max) return bad(`${column} ${s} is outside ${min}..${max}`);
  return n;
}

/** A value of a lower-case vocabulary (matched case-insensitively); returns the stored upper-case name. */
export function parseEnum(raw: string, column: string, map: Record<string, string>): string | Bad {
  const v = map[raw.trim().toLowerCase()];
  if (v === undefined) return bad(`${column} "${raw}" is not one of ${Object.keys(map).join(', ')}`);
  return v;
}

/** Empty, or a China mobile number normalised to +861XXXXXXXXXX. */
export function parsePhone(raw: string): string | null | Bad {
  if (raw.trim() === '') return null;
  const p = normalizeChinaMobile(raw);
  return p ?? bad(`phone "${raw}" is not a China mobile number (11 digits starting 13-19, optional +86)`);
}

const VIN_RE = /^[A-HJ-NPR-Z0-9]{17}$/;

/** Empty, or 17 characters without I, O and Q (GB 16735 / ISO 3779). */
export function parseVin(raw: string): string | null | Bad {
  const s = raw.trim().toUpperCase();
  if (s === '') return null;
  return VIN_RE.test(s) ? s : bad(`vin "${raw}" is not 17 letters/digits without I, O, Q`);
}

const BCRYPT_RE = /^\$2[aby]\$\d{2}\$[./A-Za-z0-9]{53}$/;
export function parsePasswordHash(raw: string): string | null | Bad {
  const s = raw.trim();
  if (s === '') return null;
  return BCRYPT_RE.test(s) ? s : bad('password_hash is not a bcrypt hash');
}

/** Free text: kept as written; empty means none. */
export const text = (raw: string): string | null => (raw === '' ? null : raw);

/** Today in UTC as YYYY-MM-DD. */
export const isoDay = (d: Date) => d.toISOString().slice(0, 10);
