import fs from 'node:fs';
import path from 'node:path';
import type { QueryRunner } from '../queries/driver.js';
import * as q from '../queries/data-export.queries.js';
import { csvField, csvLine, CsvFileWriter } from './csv.js';
import {
  COMPANION_ROLES,
  INTERACTION_KINDS,
  PERSON_KINDS,
  SERVICE_KINDS,
  TESTIMONIAL_STATUSES,
  TIE_KINDS,
  TIE_SOURCES,
  USER_ROLES,
  VISIT_KINDS,
  exportColumns,
  fileName,
  fileWord,
  type FileKind,
} from './format.js';

export interface ExportOptions {
  /** Only this dealership's records (and the people they name); no dealership column. Null: everything. */
  dealershipId?: string | null;
  /** Rows read per query (default 10,000). */
  pageSize?: number;
  onFile?: (file: string, rows: number) => void;
}

export interface ExportReport {
  files: { file: string; rows: number }[];
  warnings: string[];
  ms: number;
}

type Cell = string | number | boolean | null | undefined;

export class ExportFolderError extends Error {}

/** Exports go to a new or empty folder: a stale file of an earlier export would be imported with the new ones. */
export function assertEmptyFolder(folder: string): void {
  if (!fs.existsSync(folder)) return;
  if (!fs.statSync(folder).isDirectory()) throw new ExportFolderError(`${folder} is not a folder`);
  if (fs.readdirSync(folder).length > 0) throw new ExportFolderError(`${folder} is not empty; give a new or empty folder`);
}

/**
 * A record waiting for its file id: the id column is decided only when every row of the kind is known, because
 * two dealerships may both hold an external id "p1"; such clashing rows are written with their internal ids.
 */
interface Pending {
  id: string;
  externalId: string | null;
  /** The rest of the CSV line after the id column, without the line end. */
  rest: string;
}

const num = (v: number | null | undefined): string => (v === null || v === undefined ? '' : String(v));
const rest = (cells: Cell[]): string => cells.map(csvField).join(',');

/** Internal id -> file id: the external id unless another record of the kind has the same one. */
function fileIds(rows: Iterable<{ id: string; externalId: string | null }>): Map<string, string> {
  const uses = new Map<string, number>();
  const list: { id: string; externalId: string | null }[] = [];
  for (const r of rows) {
    list.push(r);
    const f = r.externalId ?? r.id;
    uses.set(f, (uses.get(f) ?? 0) + 1);
  }
  const out = new Map<string, string>();
  for (const r of list) {
    const f = r.externalId ?? r.id;
    out.set(r.id, uses.get(f)! > 1 ? r.id : f);
  }
  return out;
}

/** Sorted lines, so the same records always give the same bytes whatever order the database returned. */
async function writeSorted(folder: string, kind: FileKind, header: string[], lines: string[]): Promise<number> {
  lines.sort();
  const w = new CsvFileWriter(path.join(folder, fileName(kind)), header);
  for (const l of lines) await w.writeLine(l);
  await w.close();
  return lines.length;
}

async function pages<T extends { id: string }>(
  fetch: (after: string, limit: number) => Promise<T[]>,
  limit: number,
  each: (rows: T[]) => void | Promise<void>,
): Promise<void> {
  let after = '';
  for (;;) {
    const rows = await fetch(after, limit);
    if (rows.length === 0) return;
    await each(rows);
    after = rows[rows.length - 1]!.id;
    if (rows.length < limit) return;
  }
}

function chunks<T>(list: T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < list.length; i += size) out.push(list.slice(i, i + size));
  return out;
}

/** The shared writer of export and handover: each method writes one file from rows already selected. */
export class FolderWriter {
  readonly files: { file: string; rows: number }[] = [];
  readonly warnings: string[] = [];
  /** Internal id -> file id of the people and sales written so far (references resolve through these). */
  personIds = new Map<string, string>();
  saleIds = new Map<string, string>();

  constructor(
    readonly folder: string,
    readonly withDealership: boolean,
    private readonly onFile?: (file: string, rows: number) => void,
  ) {
    fs.mkdirSync(folder, { recursive: true });
  }

