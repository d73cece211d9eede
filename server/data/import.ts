import fs from 'node:fs';
import path from 'node:path';
import { DEFAULT_FOLLOWUP_DAYS } from '../config.js';
import type { TieType } from '../domain.js';
import { TIE_TYPES } from '../domain.js';
import type { QueryRunner, TxRunner } from '../queries/driver.js';
import * as q from '../queries/data-import.queries.js';
import { addDays } from '../services/routines/dates.js';
import { todayInChina } from '../services/validate.js';
import type { AdminCsvStage, Columns } from './admin-csv-stage.js';
import { CsvSyntaxError, parseCsv, readFileChunks, textChunks } from './csv.js';
import {
  COMPANION_ROLES,
  FILE_KINDS,
  FILE_SPECS,
  INTERACTION_KINDS,
  PERSON_KINDS,
  SERVICE_KINDS,
  TESTIMONIAL_STATUSES,
  TIE_KINDS,
  TIE_SOURCES,
  USER_ROLES,
  UUID_RE,
  VISIT_KINDS,
  fileName,
  importedFollowUpId,
  internalId,
  vehicleModelId,
  type FileKind,
  type IdKind,
} from './format.js';
import {
  isBad,
  parseBool,
  parseDate,
  parseEnum,
  parseInteger,
  parseNumber,
  parseOptionalDate,
  parsePasswordHash,
  parsePhone,
  parseVin,
  text,
  type Bad,
} from './values.js';

/** Where a file's text comes from: a file on disk (CLI) or an uploaded string (API). */
export interface CsvSource {
  name: string;
  chunks(): AsyncIterable<string>;
  /** Lines in the file, for the progress of a single-pass (offline) import. */
  countLines?(): number;
}

export interface ImportProgress {
  file: string;
  done: number;
  total: number;
  elapsedMs: number;
}

export interface ImportOptions {
  /** The dealership of rows without a `dealership` column value. */
  dealershipId?: string | null;
  /** User id stored as recordedBy on new people and ties (API uploads). */
  recordedBy?: string | null;
  /** Rows per transaction (default 10,000). */
  batchSize?: number;
  onProgress?: (p: ImportProgress) => void;
  /** Clock for "future date" checks and createdAt (tests). */
  now?: Date;
  /**
   * Days after a sale its thank-you call is due (QUANZI_FOLLOWUP_DAYS, default 7). A sale whose call would still be
   * due on the import day, and whose salesperson is a user, gets one OPEN call assigned to them, as recordSale does.
   */
  followUpDays?: number;
  /** Stop listing after this many errors (default 200). */
  maxErrors?: number;
  /**
   * Offline import: the target database does not exist yet (nothing to check against), and every validated row
   * is written to these neo4j-admin files in the same pass instead of being loaded over Bolt.
   */
  stage?: AdminCsvStage;
}

export interface FileCount {
  file: string;
  rows: number;
  /** Records (nodes, or relationships for link files) that did not exist before. */
  created: number;
  /** Time spent loading this file (after validation). */
  ms?: number;
}

export interface ImportReport {
  files: FileCount[];
  rows: number;
  ties: number;
  validateMs: number;
  loadMs: number;
  warnings: string[];
}

/** Validation failed: nothing was written. `errors` are `file:line: message`. */
export class ImportValidationError extends Error {
  constructor(
    readonly errors: string[],
    readonly total: number,
  ) {
    super(
      `${total} error${total === 1 ? '' : 's'} in the import; nothing was written:\n` +
        errors.join('\n') +
        (total > errors.length ? `\n… and ${total - errors.length} more` : ''),
    );
    this.name = 'ImportValidationError';
  }
}

const PERSON_LIMIT = 1 << 24; // pair keys pack two person indexes into one double

class ErrorList {
  private readonly entries: { file: string; line: number; text: string }[] = [];
  count = 0;
  constructor(private readonly max: number) {}
  add(file: string, line: number | null, msg: string): void {
    this.count++;
    if (this.entries.length < this.max) {
      this.entries.push({ file, line: line ?? 0, text: line === null ? `${file}: ${msg}` : `${file}:${line}: ${msg}` });
    }
  }

  /** In load order of the files, then by line. */
  get list(): string[] {
    const rank = (f: string) => FILE_KINDS.findIndex((k) => fileName(k) === f);
    return [...this.entries].sort((a, b) => rank(a.file) - rank(b.file) || a.line - b.line).map((e) => e.text);
  }
}

/** File ids of one kind: index, first line, dealership index and (when computed) internal id. */
class IdIndex {
  readonly ids = new Map<string, number>();
  readonly lines: number[] = [];
  readonly dealer: number[] = [];
  readonly internal: string[] = [];
  add(id: string, line: number, dealer: number, internal: string): number {
    const i = this.lines.length;
    this.ids.set(id, i);
    this.lines.push(line);
    this.dealer.push(dealer);
    this.internal.push(internal);
    return i;
  }
}

/** Growable list of packed pair keys; duplicates found by sorting once. */
class PairKeys {
  private keys = new Float64Array(1024);
  n = 0;
  add(k: number): void {
    if (this.n === this.keys.length) {
      const next = new Float64Array(this.keys.length * 2);
      next.set(this.keys);
      this.keys = next;
    }
    this.keys[this.n++] = k;
  }
  duplicates(): Set<number> {
    const a = this.keys.subarray(0, this.n);
    a.sort();
    const dups = new Set<number>();
    for (let i = 1; i < a.length; i++) if (a[i] === a[i - 1]) dups.add(a[i]!);
    this.keys = new Float64Array(0);
    return dups;
  }
}

const pairKey = (a: number, b: number, kind: number) => (a * PERSON_LIMIT + b) * 8 + kind;
const TIE_TYPE_LIST = TIE_TYPES as readonly TieType[];
const SYMMETRIC = new Set<TieType>(['FAMILY', 'FRIEND', 'COLLEAGUE', 'BUSINESS_PARTNER']);
const DEALER_ID_RE = /^[A-Za-z0-9][\w.:-]{0,63}$/;
const INTERNAL_ID_RE = /^(per|sal|vis|tst|svc|int|org|usr)_[A-Za-z0-9_-]{20}$/;

type Cols = Record<string, number>;
type Fields = string[];
type Row = Record<string, unknown>;

/** A file id of this shape may name a record that already exists without an external id (made in the app). */
const mayBeAppId = (id: string) => UUID_RE.test(id) || INTERNAL_ID_RE.test(id);

/** Properties (and their types) of what the offline import stages; the same as the Bolt load writes. */
const STAGE_COLUMNS = {
  Dealership: [['id', 'string'], ['name', 'string'], ['city', 'string'], ['region', 'string'], ['brands', 'string[]']],
  User: [
    ['id', 'string'], ['externalId', 'string'], ['username', 'string'], ['displayName', 'string'], ['role', 'string'],
    ['dealershipId', 'string'], ['disabled', 'boolean'], ['passwordHash', 'string'], ['createdAt', 'datetime'],
  ],
  VehicleModel: [['id', 'string'], ['brand', 'string'], ['model', 'string'], ['segment', 'string'], ['basePrice', 'double']],
  Organization: [['id', 'string'], ['externalId', 'string'], ['name', 'string'], ['industry', 'string'], ['region', 'string']],
  Person: [
    ['id', 'string'], ['externalId', 'string'], ['name', 'string'], ['phone', 'string'], ['region', 'string'], ['kind', 'string'],
    ['shareConsent', 'boolean'], ['contactConsent', 'boolean'], ['dealershipId', 'string'], ['city', 'string'],
    ['employer', 'string'], ['notes', 'string'], ['createdAt', 'datetime'], ['recordedBy', 'string'],
  ],
  Sale: [
    ['id', 'string'], ['externalId', 'string'], ['price', 'double'], ['vin', 'string'], ['dealershipId', 'string'],
    ['salespersonId', 'string'], ['date', 'date'], ['createdAt', 'datetime'],
  ],
  FollowUp: [
    ['id', 'string'], ['dueDate', 'date'], ['status', 'string'], ['dealershipId', 'string'], ['assigneeId', 'string'],
    ['createdAt', 'datetime'], ['attempts', 'long'],
  ],
  Visit: [['id', 'string'], ['externalId', 'string'], ['dealershipId', 'string'], ['notes', 'string'], ['date', 'date'], ['kind', 'string']],
  Testimonial: [
    ['id', 'string'], ['externalId', 'string'], ['text', 'string'], ['rating', 'double'], ['consentToPublish', 'boolean'],
    ['consentToBeCalled', 'boolean'], ['status', 'string'], ['dealershipId', 'string'], ['date', 'date'],
  ],
  ServiceRecord: [
    ['id', 'string'], ['externalId', 'string'], ['kind', 'string'], ['mileage', 'double'], ['notes', 'string'],
    ['dealershipId', 'string'], ['date', 'date'],
  ],
  Interaction: [['id', 'string'], ['externalId', 'string'], ['kind', 'string'], ['dealershipId', 'string'], ['notes', 'string'], ['date', 'date']],
  WORKS_AT: [['title', 'string'], ['since', 'date']],
  tie: [['strength', 'double'], ['source', 'string'], ['confirmed', 'boolean'], ['since', 'date'], ['createdAt', 'datetime'], ['recordedBy', 'string']],
  REFERRED: [['channel', 'string'], ['saleId', 'string'], ['date', 'date']],
  ACCOMPANIED: [['role', 'string']],
} as const satisfies Record<string, Columns>;

