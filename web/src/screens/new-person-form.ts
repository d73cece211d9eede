import type { MessageKey } from '../i18n/i18n.js';
import { normalisePhone } from './visit-form.js';

// The new-customer form as data: validated here (so the rules are unit-tested) and turned into the
// `createPerson` input. The server validates again.

export type NewPersonKind = 'PROSPECT' | 'CONTACT';

export interface NewPersonDraft {
  name: string;
  phone: string;
  kind: NewPersonKind;
  city: string;
  region: string;
  employer: string;
  notes: string;
  /** Separate, unticked by default: PIPL consent is given for a purpose, not assumed. */
  shareConsent: boolean;
  contactConsent: boolean;
}

export type NewPersonErrors = Partial<Record<'name' | 'phone' | 'city' | 'region' | 'employer' | 'notes', MessageKey>>;

export function emptyPerson(): NewPersonDraft {
  return { name: '', phone: '', kind: 'PROSPECT', city: '', region: '', employer: '', notes: '', shareConsent: false, contactConsent: false };
}

/** What the search box held when nobody was found: digits become the phone, anything else the name. */
export function draftFromSearch(q: string | null): NewPersonDraft {
  const d = emptyPerson();
  const s = (q ?? '').trim();
  if (s === '') return d;
  if (/^[\d\s+-]+$/.test(s)) d.phone = s;
  else d.name = s.slice(0, 100);
  return d;
}

export function validatePerson(d: NewPersonDraft): NewPersonErrors {
  const errors: NewPersonErrors = {};
  const name = d.name.trim();
  if (name === '') errors.name = 'newPerson.error.name';
  else if (name.length > 100) errors.name = 'newPerson.error.nameLong';
  if (d.phone.trim() !== '' && !normalisePhone(d.phone)) errors.phone = 'newPerson.error.phone';
  if (d.city.trim().length > 50) errors.city = 'newPerson.error.tooLong';
  if (d.region.trim().length > 50) errors.region = 'newPerson.error.tooLong';
  if (d.employer.trim().length > 100) errors.employer = 'newPerson.error.tooLong';
  if (d.notes.length > 2000) errors.notes = 'newPerson.error.tooLong';
  return errors;
}

export interface PersonInputShape {
  name: string;
  kind: NewPersonKind;
  shareConsent: boolean;
  contactConsent: boolean;
  phone?: string;
  city?: string;
  region?: string;
  employer?: string;
  notes?: string;
  dealershipId?: string;
}

/** The mutation input of a valid draft: trimmed, empty fields left out, the phone as +86…. */
export function toPersonInput(d: NewPersonDraft, dealershipId: string | null): PersonInputShape {
  const phone = d.phone.trim() ? normalisePhone(d.phone) : null;
  const optional = (key: 'city' | 'region' | 'employer' | 'notes') => (d[key].trim() ? { [key]: d[key].trim() } : {});
  return {
    name: d.name.trim(),
    kind: d.kind,
    shareConsent: d.shareConsent,
    contactConsent: d.contactConsent,
    ...(phone ? { phone } : {}),
    ...optional('city'),
    ...optional('region'),
    ...optional('employer'),
    ...optional('notes'),
    ...(dealershipId ? { dealershipId } : {}),
  };
}

/** The 11 digits of a valid phone, to look for someone already recorded with it; null otherwise. */
export function phoneDigits(raw: string): string | null {
  const p = normalisePhone(raw);
  return p ? p.slice(3) : null;
}

/** The person as stored, for the edit form. */
export interface StoredPerson {
  name: string;
  phone?: string | null;
  kind: string;
  city?: string | null;
  region?: string | null;
  employer?: string | null;
  notes?: string | null;
}

/** The edit form starts from what is stored; consents have their own editor, so they stay as they are here. */
export function draftFromStored(p: StoredPerson): NewPersonDraft {
  return {
    name: p.name,
    phone: p.phone ?? '',
    kind: p.kind === 'CONTACT' ? 'CONTACT' : 'PROSPECT',
    city: p.city ?? '',
    region: p.region ?? '',
    employer: p.employer ?? '',
    notes: p.notes ?? '',
    shareConsent: false,
    contactConsent: false,
  };
}

export type PersonPatchShape = Partial<Record<'name' | 'phone' | 'city' | 'region' | 'employer' | 'notes', string | null>> & {
  kind?: NewPersonKind;
};

/**
 * Only what changed, so the audit entry names the fields touched: an emptied field is sent as null (cleared), the
 * phone as +86…. A buyer stays a buyer (a sale made them one); prospects and contacts may switch.
 */
export function toPersonPatch(stored: StoredPerson, d: NewPersonDraft): PersonPatchShape {
  const patch: PersonPatchShape = {};
  const name = d.name.trim();
  if (name !== stored.name) patch.name = name;
  const phone = d.phone.trim() ? normalisePhone(d.phone) : null;
  if (phone !== (stored.phone ?? null)) patch.phone = phone;
  for (const key of ['city', 'region', 'employer', 'notes'] as const) {
    const v = d[key].trim() || null;
    if (v !== (stored[key] ?? null)) patch[key] = v;
  }
  if (stored.kind !== 'BUYER' && d.kind !== stored.kind) patch.kind = d.kind;
  return patch;
}
