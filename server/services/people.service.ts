import { randomUUID } from 'node:crypto';
import { TIE_TYPES, type TieType } from '../domain.js';
import { badInput, DomainError, ErrorCode, notFound } from '../errors.js';
import type { Viewer } from '../graphql/context.js';
import { consentAudit, writeAudit, type ConsentAuditRow } from '../queries/audit.queries.js';
import type { QueryRunner, TxRunner } from '../queries/driver.js';
import { erasePersonData, mergePersonInto, type EraseOutcome, type MergeOutcome } from '../queries/merge-erase.queries.js';
import { readPersonalData, type PersonalDataRows } from '../queries/personal-data.queries.js';
import {
  createReferral,
  findReferral,
  type ReferralRow,
  deleteTie,
  findPeopleByIds,
  findTie,
  insertPerson,
  mergeTie,
  patchPerson,
  searchByName,
  searchByPhone,
  type PersonPatch,
  type PersonRow,
  type SearchHit,
  type TieRow,
} from '../queries/people.queries.js';
import { insertInteraction, insertVisit } from '../queries/visits.queries.js';
import { viewerParams } from '../queries/visibility.js';
import { assertCanWriteDealership, requireRole, targetDealership } from './access.js';
import { maskPhone, normalizeChinaMobile } from './phone.js';
import { todayInDealerZone } from './routines/dates.js';
import { intInRange, isoDate, oneOf, optionalText, requiredText, unitInterval } from './validate.js';

export const PERSON_KINDS = ['BUYER', 'PROSPECT', 'CONTACT'] as const;
export const TIE_SOURCES = ['VISIT', 'REFERRAL', 'CALL', 'IMPORT', 'MANUAL'] as const;
export const COMPANION_ROLES = ['SPOUSE', 'PARENT', 'CHILD', 'FRIEND', 'COLLEAGUE', 'PARTNER', 'ADVISER', 'DRIVER', 'OTHER'] as const;
const VISIT_KINDS = ['SHOWROOM', 'TEST_DRIVE'] as const;
const INTERACTION_KINDS = ['CALL', 'MESSAGE', 'VISIT', 'SERVICE'] as const;
const WRITERS = ['salesperson', 'manager', 'admin'] as const;

/** The tie a companion's role suggests, read from the companion to the prospect. */
const ROLE_TIE: Record<(typeof COMPANION_ROLES)[number], TieType | null> = {
  SPOUSE: 'FAMILY',
  PARENT: 'FAMILY',
  CHILD: 'FAMILY',
  FRIEND: 'FRIEND',
  COLLEAGUE: 'COLLEAGUE',
  PARTNER: 'BUSINESS_PARTNER',
  ADVISER: 'ADVISES',
  DRIVER: 'DRIVES_FOR',
  OTHER: null,
};

/** One consent change, as consentHistory gives it. */
export interface ConsentChange {
  at: string;
  by: string | null;
  operation: string;
  shareConsent: boolean | null;
  contactConsent: boolean | null;
}

export interface PersonInput {
  name: string;
  phone?: string | null | undefined;
  region?: string | null | undefined;
  city?: string | null | undefined;
  employer?: string | null | undefined;
  notes?: string | null | undefined;
  kind?: string | null | undefined;
  shareConsent?: boolean | null | undefined;
  contactConsent?: boolean | null | undefined;
  dealershipId?: string | null | undefined;
}

export interface TieInput {
  fromId: string;
  toId: string;
  kind: string;
  strength?: number | null | undefined;
  source?: string | null | undefined;
  since?: string | null | undefined;
  confirmed?: boolean | null | undefined;
}

export interface CompanionInput {
  personId?: string | null | undefined;
  newPerson?: PersonInput | null | undefined;
  role: string;
}

export interface VisitInput {
  prospectId: string;
  date: string;
  kind?: string | null | undefined;
  notes?: string | null | undefined;
  companions?: CompanionInput[] | null | undefined;
}

export interface VisitOutcome {
  id: string;
  date: string;
  kind: string;
  prospectId: string;
  companions: { personId: string; role: string; created: boolean }[];
  proposedTies: TieRow[];
}