/** Waits for the writes that asked to (a full buffer); null when none did. */
function all(writes: (Promise<void> | null)[]): Promise<void> | null {
  const waiting = writes.filter((w): w is Promise<void> => w !== null);
  return waiting.length === 0 ? null : Promise.all(waiting).then(() => undefined);
}

class Importer {
  private readonly errors: ErrorList;
  readonly warnings: string[] = [];
  private readonly today: string;
  private readonly now: string;
  readonly counts = new Map<FileKind, FileCount>();

  // dealerships
  private readonly dealerIds: string[] = [];
  private readonly dealerIndex = new Map<string, number>();
  private readonly dealerFirstUse = new Map<string, string>();
  private readonly dealerFile = new Set<string>();
  // keyed kinds
  private readonly people = new IdIndex();
  private readonly sales = new IdIndex();
  private readonly users = new IdIndex();
  private readonly orgs = new IdIndex();
  private readonly simpleIds: Partial<Record<FileKind, Map<string, number>>> = {};
  /** username -> [line, file id] and vin -> [line, sale file id], for duplicate and database checks */
  private readonly usernames = new Map<string, [number, string]>();
  private readonly vins = new Map<string, [number, string]>();
  private readonly models = new Map<string, { brand: string; model: string; props: Row | null }>();
  private modelIds = new Map<string, string>();
  private readonly salespeople = new Set<string>();
  private salespersonIds = new Map<string, string>();
  private readonly pairKeys: Partial<Record<FileKind, PairKeys>> = {};
  private readonly smallPairs: Partial<Record<FileKind, Map<string, number>>> = {};
  /** File ids (per kind, keyed `dealer\0id`) that name existing app records and keep their id. */
  private readonly appCandidates = new Map<FileKind, { id: string; dealer: string | null; key: string }[]>();
  private readonly appIds = new Map<FileKind, Set<string>>();
  private interactionSeq = new Map<string, number>();

  constructor(
    private readonly db: QueryRunner | null,
    private readonly sources: Partial<Record<FileKind, CsvSource>>,
    private readonly opts: ImportOptions,
  ) {
    this.errors = new ErrorList(opts.maxErrors ?? 200);
    const now = opts.now ?? new Date();
    // dates are checked against the dealer's calendar, as the app's own forms do
    this.today = todayInChina(now);
    this.now = now.toISOString();
  }

  /** Offline: rows are built in the validating pass too, as long as nothing failed so far. */
  private get building(): boolean {
    return this.opts.stage !== undefined && this.errors.count === 0;
  }

  // ---------------------------------------------------------------- pass 1: validate

  async validate(): Promise<void> {
    if (!this.sources.people) this.errors.add('people.csv', null, 'missing: every import needs people.csv');
    if (this.opts.dealershipId != null && !DEALER_ID_RE.test(this.opts.dealershipId)) {
      this.errors.add('--dealership', null, `"${this.opts.dealershipId}" is not a dealership id`);
    }
    const stage = this.opts.stage ?? null;
    const started = Date.now();
    const total = stage ? FILE_KINDS.reduce((n, k) => n + Math.max(0, (this.sources[k]?.countLines?.() ?? 1) - 1), 0) : 0;
    let done = 0;
    for (const kind of FILE_KINDS) {
      const src = this.sources[kind];
      if (!src) continue;
      const count: FileCount = { file: fileName(kind), rows: 0, created: 0 };
      this.counts.set(kind, count);
      const t = Date.now();
      await this.scan(kind, src, true, (f, line, cols) => {
        count.rows++;
        const row = this.check(kind, f, line, cols);
        if (!stage || this.errors.count > 0) return;
        if (++done % 50_000 === 0) this.opts.onProgress?.({ file: count.file, done, total, elapsedMs: Date.now() - started });
        return this.stageRow(stage, kind, f, cols, row);
      });
      if (stage) count.ms = Date.now() - t;
    }
    await this.checkDuplicatePairs();
    await this.checkAgainstDatabase();
    if (this.errors.count > 0) throw new ImportValidationError(this.errors.list, this.errors.count);
    if (stage) {
      await this.stageModels(stage);
      for (const c of this.counts.values()) c.created = c.rows;
      this.opts.onProgress?.({ file: 'done', done, total: Math.max(total, done), elapsedMs: Date.now() - started });
    }
    // only what loading needs stays in memory
    for (const k of Object.keys(this.simpleIds) as FileKind[]) delete this.simpleIds[k];
    for (const k of Object.keys(this.smallPairs) as FileKind[]) delete this.smallPairs[k];
    this.usernames.clear();
    this.vins.clear();
    this.appCandidates.clear();
  }

  /** Reads one file: header checks, then each row; syntax errors become line-numbered errors. */
  private async scan(
    kind: FileKind,
    src: CsvSource,
    validating: boolean,
    onRow: (f: Fields, line: number, cols: Cols) => void | null | Promise<void>,
  ): Promise<void> {
    const file = fileName(kind);
    const spec = FILE_SPECS[kind];
    let cols: Cols | null = null;
    let width = 0;
    try {
      for await (const batch of parseCsv(src.chunks())) {
        for (const rec of batch) {
          if (cols === null) {
            const header = rec.fields.map((h) => h.trim().toLowerCase());
            cols = {};
            for (const c of [...spec.required, ...spec.optional]) cols[c] = header.indexOf(c);
            width = header.length;
            if (validating) {
              const missing = spec.required.filter((c) => cols![c]! < 0);
              for (const c of missing) this.errors.add(file, rec.line, `missing column "${c}"`);
              const seen = new Set<string>();
              for (const h of header) {
                if (seen.has(h)) this.errors.add(file, rec.line, `column "${h}" appears twice`);
                seen.add(h);
                if (!(cols[h] !== undefined)) this.warnings.push(`${file}: column "${h}" is not part of the format; ignored`);
              }
              if (missing.length > 0) return;
            }
            continue;
          }
          if (validating && rec.fields.length !== width) {
            this.errors.add(file, rec.line, `${rec.fields.length} fields, the header has ${width}`);
            continue;
          }
          const r = onRow(rec.fields, rec.line, cols);
          if (r) await r;
        }
      }
    } catch (err) {
      if (err instanceof CsvSyntaxError) {
        this.errors.add(file, err.line, err.message);
        return;
      }
      throw err;
    }
    if (cols === null && validating) this.errors.add(file, 1, 'missing header row (the file is empty)');
  }

