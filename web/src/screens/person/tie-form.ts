import type { TieKind } from '../../gql/graphql.js';
import type { MessageKey } from '../../i18n/i18n.js';

// The add-a-relationship form as data. Four kinds are mutual; an adviser and a driver have a direction, so the
// form asks which of the two is which, in the words a salesperson would use, and the input follows from that.

export const RELATIONS = ['FAMILY', 'FRIEND', 'COLLEAGUE', 'BUSINESS_PARTNER', 'THEY_ADVISE', 'ADVISES_THEM', 'THEY_DRIVE', 'DRIVES_THEM'] as const;
export type Relation = (typeof RELATIONS)[number];

/** How close, in three steps a salesperson can judge; the numbers are the tie strengths of docs/model.md. */
export const CLOSENESS = { LOOSE: 0.3, USUAL: 0.5, CLOSE: 0.8 } as const;
export type Closeness = keyof typeof CLOSENESS;

export interface TieDraft {
  otherId: string | null;
  otherName: string;
  relation: Relation | null;
  closeness: Closeness;
}

export type TieErrors = Partial<Record<'other' | 'relation', MessageKey>>;

export function emptyTie(): TieDraft {
  return { otherId: null, otherName: '', relation: null, closeness: 'USUAL' };
}

export function validateTie(d: TieDraft, personId: string): TieErrors {
  const errors: TieErrors = {};
  if (!d.otherId) errors.other = 'tie.error.other';
  else if (d.otherId === personId) errors.other = 'tie.error.self';
  if (!d.relation) errors.relation = 'tie.error.relation';
  return errors;
}

export interface TieInputShape {
  fromId: string;
  toId: string;
  kind: TieKind;
  strength: number;
  confirmed: true;
  source: 'MANUAL';
}

/** "They" is the other person: THEY_ADVISE means the other person advises this one (ADVISES other -> this). */
export function toTieInput(d: TieDraft, personId: string): TieInputShape {
  if (!d.otherId || !d.relation) throw new Error('draft is not valid');
  const me = personId;
  const them = d.otherId;
  const [kind, fromId, toId]: [TieKind, string, string] =
    d.relation === 'THEY_ADVISE'
      ? ['ADVISES', them, me]
      : d.relation === 'ADVISES_THEM'
        ? ['ADVISES', me, them]
        : d.relation === 'THEY_DRIVE'
          ? ['DRIVES_FOR', them, me]
          : d.relation === 'DRIVES_THEM'
            ? ['DRIVES_FOR', me, them]
            : [d.relation as TieKind, me, them];
  return { fromId, toId, kind, strength: CLOSENESS[d.closeness], confirmed: true, source: 'MANUAL' };
}