  private async finish(kind: FileKind, lines: string[]): Promise<void> {
    const rows = await writeSorted(this.folder, kind, exportColumns(kind, this.withDealership), lines);
    this.files.push({ file: fileName(kind), rows });
    this.onFile?.(fileName(kind), rows);
  }

  private dealerCell(d: string | null): Cell[] {
    return this.withDealership ? [d] : [];
  }

  private resolve(pending: Pending[]): { ids: Map<string, string>; lines: string[] } {
    const ids = fileIds(pending);
    const lines = pending.map((p) => `${csvField(ids.get(p.id)!)},${p.rest}\r\n`);
    return { ids, lines };
  }

  async people(rows: q.PersonOut[]): Promise<void> {
    const pending: Pending[] = rows.map((p) => ({
      id: p.id,
      externalId: p.externalId,
      rest: rest([
        p.name,
        p.phone,
        p.region,
        fileWord(PERSON_KINDS, p.kind),
        p.shareConsent,
        p.contactConsent,
        p.city,
        p.employer,
        p.notes,
        ...this.dealerCell(p.dealershipId),
      ]),
    }));
    const { ids, lines } = this.resolve(pending);
    this.personIds = ids;
    await this.finish('people', lines);
  }

  async sales(rows: q.SaleOut[]): Promise<void> {
    const pending: Pending[] = [];
    for (const s of rows) {
      const buyer = s.buyer ? this.personIds.get(s.buyer) : undefined;
      if (buyer === undefined || !s.brand || !s.model || !s.date) {
        this.warnings.push(`sale ${s.externalId ?? s.id}: ${buyer === undefined ? 'buyer' : 'model or date'} not exported; sale left out`);
        continue;
      }
      pending.push({
        id: s.id,
        externalId: s.externalId,
        rest: rest([buyer, s.brand, s.model, s.date, num(s.price), s.vin, s.salesperson, ...this.dealerCell(s.dealershipId)]),
      });
    }
    const { ids, lines } = this.resolve(pending);
    this.saleIds = ids;
    await this.finish('sales', lines);
  }

  private tieLines: string[] = [];
  private referralLines: string[] = [];

  /** Ties are added page by page (millions of them) and written by finishTies. */
  addTies(rows: q.TieOut[]): void {
    for (const t of rows) {
      const from = this.personIds.get(t.from);
      const to = this.personIds.get(t.to);
      if (from === undefined || to === undefined) continue; // a tie to someone outside the export
      this.tieLines.push(
        csvLine([
          from,
          to,
          fileWord(TIE_KINDS, t.type),
          num(t.strength ?? 0.5),
          fileWord(TIE_SOURCES, t.source ?? 'IMPORT'),
          t.since,
          t.confirmed ?? false,
        ]),
      );
    }
  }

  async finishTies(): Promise<void> {
    const lines = this.tieLines;
    this.tieLines = [];
    await this.finish('ties', lines);
  }

  addReferrals(rows: q.ReferralOut[]): void {
    for (const r of rows) {
      const from = this.personIds.get(r.from);
      const to = this.personIds.get(r.to);
      if (from === undefined || to === undefined || !r.date) continue;
      const sale = r.saleId ? (this.saleIds.get(r.saleId) ?? '') : '';
      this.referralLines.push(csvLine([from, to, r.date, r.channel, sale]));
    }
  }

  async finishReferrals(): Promise<void> {
    const lines = this.referralLines;
    this.referralLines = [];
    await this.finish('referrals', lines);
  }