  /** Validates a row; while staging (offline, no error so far) also returns the row to write. */
  private check(kind: FileKind, f: Fields, line: number, c: Cols): unknown {
    switch (kind) {
      case 'dealerships':
        return this.dealershipRow(f, line, c, true);
      case 'users':
        return this.userRow(f, line, c, true);
      case 'vehicle_models':
        return this.modelRow(f, line, c, true);
      case 'organizations':
        return this.orgRow(f, line, c, true);
      case 'people':
        return this.personRow(f, line, c, true);
      case 'sales':
        return this.saleRow(f, line, c, true);
      case 'employments':
        return this.employmentRow(f, line, c, true);
      case 'supplies':
        return this.supplyRow(f, line, c, true);
      case 'ties':
        return this.tieRow(f, line, c, true);
      case 'referrals':
        return this.referralRow(f, line, c, true);
      case 'visits':
        return this.visitRow(f, line, c, true);
      case 'testimonials':
        return this.testimonialRow(f, line, c, true);
      case 'service_records':
        return this.serviceRow(f, line, c, true);
      case 'interactions':
        return this.interactionRow(f, line, c, true);
    }
  }

  // ---- helpers shared by both passes

  private cell(f: Fields, c: Cols, col: string): string {
    const i = c[col];
    return i === undefined || i < 0 ? '' : (f[i] ?? '');
  }

  private has(c: Cols, col: string): boolean {
    return (c[col] ?? -1) >= 0;
  }

  /** Records the error when validating; returns whether the value is good. */
  private ok<T>(v: T | Bad, file: string, line: number, validating: boolean): v is T {
    if (isBad(v)) {
      if (validating) this.errors.add(file, line, v.error);
      return false;
    }
    return true;
  }

  private requireText(f: Fields, c: Cols, col: string, file: string, line: number, validating: boolean): string | null {
    const v = this.cell(f, c, col);
    if (v.trim() === '') {
      if (validating) this.errors.add(file, line, `${col} is empty`);
      return null;
    }
    return v;
  }

  private dealerOf(f: Fields, c: Cols, file: string, line: number, validating: boolean): number {
    const id = this.cell(f, c, 'dealership').trim() || this.opts.dealershipId || '';
    if (id === '') {
      if (validating) this.errors.add(file, line, 'no dealership: add a dealership column or pass --dealership');
      return -1;
    }
    return this.internDealer(id, file, line, validating);
  }

  private internDealer(id: string, file: string, line: number, validating: boolean): number {
    let i = this.dealerIndex.get(id);
    if (i === undefined) {
      if (validating && !DEALER_ID_RE.test(id)) {
        this.errors.add(file, line, `dealership "${id}" is not a valid dealership id`);
        return -1;
      }
      i = this.dealerIds.length;
      this.dealerIds.push(id);
      this.dealerIndex.set(id, i);
      this.dealerFirstUse.set(id, `${file}:${line}`);
    }
    return i;
  }

  private person(f: Fields, c: Cols, col: string, file: string, line: number, validating: boolean): number {
    const id = this.cell(f, c, col).trim();
    const i = this.people.ids.get(id);
    if (i === undefined) {
      if (validating) this.errors.add(file, line, id === '' ? `${col} is empty` : `unknown person "${id}"`);
      return -1;
    }
    return i;
  }

  private sale(id: string, col: string, file: string, line: number, validating: boolean): number {
    const i = this.sales.ids.get(id);
    if (i === undefined) {
      if (validating) this.errors.add(file, line, id === '' ? `${col} is empty` : `unknown sale "${id}"`);
      return -1;
    }
    return i;
  }

  /** Registers a keyed row's id; false (and an error) for an empty or repeated id. */
  private newId(kind: FileKind, id: string, file: string, line: number, index?: IdIndex): boolean {
    if (id === '') {
      this.errors.add(file, line, 'id is empty');
      return false;
    }
    if (index) {
      // the index itself knows the ids (a million people need no second map)
      const at = index.ids.get(id);
      if (at === undefined) return true;
      this.errors.add(file, line, `duplicate id "${id}" (first on line ${index.lines[at]})`);
      return false;
    }
    const map = (this.simpleIds[kind] ??= new Map());
    const first = map.get(id);
    if (first !== undefined) {
      this.errors.add(file, line, `duplicate id "${id}" (first on line ${first})`);
      return false;
    }
    map.set(id, line);
    return true;
  }

  private noteAppCandidate(kind: FileKind, id: string, dealer: string | null): void {
    if (!mayBeAppId(id)) return;
    const list = this.appCandidates.get(kind) ?? [];
    list.push({ id, dealer, key: `${dealer ?? ''}\u0000${id}` });
    this.appCandidates.set(kind, list);
  }

  /** The internal id of a row of a kind whose ids are computed at load time. */
  private loadId(kind: FileKind, idKind: IdKind, dealer: string, fileId: string): string {
    return this.appIds.get(kind)?.has(`${dealer}\u0000${fileId}`) ? fileId : internalId(idKind, dealer, fileId);
  }

  // ---- one method per file: validates (validating=true) or builds the row to load

  private dealershipRow(f: Fields, line: number, c: Cols, validating: boolean): Row | null {
    const file = 'dealerships.csv';
    const id = this.cell(f, c, 'id').trim();
    const name = this.requireText(f, c, 'name', file, line, validating);
    if (validating) {
      if (!DEALER_ID_RE.test(id)) this.errors.add(file, line, `id "${id}" is not a valid dealership id`);
      else if (this.dealerFile.has(id)) this.errors.add(file, line, `duplicate id "${id}"`);
      this.dealerFile.add(id);
      if (!this.building) return null;
    }
    const brands = this.cell(f, c, 'brands')
      .split(';')
      .map((s) => s.trim())
      .filter((s) => s !== '');
    return { id, name, city: text(this.cell(f, c, 'city').trim()), region: text(this.cell(f, c, 'region').trim()), brands };
  }

  private userRow(f: Fields, line: number, c: Cols, validating: boolean): Row | null {
    const file = 'users.csv';
    const id = this.cell(f, c, 'id').trim();
    const username = this.cell(f, c, 'username').trim();
    const role = parseEnum(this.cell(f, c, 'role'), 'role', USER_ROLES);
    const hash = parsePasswordHash(this.cell(f, c, 'password_hash'));
    const disabled = parseBool(this.cell(f, c, 'disabled'), 'disabled');
    const dealer = this.cell(f, c, 'dealership').trim();
    if (validating) {
      if (!this.newId('users', id, file, line, this.users)) return null;
      if (!/^[^\s,]{2,64}$/.test(username)) this.errors.add(file, line, `username "${username}" must be 2-64 characters without spaces`);
      const firstU = this.usernames.get(username);
      if (firstU !== undefined) this.errors.add(file, line, `duplicate username "${username}" (first on line ${firstU[0]})`);
      else this.usernames.set(username, [line, id]);
      this.ok(role, file, line, true);
      this.ok(hash, file, line, true);
      this.ok(disabled, file, line, true);
      if (dealer !== '') this.internDealer(dealer, file, line, true);
      this.users.add(id, line, -1, internalId('user', '', id));
      this.noteAppCandidate('users', id, null);
      if (!this.building) return null;
    }
    const displayName = this.cell(f, c, 'display_name');
    const props: Row = {
      externalId: null,
      username,
      displayName: displayName.trim() === '' ? username : displayName,
      role,
      dealershipId: dealer === '' ? null : dealer,
      disabled,
    };
    const internal = this.users.internal[this.users.ids.get(id)!]!;
    props.externalId = internal === id ? null : id;
    // an empty hash keeps the stored one: a backup without passwords must not lock people out
    if (hash !== null) props.passwordHash = hash;
    return { id: internal, props };
  }

  private modelRow(f: Fields, line: number, c: Cols, validating: boolean): Row | null {
    const file = 'vehicle_models.csv';
    const brand = this.requireText(f, c, 'brand', file, line, validating);
    const model = this.requireText(f, c, 'model', file, line, validating);
    const priceRaw = this.cell(f, c, 'base_price');
    const price = priceRaw.trim() === '' ? null : parseNumber(priceRaw, 'base_price', 0, 1e9);
    if (!this.ok(price, file, line, validating) || brand === null || model === null) return null;
    const key = `${brand}\u0000${model}`;
    if (validating) {
      if (this.models.get(key)?.props) this.errors.add(file, line, `duplicate model "${brand} ${model}"`);
      this.models.set(key, { brand, model, props: { segment: text(this.cell(f, c, 'segment')), basePrice: price } });
    }
    return null;
  }