export interface MergeReport extends MergeOutcome {
  keptId: string;
  droppedId: string;
}

export interface EraseReport extends EraseOutcome {
  id: string;
}

function phoneOf(value: string | null | undefined): string | null {
  const raw = optionalText('phone', value, 40);
  if (raw === null) return null;
  const phone = normalizeChinaMobile(raw);
  if (!phone) throw badInput('phone', `"${raw}" is not a China mobile number (11 digits starting 13-19)`);
  return phone;
}

function tieKind(kind: string): TieType {
  return oneOf('kind', kind, TIE_TYPES);
}

export class PeopleService {
  constructor(
    private readonly db: QueryRunner,
    private readonly viewer: Viewer | null,
  ) {}

  private writer(): Viewer {
    return requireRole(this.viewer, WRITERS);
  }

  /** Loads people the writer may change; NOT_FOUND hides other dealerships' records. */
  /**
   * The people of the viewer's store (any store for admins), by id; anyone else, or someone unknown, is NOT_FOUND
   * naming the field, so existence does not leak. Erased people count only with `includeErased`.
   */
  private async ownPeople(
    db: QueryRunner | TxRunner,
    viewer: Viewer,
    ids: { field: string; id: string }[],
    opts: { includeErased?: boolean } = {},
  ): Promise<Map<string, PersonRow>> {
    const rows = await findPeopleByIds(db, ids.map((x) => x.id));
    const byId = new Map(rows.map((r) => [r.id, r]));
    for (const { field, id } of ids) {
      const p = byId.get(id);
      const visible = p && (opts.includeErased || p.erasedAt === null) && (viewer.role === 'admin' || p.dealershipId === viewer.dealershipId);
      if (!visible) throw new DomainError(ErrorCode.NOT_FOUND, `No person with id "${id}"`, field);
    }
    return byId;
  }

  private async writable(tx: TxRunner, viewer: Viewer, ids: { field: string; id: string }[]): Promise<Map<string, PersonRow>> {
    const byId = await this.ownPeople(tx, viewer, ids);
    for (const { id } of ids) assertCanWriteDealership(viewer, byId.get(id)!.dealershipId);
    return byId;
  }

  /** A new referral with its audit entry; the callers have checked both people. */
  private async addReferral(
    tx: TxRunner,
    viewer: Viewer,
    r: { referrerId: string; refereeId: string; date: string; channel: string | null },
  ): Promise<ReferralRow> {
    const row = await createReferral(tx, { ...r, recordedBy: viewer.userId });
    await writeAudit(tx, viewer, 'recordReferral', 'Person', r.refereeId, { referrerId: r.referrerId, date: r.date, channel: r.channel, saleId: row.saleId });
    return row;
  }

  private newPerson(viewer: Viewer, input: PersonInput, dealershipId: string, field = 'input') {
    return {
      id: randomUUID(),
      name: requiredText(`${field}.name`.replace(/^input\./, ''), input.name, 100),
      phone: phoneOf(input.phone),
      region: optionalText('region', input.region, 50),
      city: optionalText('city', input.city, 50),
      employer: optionalText('employer', input.employer, 100),
      notes: optionalText('notes', input.notes, 2000),
      kind: oneOf('kind', input.kind ?? 'PROSPECT', PERSON_KINDS),
      shareConsent: input.shareConsent ?? false,
      contactConsent: input.contactConsent ?? false,
      dealershipId,
      recordedBy: viewer.userId,
    };
  }

  async createPerson(input: PersonInput, referredBy?: string | null): Promise<PersonRow> {
    const viewer = this.writer();
    const dealershipId = targetDealership(viewer, input.dealershipId);
    const person = this.newPerson(viewer, input, dealershipId);
    return this.db.writeTx(async (tx) => {
      // checked before anything is written: a referrer the viewer cannot write leaves no half-made person
      if (referredBy != null) await this.writable(tx, viewer, [{ field: 'referredBy', id: referredBy }]);
      const row = await insertPerson(tx, person);
      await writeAudit(tx, viewer, 'createPerson', 'Person', row.id, {
        fields: Object.keys(input).filter((k) => input[k as keyof PersonInput] != null),
        shareConsent: person.shareConsent,
        contactConsent: person.contactConsent,
      });
      if (referredBy != null) await this.addReferral(tx, viewer, { referrerId: referredBy, refereeId: row.id, date: todayInDealerZone(), channel: null });
      return row;
    });
  }