  async visits(rows: q.VisitOut[]): Promise<void> {
    const pending: Pending[] = [];
    for (const v of rows) {
      const person = v.person ? this.personIds.get(v.person) : undefined;
      if (person === undefined || !v.date) {
        this.warnings.push(`visit ${v.externalId ?? v.id}: visitor not exported; visit left out`);
        continue;
      }
      const companions = v.companions
        .map((c) => {
          const id = this.personIds.get(c.id);
          return id === undefined ? null : `${id}:${fileWord(COMPANION_ROLES, c.role ?? 'OTHER')}`;
        })
        .filter((x): x is string => x !== null)
        .sort()
        .join(';');
      pending.push({
        id: v.id,
        externalId: v.externalId,
        rest: rest([person, v.date, companions, fileWord(VISIT_KINDS, v.kind ?? 'SHOWROOM'), v.notes, ...this.dealerCell(v.dealershipId)]),
      });
    }
    await this.finish('visits', this.resolve(pending).lines);
  }

  async testimonials(rows: q.TestimonialOut[]): Promise<void> {
    const pending: Pending[] = [];
    for (const t of rows) {
      const author = t.author ? this.personIds.get(t.author) : undefined;
      const sale = t.sale ? this.saleIds.get(t.sale) : undefined;
      if (author === undefined || sale === undefined || !t.date || !t.text) {
        this.warnings.push(`testimonial ${t.externalId ?? t.id}: its author or sale is not in the export; left out`);
        continue;
      }
      pending.push({
        id: t.id,
        externalId: t.externalId,
        rest: rest([
          author,
          sale,
          t.text,
          num(t.rating),
          t.date,
          t.consentToPublish,
          t.consentToBeCalled,
          fileWord(TESTIMONIAL_STATUSES, t.status),
          ...this.dealerCell(t.dealershipId),
        ]),
      });
    }
    await this.finish('testimonials', this.resolve(pending).lines);
  }

  async serviceRecords(rows: q.ServiceOut[]): Promise<void> {
    const pending: Pending[] = [];
    for (const r of rows) {
      const sale = r.sale ? this.saleIds.get(r.sale) : undefined;
      if (sale === undefined || !r.date) {
        this.warnings.push(`service record ${r.externalId ?? r.id}: its sale is not in the export; left out`);
        continue;
      }
      pending.push({
        id: r.id,
        externalId: r.externalId,
        rest: rest([sale, r.date, fileWord(SERVICE_KINDS, r.kind), num(r.mileage), r.notes, ...this.dealerCell(r.dealershipId)]),
      });
    }
    await this.finish('service_records', this.resolve(pending).lines);
  }

  async interactions(rows: q.InteractionOut[]): Promise<void> {
    const pending: Pending[] = [];
    for (const i of rows) {
      const person = i.person ? this.personIds.get(i.person) : undefined;
      if (person === undefined || !i.date) continue;
      pending.push({
        id: i.id,
        externalId: i.externalId,
        rest: rest([person, i.date, fileWord(INTERACTION_KINDS, i.kind), i.notes, ...this.dealerCell(i.dealershipId)]),
      });
    }
    await this.finish('interactions', this.resolve(pending).lines);
  }

  async vehicleModels(rows: q.ModelOut[]): Promise<void> {
    const seen = new Set<string>();
    const lines: string[] = [];
    for (const m of rows) {
      const key = `${m.brand}\u0000${m.model}`;
      if (seen.has(key)) continue; // two app-made nodes for one model: one row
      seen.add(key);
      lines.push(csvLine([m.brand, m.model, m.segment, num(m.basePrice)]));
    }
    await this.finish('vehicle_models', lines);
  }

  /** Organisations, the employments of exported people, and supply links among the exported organisations. */
  async organizations(orgs: q.OrgOut[], employments: q.EmploymentOut[], supplies: { from: string; to: string }[]): Promise<void> {
    const pending: Pending[] = orgs.map((o) => ({
      id: o.id,
      externalId: o.externalId,
      rest: rest([o.name, o.industry, o.region]),
    }));
    const { ids, lines } = this.resolve(pending);
    await this.finish('organizations', lines);
    const emp: string[] = [];
    for (const e of employments) {
      const p = this.personIds.get(e.person);
      const o = ids.get(e.org);
      if (p !== undefined && o !== undefined) emp.push(csvLine([p, o, e.title, e.since]));
    }
    await this.finish('employments', emp);
    const sup: string[] = [];
    for (const s of supplies) {
      const a = ids.get(s.from);
      const b = ids.get(s.to);
      if (a !== undefined && b !== undefined) sup.push(csvLine([a, b]));
    }
    await this.finish('supplies', sup);
  }