  private orgRow(f: Fields, line: number, c: Cols, validating: boolean): Row | null {
    const file = 'organizations.csv';
    const id = this.cell(f, c, 'id').trim();
    const name = this.requireText(f, c, 'name', file, line, validating);
    if (validating) {
      if (!this.newId('organizations', id, file, line, this.orgs)) return null;
      this.orgs.add(id, line, -1, internalId('org', '', id));
      this.noteAppCandidate('organizations', id, null);
      if (!this.building) return null;
    }
    const internal = this.orgs.internal[this.orgs.ids.get(id)!]!;
    return {
      id: internal,
      props: {
        externalId: internal === id ? null : id,
        name,
        industry: text(this.cell(f, c, 'industry')),
        region: text(this.cell(f, c, 'region')),
      },
    };
  }

  private personRow(f: Fields, line: number, c: Cols, validating: boolean): unknown[] | null {
    const file = 'people.csv';
    const id = this.cell(f, c, 'id').trim();
    const name = this.requireText(f, c, 'name', file, line, validating);
    const phone = parsePhone(this.cell(f, c, 'phone'));
    const kind = parseEnum(this.cell(f, c, 'kind'), 'kind', PERSON_KINDS);
    const share = parseBool(this.cell(f, c, 'share_consent'), 'share_consent');
    const contact = parseBool(this.cell(f, c, 'contact_consent'), 'contact_consent');
    if (validating) {
      const dealer = this.dealerOf(f, c, file, line, true);
      this.ok(phone, file, line, true);
      this.ok(kind, file, line, true);
      this.ok(share, file, line, true);
      this.ok(contact, file, line, true);
      if (!this.newId('people', id, file, line, this.people) || dealer < 0) return null;
      if (this.people.lines.length >= PERSON_LIMIT) {
        this.errors.add(file, line, `more than ${PERSON_LIMIT} people in one import; split the folder`);
        return null;
      }
      const d = this.dealerIds[dealer]!;
      this.people.add(id, line, dealer, internalId('person', d, id));
      this.noteAppCandidate('people', id, d);
      if (!this.building) return null;
    }
    const idx = this.people.ids.get(id)!;
    const internal = this.people.internal[idx]!;
    const props: Row = {
      externalId: internal === id ? null : id,
      name,
      phone,
      region: text(this.cell(f, c, 'region').trim()),
      kind,
      shareConsent: share,
      contactConsent: contact,
      dealershipId: this.dealerIds[this.people.dealer[idx]!],
    };
    if (this.has(c, 'city')) props.city = text(this.cell(f, c, 'city').trim());
    if (this.has(c, 'employer')) props.employer = text(this.cell(f, c, 'employer'));
    if (this.has(c, 'notes')) props.notes = text(this.cell(f, c, 'notes'));
    return [internal, props];
  }

  private saleRow(f: Fields, line: number, c: Cols, validating: boolean): Row | null {
    const file = 'sales.csv';
    const id = this.cell(f, c, 'id').trim();
    const brand = this.requireText(f, c, 'brand', file, line, validating);
    const model = this.requireText(f, c, 'model', file, line, validating);
    const date = parseDate(this.cell(f, c, 'date'), 'date');
    const price = parseNumber(this.cell(f, c, 'price'), 'price', 0, 1e9);
    const vin = parseVin(this.cell(f, c, 'vin'));
    const salesperson = this.cell(f, c, 'salesperson').trim();
    const buyer = this.person(f, c, 'buyer', file, line, validating);
    if (validating) {
      const dealer = this.dealerOf(f, c, file, line, true);
      if (this.ok(date, file, line, true) && date > this.today) this.errors.add(file, line, `date ${date} is in the future`);
      this.ok(price, file, line, true);
      if (this.ok(vin, file, line, true) && vin !== null) {
        const first = this.vins.get(vin);
        if (first !== undefined) this.errors.add(file, line, `duplicate vin "${vin}" (first on line ${first[0]})`);
        else this.vins.set(vin, [line, id]);
      }
      if (brand !== null && model !== null) {
        const key = `${brand}\u0000${model}`;
        if (!this.models.has(key)) this.models.set(key, { brand, model, props: null });
      }
      if (salesperson !== '' && !this.users.ids.has(salesperson)) this.salespeople.add(salesperson);
      if (!this.newId('sales', id, file, line, this.sales) || dealer < 0) return null;
      const d = this.dealerIds[dealer]!;
      this.sales.add(id, line, dealer, internalId('sale', d, id));
      this.noteAppCandidate('sales', id, d);
      if (!this.building) return null;
    }
    const idx = this.sales.ids.get(id)!;
    const internal = this.sales.internal[idx]!;
    const userIdx = this.users.ids.get(salesperson);
    const userId = salesperson === '' ? undefined : userIdx !== undefined ? this.users.internal[userIdx]! : this.salespersonIds.get(salesperson);
    const salespersonId = salesperson === '' ? null : (userId ?? salesperson);
    // the thank-you call of a sale still within its week on the import day (older sales are history)
    const due = addDays(date as string, this.opts.followUpDays ?? DEFAULT_FOLLOWUP_DAYS);
    const followUp = userId !== undefined && due >= this.today ? { id: importedFollowUpId(internal), dueDate: due, assigneeId: userId } : null;
    return {
      id: internal,
      buyer: this.people.internal[buyer],
      model: this.modelIds.get(`${brand}\u0000${model}`),
      date,
      followUp,
      props: {
        externalId: internal === id ? null : id,
        price,
        vin,
        dealershipId: this.dealerIds[this.sales.dealer[idx]!],
        salespersonId,
      },
    };
  }

  private employmentRow(f: Fields, line: number, c: Cols, validating: boolean): Row | null {
    const file = 'employments.csv';
    const p = this.person(f, c, 'person', file, line, validating);
    const orgId = this.cell(f, c, 'organization').trim();
    const o = this.orgs.ids.get(orgId);
    const since = parseOptionalDate(this.cell(f, c, 'since'), 'since');
    if (validating) {
      if (o === undefined) this.errors.add(file, line, `unknown organization "${orgId}"`);
      this.ok(since, file, line, true);
      if (p >= 0 && o !== undefined) this.pairOnce('employments', `${p}:${o}`, file, line, 'duplicate employment');
      if (!this.building) return null;
    }
    return { person: this.people.internal[p], org: this.orgs.internal[o!], title: text(this.cell(f, c, 'title')), since };
  }

  private supplyRow(f: Fields, line: number, c: Cols, validating: boolean): Row | null {
    const file = 'supplies.csv';
    const a = this.orgs.ids.get(this.cell(f, c, 'from').trim());
    const b = this.orgs.ids.get(this.cell(f, c, 'to').trim());
    if (validating) {
      if (a === undefined) this.errors.add(file, line, `unknown organization "${this.cell(f, c, 'from').trim()}"`);
      if (b === undefined) this.errors.add(file, line, `unknown organization "${this.cell(f, c, 'to').trim()}"`);
      if (a !== undefined && a === b) this.errors.add(file, line, 'an organization cannot supply itself');
      else if (a !== undefined && b !== undefined) this.pairOnce('supplies', `${a}:${b}`, file, line, 'duplicate link');
      if (!this.building) return null;
    }
    return { from: this.orgs.internal[a!], to: this.orgs.internal[b!] };
  }

  private pairOnce(kind: FileKind, key: string, file: string, line: number, what: string): void {
    const map = (this.smallPairs[kind] ??= new Map());
    const first = map.get(key);
    if (first !== undefined) this.errors.add(file, line, `${what} (first on line ${first})`);
    else map.set(key, line);
  }

