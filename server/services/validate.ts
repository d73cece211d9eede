import { badInput } from '../errors.js';

/** Trimmed text within bounds; empty optional text becomes null. */
export function optionalText(field: string, value: string | null | undefined, max = 500): string | null {
  if (value == null) return null;
  const v = value.trim();
  if (v === '') return null;
  if (v.length > max) throw badInput(field, `${field} must be at most ${max} characters`);
  return v;
}

export function requiredText(field: string, value: string | null | undefined, max = 100): string {
  const v = optionalText(field, value, max);
  if (v === null) throw badInput(field, `${field} is required`);
  return v;
}

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** A calendar date YYYY-MM-DD; `notFuture` refuses dates after today (UTC+8, the dealers' day). */
export function isoDate(field: string, value: string, opts: { notFuture?: boolean } = {}): string {
  const m = ISO_DATE.exec(value.trim());
  const d = m ? new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]))) : null;
  if (!m || !d || d.toISOString().slice(0, 10) !== value.trim()) {
    throw badInput(field, `${field} must be a date written YYYY-MM-DD`);
  }
  if (opts.notFuture && value.trim() > todayInChina()) throw badInput(field, `${field} cannot be in the future`);
  return value.trim();
}

export function todayInChina(now = new Date()): string {
  return new Date(now.getTime() + 8 * 3600_000).toISOString().slice(0, 10);
}

export function unitInterval(field: string, value: number): number {
  if (!Number.isFinite(value) || value < 0 || value > 1) throw badInput(field, `${field} must be between 0 and 1`);
  return value;
}

export function intInRange(field: string, value: number, min: number, max: number): number {
  if (!Number.isInteger(value) || value < min || value > max) {
    throw badInput(field, `${field} must be a whole number from ${min} to ${max}`);
  }
  return value;
}

export function oneOf<T extends string>(field: string, value: string, allowed: readonly T[]): T {
  if (!(allowed as readonly string[]).includes(value)) throw badInput(field, `${field} must be one of ${allowed.join(', ')}`);
  return value as T;
}
