import type { MessageKey } from '../i18n/i18n.js';

// The record-a-visit form as data: validated here (so the rules are unit-tested) and turned into the
// `recordVisit` input. The server validates again; this only saves a round trip in the showroom.

export const COMPANION_ROLES = ['SPOUSE', 'PARENT', 'CHILD', 'FRIEND', 'COLLEAGUE', 'PARTNER', 'ADVISER', 'DRIVER', 'OTHER'] as const;
export type CompanionRoleName = (typeof COMPANION_ROLES)[number];
export type VisitKindName = 'SHOWROOM' | 'TEST_DRIVE';

export interface CompanionDraft {
  key: string;
  mode: 'existing' | 'new';
  personId: string | null;
  personName: string;
  name: string;
  phone: string;
  role: CompanionRoleName | null;
}

export interface VisitDraft {
  prospectId: string | null;
  prospectName: string;
  date: string;
  kind: VisitKindName;
  companions: CompanionDraft[];
  notes: string;
}

export const MAX_COMPANIONS = 8;

let seq = 0;
export function newCompanion(mode: 'existing' | 'new' = 'existing'): CompanionDraft {
  seq += 1;
  return { key: `c${seq}`, mode, personId: null, personName: '', name: '', phone: '', role: null };
}

/** China mobile: 11 digits starting 1[3-9], optionally written with +86/86, spaces or dashes. */
export function normalisePhone(raw: string): string | null {
  const digits = raw.replace(/[\s-]/g, '');
  const m = /^(?:\+?86)?(1[3-9]\d{9})$/.exec(digits);
  return m ? `+86${m[1]}` : null;
}

export type VisitErrors = Partial<Record<string, MessageKey>>;

export function validateVisit(d: VisitDraft, today: string): VisitErrors {
  const errors: VisitErrors = {};
  if (!d.prospectId) errors.prospect = 'visit.error.prospect';
  if (!/^\d{4}-\d{2}-\d{2}$/.test(d.date)) errors.date = 'visit.error.date';
  else if (d.date > today) errors.date = 'visit.error.future';
  if (d.companions.length > MAX_COMPANIONS) errors.companions = 'visit.error.tooMany';
  const seen = new Set<string>();
  d.companions.forEach((c, i) => {
    const at = `companions.${i}`;
    if (!c.role) errors[`${at}.role`] = 'visit.error.role';
    if (c.mode === 'existing') {
      if (!c.personId) errors[`${at}.person`] = 'visit.error.companion';
      else if (c.personId === d.prospectId) errors[`${at}.person`] = 'visit.error.self';
      else if (seen.has(c.personId)) errors[`${at}.person`] = 'visit.error.duplicate';
      else seen.add(c.personId);
    } else {
      const name = c.name.trim();
      if (name.length === 0) errors[`${at}.name`] = 'visit.error.name';
      else if (name.length > 50) errors[`${at}.name`] = 'visit.error.nameLong';
      if (c.phone.trim() !== '' && !normalisePhone(c.phone)) errors[`${at}.phone`] = 'visit.error.phone';
    }
  });
  if (d.notes.length > 1000) errors.notes = 'visit.error.notes';
  return errors;
}

export interface RecordVisitInputShape {
  prospectId: string;
  date: string;
  kind: VisitKindName;
  notes?: string | null;
  companions: {
    personId?: string | null;
    newPerson?: { name: string; phone?: string | null } | null;
    role: CompanionRoleName;
  }[];
}

/** The mutation input of a valid draft. */
export function toVisitInput(d: VisitDraft): RecordVisitInputShape {
  if (!d.prospectId) throw new Error('draft has no prospect');
  return {
    prospectId: d.prospectId,
    date: d.date,
    kind: d.kind,
    ...(d.notes.trim() ? { notes: d.notes.trim() } : {}),
    companions: d.companions.map((c) => {
      const role = c.role ?? 'OTHER';
      if (c.mode === 'existing') return { personId: c.personId!, role };
      const phone = c.phone.trim() ? normalisePhone(c.phone) : null;
      return { newPerson: { name: c.name.trim(), ...(phone ? { phone } : {}) }, role };
    }),
  };
}

/** Names for the ids in a recordVisit answer: the prospect and companions as entered, in input order. */
export function tieNames(d: VisitDraft, companions: readonly { personId: string }[]): Map<string, string> {
  const names = new Map<string, string>();
  if (d.prospectId) names.set(d.prospectId, d.prospectName);
  companions.forEach((c, i) => {
    const draft = d.companions[i];
    if (!draft) return;
    names.set(c.personId, draft.mode === 'existing' ? draft.personName : draft.name.trim());
  });
  return names;
}