  /** Ties: returns [type index, row, from index, to index] when loading. */
  private tieRow(f: Fields, line: number, c: Cols, validating: boolean): [number, unknown[], number, number] | null {
    const file = 'ties.csv';
    const a = this.person(f, c, 'from', file, line, validating);
    const b = this.person(f, c, 'to', file, line, validating);
    const type = parseEnum(this.cell(f, c, 'kind'), 'kind', TIE_KINDS) as TieType | Bad;
    const sRaw = this.cell(f, c, 'strength');
    const strength = sRaw.trim() === '' ? 0.5 : parseNumber(sRaw, 'strength', 0, 1);
    const hasSource = this.has(c, 'source');
    const srcRaw = this.cell(f, c, 'source');
    const source = !hasSource ? null : srcRaw.trim() === '' ? 'IMPORT' : parseEnum(srcRaw, 'source', TIE_SOURCES);
    const hasSince = this.has(c, 'since');
    const since = !hasSince ? null : parseOptionalDate(this.cell(f, c, 'since'), 'since');
    const confirmed = this.has(c, 'confirmed') ? parseBool(this.cell(f, c, 'confirmed'), 'confirmed') : null;
    if (validating) {
      const typeOk = this.ok(type, file, line, true);
      this.ok(strength, file, line, true);
      this.ok(source, file, line, true);
      this.ok(since, file, line, true);
      this.ok(confirmed, file, line, true);
      if (a >= 0 && a === b) this.errors.add(file, line, `a person cannot be tied to themselves ("${this.cell(f, c, 'from').trim()}")`);
      else if (a >= 0 && b >= 0 && typeOk) {
        const t = TIE_TYPE_LIST.indexOf(type);
        const sym = SYMMETRIC.has(type);
        (this.pairKeys.ties ??= new PairKeys()).add(pairKey(sym ? Math.min(a, b) : a, sym ? Math.max(a, b) : b, t));
      }
      if (!this.building) return null;
    }
    const t = TIE_TYPE_LIST.indexOf(type as TieType);
    return [t, [this.people.internal[a], this.people.internal[b], strength, source, hasSince ? (since ?? '') : null, confirmed], a, b];
  }

  private referralRow(f: Fields, line: number, c: Cols, validating: boolean): Row | null {
    const file = 'referrals.csv';
    const a = this.person(f, c, 'referrer', file, line, validating);
    const b = this.person(f, c, 'referee', file, line, validating);
    const date = parseDate(this.cell(f, c, 'date'), 'date');
    const saleId = this.cell(f, c, 'sale').trim();
    const s = saleId === '' ? -1 : this.sale(saleId, 'sale', file, line, validating);
    if (validating) {
      this.ok(date, file, line, true);
      if (a >= 0 && a === b) this.errors.add(file, line, 'a person cannot refer themselves');
      else if (a >= 0 && b >= 0) (this.pairKeys.referrals ??= new PairKeys()).add(pairKey(a, b, 0));
      if (!this.building) return null;
    }
    const props: Row = {};
    if (this.has(c, 'channel')) props.channel = text(this.cell(f, c, 'channel').trim());
    if (this.has(c, 'sale')) props.saleId = s >= 0 ? this.sales.internal[s] : null;
    return { from: this.people.internal[a], to: this.people.internal[b], date, props };
  }

  private visitRow(f: Fields, line: number, c: Cols, validating: boolean): Row | null {
    const file = 'visits.csv';
    const id = this.cell(f, c, 'id').trim();
    const p = this.person(f, c, 'person', file, line, validating);
    const date = parseDate(this.cell(f, c, 'date'), 'date');
    const kindRaw = this.cell(f, c, 'kind');
    const kind = kindRaw.trim() === '' ? null : parseEnum(kindRaw, 'kind', VISIT_KINDS);
    const companions: { id: string; role: string }[] = [];
    const seen = new Set<number>();
    for (const part of this.cell(f, c, 'companions').split(';')) {
      if (part.trim() === '') continue;
      const colon = part.lastIndexOf(':');
      const cid = (colon < 0 ? part : part.slice(0, colon)).trim();
      const role = colon < 0 ? 'OTHER' : parseEnum(part.slice(colon + 1), 'companion role', COMPANION_ROLES);
      const ci = this.people.ids.get(cid);
      if (ci !== undefined && !isBad(role)) companions.push({ id: this.people.internal[ci]!, role });
      if (!validating) continue;
      if (ci === undefined) this.errors.add(file, line, `unknown person "${cid}" among the companions`);
      else if (ci === p) this.errors.add(file, line, `the visitor "${cid}" cannot also be a companion`);
      else if (seen.has(ci)) this.errors.add(file, line, `companion "${cid}" listed twice`);
      else seen.add(ci);
      this.ok(role, file, line, true);
    }
    if (validating) {
      const dealer = this.dealerOf(f, c, file, line, true);
      this.ok(date, file, line, true);
      this.ok(kind, file, line, true);
      if (this.newId('visits', id, file, line) && dealer >= 0) this.noteAppCandidate('visits', id, this.dealerIds[dealer]!);
      if (!this.building) return null;
    }
    const d = this.dealerIds[this.dealerOf(f, c, file, line, false)]!;
    const internal = this.loadId('visits', 'visit', d, id);
    const props: Row = { externalId: internal === id ? null : id, dealershipId: d };
    if (this.has(c, 'notes')) props.notes = text(this.cell(f, c, 'notes'));
    return { id: internal, person: this.people.internal[p], date, kind: this.has(c, 'kind') ? (kind ?? 'SHOWROOM') : null, companions, props };
  }

  private testimonialRow(f: Fields, line: number, c: Cols, validating: boolean): Row | null {
    const file = 'testimonials.csv';
    const id = this.cell(f, c, 'id').trim();
    const author = this.person(f, c, 'author', file, line, validating);
    const s = this.sale(this.cell(f, c, 'sale').trim(), 'sale', file, line, validating);
    const body = this.requireText(f, c, 'text', file, line, validating);
    const rating = parseInteger(this.cell(f, c, 'rating'), 'rating', 1, 5);
    const date = parseDate(this.cell(f, c, 'date'), 'date');
    const publish = parseBool(this.cell(f, c, 'publish_consent'), 'publish_consent');
    const call = parseBool(this.cell(f, c, 'call_consent'), 'call_consent');
    const status = parseEnum(this.cell(f, c, 'status'), 'status', TESTIMONIAL_STATUSES);
    if (validating) {
      const dealer = this.dealerOf(f, c, file, line, true);
      for (const v of [rating, date, publish, call, status]) this.ok(v, file, line, true);
      if (this.newId('testimonials', id, file, line) && dealer >= 0) this.noteAppCandidate('testimonials', id, this.dealerIds[dealer]!);
      if (!this.building) return null;
    }
    const d = this.dealerIds[this.dealerOf(f, c, file, line, false)]!;
    const internal = this.loadId('testimonials', 'testimonial', d, id);
    return {
      id: internal,
      author: this.people.internal[author],
      sale: this.sales.internal[s],
      date,
      props: {
        externalId: internal === id ? null : id,
        text: body,
        rating,
        consentToPublish: publish,
        consentToBeCalled: call,
        status,
        dealershipId: d,
      },
    };
  }

  private serviceRow(f: Fields, line: number, c: Cols, validating: boolean): Row | null {
    const file = 'service_records.csv';
    const id = this.cell(f, c, 'id').trim();
    const s = this.sale(this.cell(f, c, 'sale').trim(), 'sale', file, line, validating);
    const date = parseDate(this.cell(f, c, 'date'), 'date');
    const kind = parseEnum(this.cell(f, c, 'kind'), 'kind', SERVICE_KINDS);
    const mRaw = this.cell(f, c, 'mileage');
    const mileage = mRaw.trim() === '' ? null : parseInteger(mRaw, 'mileage', 0, 10_000_000);
    if (validating) {
      const dealer = this.dealerOf(f, c, file, line, true);
      if (this.ok(date, file, line, true) && date > this.today) this.errors.add(file, line, `date ${date} is in the future`);
      this.ok(kind, file, line, true);
      this.ok(mileage, file, line, true);
      if (this.newId('service_records', id, file, line) && dealer >= 0) {
        this.noteAppCandidate('service_records', id, this.dealerIds[dealer]!);
      }
      if (!this.building) return null;
    }
    const d = this.dealerIds[this.dealerOf(f, c, file, line, false)]!;
    const internal = this.loadId('service_records', 'service', d, id);
    return {
      id: internal,
      sale: this.sales.internal[s],
      date,
      props: { externalId: internal === id ? null : id, kind, mileage, notes: text(this.cell(f, c, 'notes')), dealershipId: d },
    };
  }