  async updatePerson(id: string, input: Partial<Omit<PersonInput, 'name'>> & { name?: string | null }): Promise<PersonRow> {
    const viewer = this.writer();
    const patch: PersonPatch = {};
    if (input.name !== undefined && input.name !== null) patch.name = requiredText('name', input.name, 100);
    if (input.phone !== undefined) patch.phone = phoneOf(input.phone);
    if (input.region !== undefined) patch.region = optionalText('region', input.region, 50);
    if (input.city !== undefined) patch.city = optionalText('city', input.city, 50);
    if (input.employer !== undefined) patch.employer = optionalText('employer', input.employer, 100);
    if (input.notes !== undefined) patch.notes = optionalText('notes', input.notes, 2000);
    if (input.kind != null) patch.kind = oneOf('kind', input.kind, PERSON_KINDS);
    if (input.shareConsent != null) patch.shareConsent = input.shareConsent;
    if (input.contactConsent != null) patch.contactConsent = input.contactConsent;
    if (input.dealershipId != null) throw badInput('dealershipId', 'A person cannot move to another dealership');
    return this.db.writeTx(async (tx) => {
      await this.writable(tx, viewer, [{ field: 'id', id }]);
      const row = await patchPerson(tx, id, patch);
      if (!row) throw notFound('Person');
      const consent = patch.shareConsent !== undefined || patch.contactConsent !== undefined;
      await writeAudit(tx, viewer, consent ? 'updatePerson+consent' : 'updatePerson', 'Person', id, {
        fields: Object.keys(patch),
        ...(patch.shareConsent !== undefined ? { shareConsent: patch.shareConsent } : {}),
        ...(patch.contactConsent !== undefined ? { contactConsent: patch.contactConsent } : {}),
      });
      return row;
    });
  }

  async setConsent(id: string, shareConsent: boolean, contactConsent: boolean): Promise<PersonRow> {
    const viewer = this.writer();
    return this.db.writeTx(async (tx) => {
      await this.writable(tx, viewer, [{ field: 'id', id }]);
      const row = await patchPerson(tx, id, { shareConsent, contactConsent });
      if (!row) throw notFound('Person');
      await writeAudit(tx, viewer, 'setConsent', 'Person', id, { shareConsent, contactConsent });
      return row;
    });
  }

  private tieProps(viewer: Viewer, input: TieInput) {
    return {
      strength: unitInterval('strength', input.strength ?? 0.5),
      source: oneOf('source', input.source ?? 'MANUAL', TIE_SOURCES),
      since: input.since == null ? null : isoDate('since', input.since, { notFuture: true }),
      confirmed: input.confirmed ?? true,
      recordedBy: viewer.userId,
    };
  }

  /** Adds a tie, or returns the existing one of that kind unchanged. */
  async addTie(input: TieInput): Promise<TieRow> {
    const viewer = this.writer();
    const kind = tieKind(input.kind);
    if (input.fromId === input.toId) throw badInput('toId', 'A person cannot have a tie to themselves');
    const props = this.tieProps(viewer, input);
    return this.db.writeTx(async (tx) => {
      const people = await this.writable(tx, viewer, [
        { field: 'fromId', id: input.fromId },
        { field: 'toId', id: input.toId },
      ]);
      const tie = await mergeTie(tx, input.fromId, input.toId, kind, props, false);
      if (!tie) throw notFound('Person');
      if (tie.created) {
        const details = { strength: props.strength, source: props.source };
        await writeAudit(tx, viewer, 'addTie', 'Tie', `${tie.fromId}-${kind}-${tie.toId}`, details, people.get(input.fromId)!.dealershipId);
      }
      return tie;
    });
  }

