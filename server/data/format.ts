import { createHash } from 'node:crypto';
import type { TieType } from '../domain.js';

/**
 * The interchange format (docs/data-format.md): one folder of UTF-8 CSV files. This module holds the file
 * names, their columns and the value vocabularies, so import, export, handover and the generator agree.
 */
export const FILE_KINDS = [
  'dealerships',
  'users',
  'vehicle_models',
  'organizations',
  'people',
  'sales',
  'employments',
  'supplies',
  'ties',
  'referrals',
  'visits',
  'testimonials',
  'service_records',
  'interactions',
] as const;
export type FileKind = (typeof FILE_KINDS)[number];

export interface FileSpec {
  /** Columns the header must hold (values may still be empty where allowed). */
  required: readonly string[];
  /** Columns read when present. */
  optional: readonly string[];
}

/** In load order: every file only refers to files above it. */
export const FILE_SPECS: Record<FileKind, FileSpec> = {
  dealerships: { required: ['id', 'name', 'city', 'region', 'brands'], optional: [] },
  users: { required: ['id', 'username', 'display_name', 'role', 'dealership', 'password_hash', 'disabled'], optional: [] },
  vehicle_models: { required: ['brand', 'model', 'segment', 'base_price'], optional: [] },
  organizations: { required: ['id', 'name', 'industry', 'region'], optional: [] },
  people: {
    required: ['id', 'name', 'phone', 'region', 'kind', 'share_consent', 'contact_consent'],
    optional: ['city', 'employer', 'notes', 'dealership'],
  },
  sales: { required: ['id', 'buyer', 'brand', 'model', 'date', 'price', 'vin', 'salesperson'], optional: ['dealership'] },
  employments: { required: ['person', 'organization', 'title', 'since'], optional: [] },
  supplies: { required: ['from', 'to'], optional: [] },
  ties: { required: ['from', 'to', 'kind', 'strength'], optional: ['source', 'since', 'confirmed'] },
  referrals: { required: ['referrer', 'referee', 'date'], optional: ['channel', 'sale'] },
  visits: { required: ['id', 'person', 'date', 'companions'], optional: ['kind', 'notes', 'dealership'] },
  testimonials: {
    required: ['id', 'author', 'sale', 'text', 'rating', 'date', 'publish_consent', 'call_consent', 'status'],
    optional: ['dealership'],
  },
  service_records: { required: ['id', 'sale', 'date', 'kind', 'mileage', 'notes'], optional: ['dealership'] },
  interactions: { required: ['person', 'date', 'kind'], optional: ['id', 'notes', 'dealership'] },
};

export const fileName = (kind: FileKind) => `${kind}.csv`;

/** The columns an export writes, in order: the binding ones, then the optional ones it fills. */
export function exportColumns(kind: FileKind, withDealership: boolean): string[] {
  const spec = FILE_SPECS[kind];
  const extra = spec.optional.filter((c) => c !== 'dealership');
  const cols = [...spec.required, ...extra];
  if (kind === 'interactions') {
    // id first: interactions created in the app need it to round-trip
    cols.splice(0, cols.length, 'id', 'person', 'date', 'kind', 'notes');
  }
  if (withDealership && spec.optional.includes('dealership')) cols.push('dealership');
  return cols;
}

/** Lower-case file values and the upper-case enum names stored in the graph (docs/model.md). */
export const PERSON_KINDS: Record<string, string> = { buyer: 'BUYER', prospect: 'PROSPECT', contact: 'CONTACT' };
export const TIE_KINDS: Record<string, TieType> = {
  family: 'FAMILY',
  friend: 'FRIEND',
  colleague: 'COLLEAGUE',
  business_partner: 'BUSINESS_PARTNER',
  adviser: 'ADVISES',
  driver: 'DRIVES_FOR',
};
export const TIE_SOURCES: Record<string, string> = {
  visit: 'VISIT',
  referral: 'REFERRAL',
  call: 'CALL',
  import: 'IMPORT',
  manual: 'MANUAL',
};
export const COMPANION_ROLES: Record<string, string> = {
  spouse: 'SPOUSE',
  parent: 'PARENT',
  child: 'CHILD',
  friend: 'FRIEND',
  colleague: 'COLLEAGUE',
  partner: 'PARTNER',
  adviser: 'ADVISER',
  driver: 'DRIVER',
  other: 'OTHER',
};
export const VISIT_KINDS: Record<string, string> = { showroom: 'SHOWROOM', test_drive: 'TEST_DRIVE' };
export const TESTIMONIAL_STATUSES: Record<string, string> = { draft: 'DRAFT', published: 'PUBLISHED', withdrawn: 'WITHDRAWN' };
export const SERVICE_KINDS: Record<string, string> = {
  maintenance: 'MAINTENANCE',
  repair: 'REPAIR',
  warranty: 'WARRANTY',
  inspection: 'INSPECTION',
  other: 'OTHER',
};
export const INTERACTION_KINDS: Record<string, string> = { call: 'CALL', message: 'MESSAGE', visit: 'VISIT', service: 'SERVICE' };
export const USER_ROLES: Record<string, string> = {
  salesperson: 'SALESPERSON',
  manager: 'MANAGER',
  marketing: 'MARKETING',
  analyst: 'ANALYST',
  admin: 'ADMIN',
};

/** Upper-case graph value back to the file's lower-case word. */
export function fileWord(map: Record<string, string>, stored: string | null | undefined): string {
  if (stored == null) return '';
  for (const [word, value] of Object.entries(map)) if (value === stored) return word;
  return stored.toLowerCase();
}

/** Node kinds that get a derived internal id. */
export type IdKind = 'person' | 'sale' | 'visit' | 'testimonial' | 'service' | 'interaction' | 'org' | 'user';

const PREFIX: Record<IdKind, string> = {
  person: 'per',
  sale: 'sal',
  visit: 'vis',
  testimonial: 'tst',
  service: 'svc',
  interaction: 'int',
  org: 'org',
  user: 'usr',
};

/**
 * The internal id of an imported record: a prefix and 120 bits of SHA-1 over (kind, dealership, file id), so the
 * same file row always lands on the same node (idempotent re-import) and two dealerships' "p1" never meet.
 * Organisations and users are group-wide: their dealership part is empty.
 */
export function internalId(kind: IdKind, dealershipId: string, externalId: string): string {
  return hashedId(PREFIX[kind], [kind, dealershipId, externalId]);
}

/** The thank-you call an import creates for a recent sale: one per sale, so its id follows from the sale's. */
export function importedFollowUpId(saleId: string): string {
  return hashedId('fup', ['followup', saleId]);
}

/** A vehicle model is identified by brand and model name. */
export function vehicleModelId(brand: string, model: string): string {
  return hashedId('vm', ['model', brand, model]);
}

/** `prefix_` and 120 bits of SHA-1 over the parts joined by NUL: the same parts always give the same id. */
function hashedId(prefix: string, parts: string[]): string {
  return `${prefix}_${createHash('sha1').update(parts.join('\u0000')).digest('base64url').slice(0, 20)}`;
}

/** Ids made by the app (crypto.randomUUID); a file id of this shape may name an existing record. */
export const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