  async dealerships(rows: q.DealershipOut[]): Promise<void> {
    const lines = rows.map((d) => csvLine([d.id, d.name, d.city, d.region, (d.brands ?? []).join(';')]));
    await this.finish('dealerships', lines);
  }

  async users(rows: q.UserOut[]): Promise<void> {
    const pending: Pending[] = rows.map((u) => ({
      id: u.id,
      externalId: u.externalId,
      rest: rest([u.username, u.displayName, fileWord(USER_ROLES, u.role), u.dealershipId, u.passwordHash, u.disabled]),
    }));
    await this.finish('users', this.resolve(pending).lines);
  }
}

async function collectPages<T extends { id: string }>(
  fetch: (after: string, limit: number) => Promise<T[]>,
  limit: number,
): Promise<T[]> {
  const all: T[] = [];
  await pages(fetch, limit, (rows) => {
    for (const r of rows) all.push(r);
  });
  return all;
}

/**
 * Writes the database (or one dealership) as the interchange format. With a dealership: its people plus the people
 * its records name, its records, the ties and referrals among those people, their employers; no users or
 * dealerships files and no dealership column. Without: everything, with the dealership column.
 */
export async function exportFolder(db: QueryRunner, folder: string, opts: ExportOptions = {}): Promise<ExportReport> {
  const t0 = Date.now();
  assertEmptyFolder(folder);
  const d = opts.dealershipId ?? null;
  const limit = opts.pageSize ?? 10_000;
  const out = new FolderWriter(folder, d === null, opts.onFile);

  if (d === null) {
    await out.dealerships(await q.dealerships(db, null));
    await out.users(await q.users(db));
  }

  // people: compact before holding a million of them
  let people = await collectPages((after, n) => q.peoplePage(db, d, after, n), limit);
  if (d !== null) {
    const outsiders = await q.referencedOutsiders(db, d);
    for (const part of chunks(outsiders, limit)) people.push(...(await q.peopleByIds(db, part)));
  }
  const personInternal = people.map((p) => p.id).sort();
  await out.people(people);
  people = [];

  const sales = await collectPages((after, n) => q.salesPage(db, d, after, n), limit);
  const modelIds = [...new Set(sales.map((s) => s.modelId).filter((x): x is string => x !== null))];
  await out.vehicleModels(await q.vehicleModels(db, d === null ? null : modelIds));

  // organisations: all of them, or the employers of the exported people
  const employments: q.EmploymentOut[] = [];
  for (const part of chunks(personInternal, limit)) employments.push(...(await q.employmentsOf(db, part)));
  const orgs =
    d === null
      ? await collectPages((after, n) => q.orgsPage(db, after, n), limit)
      : (
          await Promise.all(chunks([...new Set(employments.map((e) => e.org))].sort(), limit).map((part) => q.orgsByIds(db, part)))
        ).flat();
  const supplies: { from: string; to: string }[] = [];
  for (const part of chunks(orgs.map((o) => o.id).sort(), limit)) supplies.push(...(await q.suppliesFrom(db, part)));
  await out.organizations(orgs, employments, supplies);

  await out.sales(sales);

  for (const part of chunks(personInternal, 5_000)) {
    out.addTies(await q.tiesFrom(db, part));
    out.addReferrals(await q.referralsFrom(db, part));
  }
  await out.finishTies();
  await out.finishReferrals();

  await out.visits(await collectPages((after, n) => q.visitsPage(db, d, after, n), limit));
  await out.testimonials(await collectPages((after, n) => q.testimonialsPage(db, d, after, n), limit));
  await out.serviceRecords(await collectPages((after, n) => q.servicePage(db, d, after, n), limit));
  await out.interactions(await collectPages((after, n) => q.interactionsPage(db, d, after, n), limit));

  return { files: out.files, warnings: out.warnings, ms: Date.now() - t0 };
}