  async updateTie(input: TieInput): Promise<TieRow> {
    const viewer = this.writer();
    const kind = tieKind(input.kind);
    return this.db.writeTx(async (tx) => {
      const people = await this.writable(tx, viewer, [
        { field: 'fromId', id: input.fromId },
        { field: 'toId', id: input.toId },
      ]);
      const current = await findTie(tx, input.fromId, input.toId, kind);
      if (!current) throw notFound('Tie');
      const props = this.tieProps(viewer, {
        ...input,
        strength: input.strength ?? current.strength,
        confirmed: input.confirmed ?? current.confirmed,
        source: current.source,
      });
      const tie = await mergeTie(tx, input.fromId, input.toId, kind, props, true);
      const details = { strength: props.strength, confirmed: props.confirmed };
      await writeAudit(tx, viewer, 'updateTie', 'Tie', `${current.fromId}-${kind}-${current.toId}`, details, people.get(input.fromId)!.dealershipId);
      return tie!;
    });
  }

  async removeTie(fromId: string, toId: string, kind: string): Promise<boolean> {
    const viewer = this.writer();
    const t = tieKind(kind);
    return this.db.writeTx(async (tx) => {
      const people = await this.writable(tx, viewer, [
        { field: 'fromId', id: fromId },
        { field: 'toId', id: toId },
      ]);
      const n = await deleteTie(tx, fromId, toId, t);
      if (n === 0) throw notFound('Tie');
      await writeAudit(tx, viewer, 'removeTie', 'Tie', `${fromId}-${t}-${toId}`, undefined, people.get(fromId)!.dealershipId);
      return true;
    });
  }

  /** Records a showroom visit with its companions; each companion's role proposes an unconfirmed tie. */
  async recordVisit(input: VisitInput): Promise<VisitOutcome> {
    const viewer = this.writer();
    const date = isoDate('date', input.date, { notFuture: true });
    const kind = oneOf('kind', input.kind ?? 'SHOWROOM', VISIT_KINDS);
    const notes = optionalText('notes', input.notes, 2000);
    const companions = input.companions ?? [];
    if (companions.length > 10) throw badInput('companions', 'At most 10 companions per visit');
    const prepared = companions.map((c, i) => {
      const role = oneOf(`companions[${i}].role`, c.role, COMPANION_ROLES);
      if ((c.personId == null) === (c.newPerson == null)) {
        throw badInput(`companions[${i}]`, 'Give either personId or newPerson for each companion');
      }
      if (c.personId === input.prospectId) throw badInput(`companions[${i}].personId`, 'The prospect cannot accompany themselves');
      return { index: i, role, personId: c.personId ?? null, newPerson: c.newPerson ?? null };
    });
    return this.db.writeTx(async (tx) => {
      const known = await this.writable(tx, viewer, [
        { field: 'prospectId', id: input.prospectId },
        ...prepared.filter((c) => c.personId).map((c) => ({ field: `companions[${c.index}].personId`, id: c.personId! })),
      ]);
      const dealershipId = known.get(input.prospectId)!.dealershipId;
      const resolved: { personId: string; role: string; created: boolean }[] = [];
      for (const c of prepared) {
        if (c.personId) {
          resolved.push({ personId: c.personId, role: c.role, created: false });
          continue;
        }
        const person = this.newPerson(viewer, { kind: 'CONTACT', ...c.newPerson! }, dealershipId, `companions[${c.index}].newPerson`);
        const row = await insertPerson(tx, person);
        await writeAudit(tx, viewer, 'createPerson', 'Person', row.id, { via: 'recordVisit' });
        resolved.push({ personId: row.id, role: c.role, created: true });
      }
      const id = randomUUID();
      const visit = await insertVisit(
        tx,
        { id, prospectId: input.prospectId, date, kind, dealershipId, notes, recordedBy: viewer.userId },
        resolved.map(({ personId, role }) => ({ personId, role })),
      );
      if (!visit) throw notFound('Person');
      const proposedTies: TieRow[] = [];
      for (const c of resolved) {
        const t = ROLE_TIE[c.role as keyof typeof ROLE_TIE];
        if (!t) continue;
        const tie = await mergeTie(
          tx,
          c.personId,
          input.prospectId,
          t,
          { strength: 0.6, source: 'VISIT', since: date, confirmed: false, recordedBy: viewer.userId },
          false,
        );
        if (tie?.created) proposedTies.push(tie);
      }
      await writeAudit(tx, viewer, 'recordVisit', 'Visit', id, {
        prospectId: input.prospectId,
        companions: resolved.length,
        proposedTies: proposedTies.length,
      });
      return { id, date, kind, prospectId: input.prospectId, companions: resolved, proposedTies };
    });
  }

