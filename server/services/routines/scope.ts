import { badInput, DomainError, ErrorCode, forbidden } from '../../errors.js';
import type { Viewer } from '../../graphql/context.js';

/**
 * The dealership a read is limited to: store staff always their own (naming another is forbidden); group-wide
 * readers (marketing, analyst, admin) the one they name, or every dealership when they name none.
 */
export function readScope(viewer: Viewer, requested: string | null | undefined): string | null {
  if (viewer.role === 'salesperson' || viewer.role === 'manager') {
    if (!viewer.dealershipId) throw forbidden('Your account belongs to no dealership');
    if (requested && requested !== viewer.dealershipId) throw forbidden('You may only read your own dealership');
    return viewer.dealershipId;
  }
  return requested ? requested : null;
}

/** A board belongs to one showroom: store staff use their own, everyone else names it (or has one). */
export function boardDealership(viewer: Viewer, requested: string | null | undefined): string {
  const scoped = readScope(viewer, requested) ?? viewer.dealershipId;
  if (!scoped) throw badInput('dealershipId', 'Name the dealership whose board this is');
  return scoped;
}

/** Validates a page size: a whole number in 1..max. */
export function pageSize(field: string, value: number | null | undefined, fallback: number, max: number): number {
  const n = value ?? fallback;
  if (!Number.isInteger(n) || n < 1 || n > max) throw badInput(field, `${field} must be a whole number from 1 to ${max}`);
  return n;
}

export function conflict(field: string, message: string): DomainError {
  return new DomainError(ErrorCode.CONFLICT, message, field);
}

/** Trimmed text, null when empty; BAD_USER_INPUT when longer than max characters. */
export function optionalText(field: string, value: string | null | undefined, max: number): string | null {
  if (value === null || value === undefined) return null;
  const t = value.trim();
  if (t === '') return null;
  if ([...t].length > max) throw badInput(field, `${field} must be at most ${max} characters`);
  return t;
}

export function requiredId(field: string, value: string | null | undefined): string {
  const t = (value ?? '').trim();
  if (t === '' || t.length > 200) throw badInput(field, `${field} is required`);
  return t;
}