  private interactionRow(f: Fields, line: number, c: Cols, validating: boolean): Row | null {
    const file = 'interactions.csv';
    const p = this.person(f, c, 'person', file, line, validating);
    const date = parseDate(this.cell(f, c, 'date'), 'date');
    const kind = parseEnum(this.cell(f, c, 'kind'), 'kind', INTERACTION_KINDS);
    const id = this.cell(f, c, 'id').trim();
    if (validating) {
      const dealer = this.dealerOf(f, c, file, line, true);
      this.ok(date, file, line, true);
      this.ok(kind, file, line, true);
      if (id !== '' && this.newId('interactions', id, file, line) && dealer >= 0) {
        this.noteAppCandidate('interactions', id, this.dealerIds[dealer]!);
      }
      if (!this.building) return null;
    }
    const d = this.dealerIds[this.dealerOf(f, c, file, line, false)]!;
    let internal: string;
    let externalId: string | null;
    if (id !== '') {
      internal = this.loadId('interactions', 'interaction', d, id);
      externalId = internal === id ? null : id;
    } else {
      // no id: the n-th identical (person, date, kind) row of the file
      const key = `${this.cell(f, c, 'person').trim()}\u0000${date}\u0000${kind}`;
      const n = (this.interactionSeq.get(key) ?? 0) + 1;
      this.interactionSeq.set(key, n);
      internal = internalId('interaction', d, `${key}\u0000${n}`);
      externalId = null;
    }
    const props: Row = { externalId, kind, dealershipId: d };
    if (this.has(c, 'notes')) props.notes = text(this.cell(f, c, 'notes'));
    return { id: internal, person: this.people.internal[p], date, props };
  }

  /** Ties and referrals repeated in the file: found by sorting packed keys, then located by a second read. */
  private async checkDuplicatePairs(): Promise<void> {
    for (const kind of ['ties', 'referrals'] as const) {
      const keys = this.pairKeys[kind];
      const src = this.sources[kind];
      if (!keys || !src) continue;
      const dups = keys.duplicates();
      if (dups.size === 0) continue;
      const first = new Map<number, number>();
      await this.scan(kind, src, false, (f, line, c) => {
        const a = this.people.ids.get(this.cell(f, c, kind === 'ties' ? 'from' : 'referrer').trim());
        const b = this.people.ids.get(this.cell(f, c, kind === 'ties' ? 'to' : 'referee').trim());
        if (a === undefined || b === undefined) return;
        let key = pairKey(a, b, 0);
        if (kind === 'ties') {
          const type = TIE_KINDS[this.cell(f, c, 'kind').trim().toLowerCase()];
          if (!type) return;
          const sym = SYMMETRIC.has(type);
          key = pairKey(sym ? Math.min(a, b) : a, sym ? Math.max(a, b) : b, TIE_TYPE_LIST.indexOf(type));
        }
        if (!dups.has(key)) return;
        const at = first.get(key);
        if (at === undefined) first.set(key, line);
        else {
          const what = kind === 'ties' ? 'duplicate tie' : 'duplicate referral';
          this.errors.add(fileName(kind), line, `${what} between the same two people (first on line ${at})`);
        }
      });
    }
  }

  /** Everything the files cannot tell alone: known dealerships, usernames, VINs, ids made in the app. */
  private async checkAgainstDatabase(): Promise<void> {
    const unknownDealers = this.dealerIds.filter((d) => !this.dealerFile.has(d));
    const db = this.db;
    if (db === null) {
      // a database that does not exist yet holds no dealership, user, sale or record to clash with
      for (const d of unknownDealers) this.unknownDealer(d);
      return;
    }
    if (unknownDealers.length > 0) {
      const known = await q.existingDealerships(db, unknownDealers);
      for (const d of unknownDealers) {
        if (!known.has(d)) this.unknownDealer(d);
      }
    }
    await this.resolveAppIds(db);
    if (this.usernames.size > 0) {
      const rows = [...this.usernames].map(([username, [, fileId]]) => ({
        id: this.users.internal[this.users.ids.get(fileId) ?? -1] ?? '',
        username,
      }));
      for (const u of await q.usernameConflicts(db, rows)) {
        this.errors.add('users.csv', this.usernames.get(u)?.[0] ?? null, `username "${u}" belongs to another user in the database`);
      }
    }
    if (this.vins.size > 0 && (await q.anySale(db))) {
      let batch: { id: string; vin: string }[] = [];
      const flush = async () => {
        for (const vin of await q.vinConflicts(db, batch)) {
          this.errors.add('sales.csv', this.vins.get(vin)?.[0] ?? null, `vin "${vin}" belongs to another sale in the database`);
        }
        batch = [];
      };
      for (const [vin, [, saleId]] of this.vins) {
        batch.push({ id: this.sales.internal[this.sales.ids.get(saleId) ?? -1] ?? '', vin });
        if (batch.length >= 10_000) await flush();
      }
      if (batch.length > 0) await flush();
    }
    if (this.salespeople.size > 0) this.salespersonIds = await q.usersByIdOrExternalId(db, [...this.salespeople]);
  }

  private unknownDealer(d: string): void {
    const where = this.dealerFirstUse.get(d)!;
    const colon = where.lastIndexOf(':');
    this.errors.add(where.slice(0, colon), Number(where.slice(colon + 1)), `unknown dealership "${d}" (not in dealerships.csv nor in the database)`);
  }

  private async resolveAppIds(db: QueryRunner): Promise<void> {
    const labels: Partial<Record<FileKind, q.AppIdLabel>> = {
      people: 'Person',
      sales: 'Sale',
      visits: 'Visit',
      testimonials: 'Testimonial',
      service_records: 'ServiceRecord',
      interactions: 'Interaction',
      users: 'User',
      organizations: 'Organization',
    };
    for (const [kind, list] of this.appCandidates) {
      const label = labels[kind]!;
      const found = new Set<string>();
      for (let i = 0; i < list.length; i += 10_000) {
        const part = list.slice(i, i + 10_000);
        const ids = await q.appRecordIds(db, label, part.map((x) => ({ id: x.id, dealershipId: x.dealer })));
        for (const x of part) if (ids.has(x.id)) found.add(x.key);
      }
      if (found.size === 0) continue;
      this.appIds.set(kind, found);
      const index = kind === 'people' ? this.people : kind === 'sales' ? this.sales : kind === 'users' ? this.users : kind === 'organizations' ? this.orgs : null;
      if (index) {
        for (const [id, idx] of index.ids) {
          const d = index.dealer[idx]!;
          if (found.has(`${d >= 0 ? this.dealerIds[d] : ''}\u0000${id}`)) index.internal[idx] = id;
        }
      }
    }
  }

  report(validateMs: number, loadMs: number): ImportReport {
    const files = FILE_KINDS.filter((k) => this.counts.has(k)).map((k) => this.counts.get(k)!);
    return {
      files,
      rows: files.reduce((n, f) => n + f.rows, 0),
      ties: this.counts.get('ties')?.rows ?? 0,
      validateMs,
      loadMs,
      warnings: this.warnings,
    };
  }

  // ---------------------------------------------------------------- offline: stage while validating

  // node ids of the staged nodes, by the index of the file id
  private readonly peopleNode: number[] = [];
  private readonly salesNode: number[] = [];
  private readonly orgsNode: number[] = [];
  private readonly modelNode = new Map<string, number>();

  private personNodeAt(f: Fields, c: Cols, col: string): number {
    return this.peopleNode[this.people.ids.get(this.cell(f, c, col).trim())!]!;
  }

  private saleNodeAt(f: Fields, c: Cols, col: string): number {
    return this.salesNode[this.sales.ids.get(this.cell(f, c, col).trim())!]!;
  }

  private modelNodeId(stage: AdminCsvStage, key: string): number {
    let id = this.modelNode.get(key);
    if (id === undefined) {
      id = stage.newNodeId();
      this.modelNode.set(key, id);
    }
    return id;
  }