  async recordInteraction(personId: string, date: string, kind: string, notes?: string | null): Promise<string> {
    const viewer = this.writer();
    const d = isoDate('date', date, { notFuture: true });
    const k = oneOf('kind', kind, INTERACTION_KINDS);
    const n = optionalText('notes', notes, 2000);
    return this.db.writeTx(async (tx) => {
      const known = await this.writable(tx, viewer, [{ field: 'personId', id: personId }]);
      const id = randomUUID();
      await insertInteraction(tx, {
        id,
        personId,
        date: d,
        kind: k,
        notes: n,
        dealershipId: known.get(personId)!.dealershipId,
        recordedBy: viewer.userId,
      });
      await writeAudit(tx, viewer, 'recordInteraction', 'Person', personId, { kind: k });
      return id;
    });
  }

  /**
   * Records that `referrerId` brought `refereeId` to the store (both people of the viewer's store). Repeating it
   * returns the referral already recorded, unchanged. A new referral takes the referee's earliest purchase on or
   * after its date that no referral names yet; a later recordSale gives an open referral its sale.
   */
  async recordReferral(args: { referrerId: string; refereeId: string; date?: string | null; channel?: string | null }): Promise<ReferralRow & { created: boolean }> {
    const viewer = this.writer();
    if (args.referrerId === args.refereeId) throw badInput('refereeId', 'A person cannot refer themselves');
    const date = args.date == null ? todayInDealerZone() : isoDate('date', args.date, { notFuture: true });
    const channel = optionalText('channel', args.channel, 50);
    return this.db.writeTx(async (tx) => {
      await this.writable(tx, viewer, [
        { field: 'referrerId', id: args.referrerId },
        { field: 'refereeId', id: args.refereeId },
      ]);
      const old = await findReferral(tx, args.referrerId, args.refereeId);
      if (old) return { ...old, created: false };
      const row = await this.addReferral(tx, viewer, { referrerId: args.referrerId, refereeId: args.refereeId, date, channel });
      return { ...row, created: true };
    });
  }

  /**
   * When and by whom a person's consents were given or changed (PIPL asks the store to be able to show it): the
   * store's staff and admins, newest first, at most 50.
   */
  async consentHistory(personId: string): Promise<ConsentChange[]> {
    const viewer = requireRole(this.viewer, ['salesperson', 'manager', 'admin']);
    // an erased person's record of consents stays readable: it is what shows they were asked
    await this.ownPeople(this.db, viewer, [{ field: 'personId', id: personId }], { includeErased: true });
    return (await consentAudit(this.db, personId, 50)).map(consentChangeOf);
  }

  /** Merges a duplicate record into the one kept, in one transaction, and reports what moved. */
  async mergePeople(keepId: string, dropId: string): Promise<MergeReport> {
    const viewer = this.writer();
    if (keepId === dropId) throw badInput('dropId', 'keepId and dropId are the same person');
    return this.db.writeTx(async (tx) => {
      await this.writable(tx, viewer, [
        { field: 'keepId', id: keepId },
        { field: 'dropId', id: dropId },
      ]);
      const outcome = await mergePersonInto(tx, keepId, dropId);
      await writeAudit(tx, viewer, 'mergePeople', 'Person', keepId, { droppedId: dropId, ...outcome });
      return { keptId: keepId, droppedId: dropId, ...outcome };
    });
  }