  /** Writes a validated row as the nodes and relationships the Bolt load would create (same properties and types). */
  private stageRow(stage: AdminCsvStage, kind: FileKind, f: Fields, c: Cols, row: unknown): Promise<void> | null {
    const S = STAGE_COLUMNS;
    switch (kind) {
      case 'dealerships': {
        const r = row as Row;
        const brands = r.brands as string[];
        return stage.node('Dealership', S.Dealership, stage.newNodeId(), [r.id, r.name, r.city, r.region, brands.length > 0 ? brands : null]);
      }
      case 'users': {
        const r = row as Row;
        const p = r.props as Row;
        return stage.node('User', S.User, stage.newNodeId(), [
          r.id, p.externalId, p.username, p.displayName, p.role, p.dealershipId, p.disabled, p.passwordHash ?? null, this.now,
        ]);
      }
      case 'vehicle_models':
        return null; // staged once every model is known (sales may name more)
      case 'organizations': {
        const r = row as Row;
        const p = r.props as Row;
        const id = stage.newNodeId();
        this.orgsNode.push(id);
        return stage.node('Organization', S.Organization, id, [r.id, p.externalId, p.name, p.industry, p.region]);
      }
      case 'people': {
        const [internal, p] = row as [string, Row];
        const id = stage.newNodeId();
        this.peopleNode.push(id);
        return stage.node('Person', S.Person, id, [
          internal, p.externalId, p.name, p.phone, p.region, p.kind, p.shareConsent, p.contactConsent, p.dealershipId,
          p.city ?? null, p.employer ?? null, p.notes ?? null, this.now, this.opts.recordedBy ?? null,
        ]);
      }
      case 'sales': {
        const r = row as Row;
        const p = r.props as Row;
        const id = stage.newNodeId();
        this.salesNode.push(id);
        const model = this.modelNodeId(stage, `${this.cell(f, c, 'brand')}\u0000${this.cell(f, c, 'model')}`);
        const writes = [
          stage.node('Sale', S.Sale, id, [r.id, p.externalId, p.price, p.vin, p.dealershipId, p.salespersonId, r.date, this.now]),
          stage.rel('BOUGHT', [], this.personNodeAt(f, c, 'buyer'), id, []),
          stage.rel('OF_MODEL', [], id, model, []),
        ];
        const fu = r.followUp as { id: string; dueDate: string; assigneeId: string } | null;
        if (fu) {
          const fid = stage.newNodeId();
          writes.push(
            stage.node('FollowUp', S.FollowUp, fid, [fu.id, fu.dueDate, 'OPEN', p.dealershipId, fu.assigneeId, this.now, 0]),
            stage.rel('FOLLOWS_UP', [], fid, id, []),
          );
        }
        return all(writes);
      }
      case 'employments': {
        const r = row as Row;
        const org = this.orgsNode[this.orgs.ids.get(this.cell(f, c, 'organization').trim())!]!;
        return stage.rel('WORKS_AT', S.WORKS_AT, this.personNodeAt(f, c, 'person'), org, [r.title, r.since]);
      }
      case 'supplies': {
        const a = this.orgsNode[this.orgs.ids.get(this.cell(f, c, 'from').trim())!]!;
        const b = this.orgsNode[this.orgs.ids.get(this.cell(f, c, 'to').trim())!]!;
        return stage.rel('SUPPLIES', [], a, b, []);
      }
      case 'ties': {
        const [t, r, a, b] = row as [number, unknown[], number, number];
        return stage.rel(TIE_TYPE_LIST[t]!, S.tie, this.peopleNode[a]!, this.peopleNode[b]!, [
          r[2], r[3] ?? 'IMPORT', r[5] ?? false, r[4] || null, this.now, this.opts.recordedBy ?? null,
        ]);
      }
      case 'referrals': {
        const r = row as Row;
        const p = r.props as Row;
        return stage.rel('REFERRED', S.REFERRED, this.personNodeAt(f, c, 'referrer'), this.personNodeAt(f, c, 'referee'), [p.channel ?? null, p.saleId ?? null, r.date]);
      }
      case 'visits': {
        const r = row as Row;
        const p = r.props as Row;
        const id = stage.newNodeId();
        const out = [
          stage.node('Visit', S.Visit, id, [r.id, p.externalId, p.dealershipId, p.notes ?? null, r.date, r.kind ?? 'SHOWROOM']),
          stage.rel('MADE_VISIT', [], this.personNodeAt(f, c, 'person'), id, []),
        ];
        const companions = r.companions as { id: string; role: string }[];
        let k = 0;
        for (const part of this.cell(f, c, 'companions').split(';')) {
          if (part.trim() === '') continue;
          const colon = part.lastIndexOf(':');
          const cid = (colon < 0 ? part : part.slice(0, colon)).trim();
          out.push(stage.rel('ACCOMPANIED', S.ACCOMPANIED, this.peopleNode[this.people.ids.get(cid)!]!, id, [companions[k++]!.role]));
        }
        return all(out);
      }
      case 'testimonials': {
        const r = row as Row;
        const p = r.props as Row;
        const id = stage.newNodeId();
        return all([
          stage.node('Testimonial', S.Testimonial, id, [
            r.id, p.externalId, p.text, p.rating, p.consentToPublish, p.consentToBeCalled, p.status, p.dealershipId, r.date,
          ]),
          stage.rel('WROTE', [], this.personNodeAt(f, c, 'author'), id, []),
          stage.rel('ABOUT', [], id, this.saleNodeAt(f, c, 'sale'), []),
        ]);
      }
      case 'service_records': {
        const r = row as Row;
        const p = r.props as Row;
        const id = stage.newNodeId();
        return all([
          stage.node('ServiceRecord', S.ServiceRecord, id, [r.id, p.externalId, p.kind, p.mileage, p.notes, p.dealershipId, r.date]),
          stage.rel('SERVICED', [], this.saleNodeAt(f, c, 'sale'), id, []),
        ]);
      }
      case 'interactions': {
        const r = row as Row;
        const p = r.props as Row;
        const id = stage.newNodeId();
        return all([
          stage.node('Interaction', S.Interaction, id, [r.id, p.externalId, p.kind, p.dealershipId, p.notes ?? null, r.date]),
          stage.rel('HAD', [], this.personNodeAt(f, c, 'person'), id, []),
        ]);
      }
    }
  }

  private async stageModels(stage: AdminCsvStage): Promise<void> {
    for (const [key, m] of this.models) {
      const p = m.props ?? {};
      const w = stage.node('VehicleModel', STAGE_COLUMNS.VehicleModel, this.modelNodeId(stage, key), [
        vehicleModelId(m.brand, m.model), m.brand, m.model, p.segment ?? null, p.basePrice ?? null,
      ]);
      if (w) await w;
    }
  }

  // ---------------------------------------------------------------- pass 2: load

  async load(): Promise<void> {
    const batchSize = Math.max(100, Math.min(50_000, this.opts.batchSize ?? 10_000));
    const total = [...this.counts.values()].reduce((n, c) => n + c.rows, 0);
    const started = Date.now();
    let done = 0;
    let failure: unknown = null;
    let inflight: Promise<void> | null = null;
    const report = (file: string) => this.opts.onProgress?.({ file, done, total, elapsedMs: Date.now() - started });

    // one transaction in flight while the next batch is parsed
    const submit = async (kind: FileKind, rows: number, work: (tx: TxRunner) => Promise<number>) => {
      if (inflight) await inflight;
      if (failure) throw failure;
      const count = this.counts.get(kind)!;
      inflight = this.db!
        .writeTx(work)
        .then((created) => {
          count.created += created;
          done += rows;
          report(count.file);
        })
        .catch((err: unknown) => {
          failure = err;
        });
    };
    const drain = async () => {
      if (inflight) await inflight;
      inflight = null;
      if (failure) throw failure;
    };

    for (const kind of FILE_KINDS) {
      const src = this.sources[kind];
      if (!src) continue;
      if (kind === 'vehicle_models') continue; // loaded with the models the sales name, below
      if (kind === 'people') {
        await this.loadModels(drain);
        const vm = this.counts.get('vehicle_models');
        if (vm) {
          done += vm.rows;
          report(vm.file);
        }
      }
      const t = Date.now();
      await this.loadFile(kind, src, batchSize, submit);
      await drain();
      this.counts.get(kind)!.ms = Date.now() - t;
    }
    report('done');
  }

  private async loadModels(drain: () => Promise<void>): Promise<void> {
    await drain();
    if (this.models.size === 0 || this.modelIds.size > 0) return;
    const rows = [...this.models.values()].map((m) => ({
      brand: m.brand,
      model: m.model,
      id: vehicleModelId(m.brand, m.model),
      props: m.props ?? {},
    }));
    const result = await this.db!.writeTx((tx) => q.loadVehicleModels(tx, rows));
    const ids = new Map<string, string>();
    let createdCount = 0;
    const newKeys = new Set<string>();
    for (const r of result) {
      const key = `${r.brand}\u0000${r.model}`;
      // two app-made nodes for one model: take the smallest id, as ORDER BY returned it first
      if (!ids.has(key)) ids.set(key, r.id);
      if (r.isNew && !newKeys.has(key)) {
        newKeys.add(key);
        createdCount++;
      }
    }
    this.modelIds = ids;
    const count = this.counts.get('vehicle_models');
    if (count) count.created = createdCount;
  }

  private async loadFile(
    kind: FileKind,
    src: CsvSource,
    batchSize: number,
    submit: (kind: FileKind, rows: number, work: (tx: TxRunner) => Promise<number>) => Promise<void>,
  ): Promise<void> {
    const size = kind === 'visits' || kind === 'testimonials' || kind === 'sales' ? Math.max(100, batchSize >> 1) : batchSize;
    if (kind === 'ties') {
      const buffers: unknown[][][] = TIE_TYPE_LIST.map(() => []);
      const flush = async (t: number) => {
        const rows = buffers[t]!;
        buffers[t] = [];
        const type = TIE_TYPE_LIST[t]!;
        await submit(kind, rows.length, (tx) => q.loadTies(tx, type, rows, this.now, this.opts.recordedBy ?? null));
      };
      await this.scan(kind, src, false, async (f, line, c) => {
        const r = this.tieRow(f, line, c, false)!;
        const buf = buffers[r[0]]!;
        buf.push(r[1]);
        if (buf.length >= size) await flush(r[0]);
      });
      for (let t = 0; t < buffers.length; t++) if (buffers[t]!.length > 0) await flush(t);
      return;
    }
    let rows: unknown[] = [];
    const flush = async () => {
      const batch = rows;
      rows = [];
      await submit(kind, batch.length, (tx) => this.loadBatch(tx, kind, batch));
    };
    await this.scan(kind, src, false, async (f, line, c) => {
      const row = this.buildRow(kind, f, line, c);
      if (row !== null) rows.push(row);
      if (rows.length >= size) await flush();
    });
    if (rows.length > 0) await flush();
  }

  private buildRow(kind: FileKind, f: Fields, line: number, c: Cols): unknown {
    switch (kind) {
      case 'dealerships':
        return this.dealershipRow(f, line, c, false);
      case 'users':
        return this.userRow(f, line, c, false);
      case 'organizations':
        return this.orgRow(f, line, c, false);
      case 'people':
        return this.personRow(f, line, c, false);
      case 'sales':
        return this.saleRow(f, line, c, false);
      case 'employments':
        return this.employmentRow(f, line, c, false);
      case 'supplies':
        return this.supplyRow(f, line, c, false);
      case 'referrals':
        return this.referralRow(f, line, c, false);
      case 'visits':
        return this.visitRow(f, line, c, false);
      case 'testimonials':
        return this.testimonialRow(f, line, c, false);
      case 'service_records':
        return this.serviceRow(f, line, c, false);
      case 'interactions':
        return this.interactionRow(f, line, c, false);
      default:
        return null;
    }
  }

  private loadBatch(tx: TxRunner, kind: FileKind, rows: unknown[]): Promise<number> {
    const r = rows as Row[];
    switch (kind) {
      case 'dealerships':
        return q.loadDealerships(tx, r);
      case 'users':
        return q.loadUsers(tx, r, this.now);
      case 'organizations':
        return q.loadOrganizations(tx, r);
      case 'people':
        return q.loadPeople(tx, rows, this.now, this.opts.recordedBy ?? null);
      case 'sales':
        return q.loadSales(tx, r, this.now);
      case 'employments':
        return q.loadEmployments(tx, r);
      case 'supplies':
        return q.loadSupplies(tx, r);
      case 'referrals':
        return q.loadReferrals(tx, r);
      case 'visits':
        return q.loadVisits(tx, r);
      case 'testimonials':
        return q.loadTestimonials(tx, r);
      case 'service_records':
        return q.loadServiceRecords(tx, r);
      case 'interactions':
        return q.loadInteractions(tx, r);
      default:
        throw new Error(`nothing loads ${kind}`);
    }
  }
}

/** Validates every file, then loads them; throws ImportValidationError (nothing written) on any error. */
export async function importSources(
  db: QueryRunner,
  sources: Partial<Record<FileKind, CsvSource>>,
  opts: ImportOptions = {},
): Promise<ImportReport> {
  const imp = new Importer(db, sources, opts);
  const t0 = Date.now();
  await imp.validate();
  const t1 = Date.now();
  await imp.load();
  return imp.report(t1 - t0, Date.now() - t1);
}

/**
 * The offline path: validates every file and, in the same pass, writes the rows to `opts.stage` as neo4j-admin
 * files; the target database must not exist yet. Throws ImportValidationError (the stage is then incomplete).
 */
export async function stageSources(
  sources: Partial<Record<FileKind, CsvSource>>,
  opts: ImportOptions & { stage: AdminCsvStage },
): Promise<ImportReport> {
  const imp = new Importer(null, sources, opts);
  const t0 = Date.now();
  await imp.validate();
  return imp.report(Date.now() - t0, 0);
}

/** Lines of a file, counted on raw bytes (a quoted newline counts too: it is an estimate for progress). */
function countFileLines(file: string): number {
  const fd = fs.openSync(file, 'r');
  try {
    const buf = Buffer.allocUnsafe(1 << 20);
    let lines = 0;
    let last = 10;
    for (;;) {
      const n = fs.readSync(fd, buf, 0, buf.length, null);
      if (n === 0) break;
      for (let i = buf.indexOf(10, 0); i >= 0 && i < n; i = buf.indexOf(10, i + 1)) lines++;
      last = buf[n - 1]!;
    }
    return last === 10 ? lines : lines + 1;
  } finally {
    fs.closeSync(fd);
  }
}

/** The CSV files of a folder, by kind; other files are reported as warnings. */
export function folderSources(folder: string): { sources: Partial<Record<FileKind, CsvSource>>; ignored: string[] } {
  if (!fs.existsSync(folder) || !fs.statSync(folder).isDirectory()) {
    throw new ImportValidationError([`${folder}: not a folder`], 1);
  }
  const sources: Partial<Record<FileKind, CsvSource>> = {};
  const ignored: string[] = [];
  for (const name of fs.readdirSync(folder).sort()) {
    if (!name.toLowerCase().endsWith('.csv')) continue;
    const kind = FILE_KINDS.find((k) => fileName(k) === name);
    if (!kind) {
      ignored.push(name);
      continue;
    }
    const file = path.join(folder, name);
    sources[kind] = { name, chunks: () => readFileChunks(file), countLines: () => countFileLines(file) };
  }
  return { sources, ignored };
}

export async function importFolder(db: QueryRunner, folder: string, opts: ImportOptions = {}): Promise<ImportReport> {
  const { sources, ignored } = folderSources(folder);
  const report = await importSources(db, sources, opts);
  report.warnings.unshift(...ignored.map((n) => `${n}: not a file of the format; ignored`));
  return report;
}

/** Uploaded files (the API path): names must be the format's file names. */
export function textSources(files: { name: string; content: string }[]): Partial<Record<FileKind, CsvSource>> {
  const sources: Partial<Record<FileKind, CsvSource>> = {};
  const errors: string[] = [];
  for (const f of files) {
    const kind = FILE_KINDS.find((k) => fileName(k) === f.name);
    if (!kind) errors.push(`${f.name}: not a file of the format (expected one of ${FILE_KINDS.map(fileName).join(', ')})`);
    else if (sources[kind]) errors.push(`${f.name}: given twice`);
    else sources[kind] = { name: f.name, chunks: () => textChunks(f.content) };
  }
  if (errors.length > 0) throw new ImportValidationError(errors, errors.length);
  return sources;
}