  /** Erasure on request (PIPL art. 47, GDPR art. 17): personal data and ties go, sales stay anonymous. */
  async erasePerson(id: string): Promise<EraseReport> {
    const viewer = requireRole(this.viewer, ['manager', 'admin']);
    return this.db.writeTx(async (tx) => {
      await this.writable(tx, viewer, [{ field: 'id', id }]);
      const outcome = await erasePersonData(tx, id);
      if (!outcome) throw notFound('Person');
      await writeAudit(tx, viewer, 'erasePerson', 'Person', id, { ...outcome });
      return { id, ...outcome };
    });
  }

  /**
   * A copy of everything the store holds about a person, for them (PIPL art. 45: the right to see and copy one's
   * data), with the record of their consents. The store's manager or an admin hands it over, as with erasure, and
   * the copy is audited: who made it, when, and how much it held.
   */
  async exportPersonalData(personId: string): Promise<PersonalDataCopy> {
    const viewer = requireRole(this.viewer, ['manager', 'admin']);
    return this.db.writeTx(async (tx) => {
      await this.writable(tx, viewer, [{ field: 'personId', id: personId }]);
      const data = await readPersonalData(tx, personId);
      if (!data) throw notFound('Person');
      const consents = (await consentAudit(tx, personId, 50)).map(consentChangeOf);
      const generatedAt = new Date().toISOString();
      await writeAudit(tx, viewer, 'exportPersonalData', 'Person', personId, {
        ties: data.ties.length,
        purchases: data.purchases.length,
        visits: data.visits.length,
        testimonials: data.testimonials.length,
        truncated: data.truncated,
      });
      return { ...data, consentHistory: consents, generatedAt, generatedBy: viewer.username };
    });
  }

  /** Search as you type: digits look up phones, anything else the CJK full-text index on names. */
  async searchPeople(query: string, first: number): Promise<SearchHit[]> {
    const viewer = requireRole(this.viewer, ['salesperson', 'manager', 'marketing', 'analyst', 'admin']);
    intInRange('first', first, 1, 50);
    const q = query.trim();
    if (q.length === 0) return [];
    if (q.length > 100) throw badInput('query', 'query must be at most 100 characters');
    const params = viewerParams(viewer);
    const digits = q.replace(/[\s\-+]/g, '');
    const hits = /^\d{3,}$/.test(digits)
      ? await searchByPhone(this.db, digits.replace(/^(0086|86)(?=1\d{3,})/, ''), first, params)
      : await searchByName(this.db, luceneQuery(q), first, params);
    const masked = viewer.role === 'marketing' || viewer.role === 'analyst';
    return hits.map((h) => ({ ...h, phone: h.phone && masked ? maskPhone(h.phone) : h.phone }));
  }
}

/** Escapes Lucene syntax so user text is only ever matched, never parsed as a query. */
export function luceneQuery(text: string): string {
  const terms = text
    .split(/\s+/)
    .filter(Boolean)
    .map((t) => t.replace(/[+\-&|!(){}[\]^"~*?:\\/]/g, (c) => `\\${c}`))
    // Lucene's operators are upper-case words; the analyzer lower-cases anyway
    .map((t) => (/^(AND|OR|NOT|TO)$/.test(t) ? t.toLowerCase() : t));
  // each term must match; the last one may be a prefix (results as you type)
  return terms.map((t, i) => (i === terms.length - 1 && /^[\p{L}\p{N}]+$/u.test(t) ? `+(${t} OR ${t}*)` : `+${t}`)).join(' ');
}

export interface PersonalDataCopy extends PersonalDataRows {
  consentHistory: ConsentChange[];
  generatedAt: string;
  generatedBy: string;
}

function consentChangeOf(r: ConsentAuditRow): ConsentChange {
  const d = (r.details ? JSON.parse(r.details) : {}) as { shareConsent?: unknown; contactConsent?: unknown };
  return {
    at: r.at,
    by: r.username,
    operation: r.operation,
    shareConsent: typeof d.shareConsent === 'boolean' ? d.shareConsent : null,
    contactConsent: typeof d.contactConsent === 'boolean' ? d.contactConsent : null,
  };
}
