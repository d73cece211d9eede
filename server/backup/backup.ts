import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import readline from 'node:readline';
import { createGunzip, createGzip } from 'node:zlib';
import { assertEmptyFolder, exportFolder } from '../data/export.js';
import type { QueryRunner } from '../queries/driver.js';
import * as q from '../queries/backup.queries.js';

/*
 * Backup and restore of the whole database while the service runs. A backup folder holds
 *   interchange/                   the interchange format (docs/data-format.md), users included: portable, readable
 *   graph/nodes.jsonl.gz           every node: labels, id, every property with its type
 *   graph/relationships.jsonl.gz   every relationship: type, start and end (label, id), every property
 *   manifest.json                  counts, SHA-256 of every file; written last, so its presence marks a whole backup
 * The graph files carry what the interchange format does not (audit entries, follow-ups, tasks, boards, internal
 * ids, timestamps, erasure marks, influence scores), so a restore loses nothing; the interchange copy checks it.
 */

export const BACKUP_FORMAT = 'quanzi-backup/1';
const NODES_FILE = 'graph/nodes.jsonl.gz';
const RELS_FILE = 'graph/relationships.jsonl.gz';

export class BackupError extends Error {}

export interface BackupManifest {
  format: typeof BACKUP_FORMAT;
  createdAt: string;
  ms: number;
  /** What the files hold: nodes per sorted label set, relationships per type. */
  contents: { nodes: Record<string, number>; relationships: Record<string, number> };
  /** The database's own counts when the backup started and ended; they differ when it was written meanwhile. */
  countsAtStart: q.GraphCounts;
  countsAtEnd: q.GraphCounts;
  files: Record<string, { sha256: string; bytes: number }>;
  warnings: string[];
}

export type Progress = (message: string) => void;

async function sha256(file: string): Promise<string> {
  const h = createHash('sha256');
  for await (const chunk of fs.createReadStream(file)) h.update(chunk as Buffer);
  return h.digest('hex');
}

function listFiles(root: string, dir = root): string[] {
  return fs
    .readdirSync(dir, { withFileTypes: true })
    .flatMap((e) => (e.isDirectory() ? listFiles(root, path.join(dir, e.name)) : [path.relative(root, path.join(dir, e.name))]))
    .sort();
}

class GzipLines {
  private readonly gz = createGzip();
  private readonly done: Promise<void>;

  constructor(file: string) {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    const out = fs.createWriteStream(file);
    this.gz.pipe(out);
    this.done = new Promise((resolve, reject) => {
      out.on('finish', () => resolve());
      out.on('error', reject);
      this.gz.on('error', reject);
    });
  }

  async write(value: unknown): Promise<void> {
    if (!this.gz.write(JSON.stringify(value) + '\n')) await new Promise((r) => this.gz.once('drain', r));
  }

  async close(): Promise<void> {
    this.gz.end();
    await this.done;
  }
}

function checkTypes(where: string, props: q.TypedProp[]): void {
  for (const [k, t] of props) {
    if (!q.SUPPORTED_TYPE.test(t)) throw new BackupError(`${where}: property "${k}" has type ${t}, which a restore could not rebuild`);
  }
}

const labelKey = (labels: string[]) => labels.join(':');

/** Writes a backup of everything into `folder` (new or empty). Safe while the service runs (see docs/security.md). */
export async function backupDatabase(
  db: QueryRunner,
  folder: string,
  opts: { pageSize?: number; onProgress?: Progress } = {},
): Promise<BackupManifest> {
  const t0 = Date.now();
  const say = opts.onProgress ?? (() => undefined);
  const pageSize = opts.pageSize ?? 5_000;
  assertEmptyFolder(folder);
  fs.mkdirSync(folder, { recursive: true });
  const warnings: string[] = [];
  const countsAtStart = await q.graphCounts(db);
  say(`database holds ${countsAtStart.total.nodes} nodes and ${countsAtStart.total.relationships} relationships`);

  say('writing the interchange format');
  const exp = await exportFolder(db, path.join(folder, 'interchange'), {
    onFile: (file, rows) => say(`  interchange/${file}: ${rows} rows`),
  });
  warnings.push(...exp.warnings.map((w) => `interchange: ${w}`));

  const labels = await q.labelsInUse(db);
  const contents: BackupManifest['contents'] = { nodes: {}, relationships: {} };
  const nodes = new GzipLines(path.join(folder, NODES_FILE));
  let withoutId = 0;
  let written = 0;
  let lastSay = Date.now();
  for (const label of labels) {
    let after: string | null = null;
    for (;;) {
      const page = await q.nodePage(db, label, after, pageSize);
      for (const n of page) {
        checkTypes(`${label} ${n.id ?? '(no id)'}`, n.props);
        if (n.id === null) withoutId++;
        await nodes.write({ l: n.labels, id: n.id, p: n.props });
        const key = labelKey(n.labels);
        contents.nodes[key] = (contents.nodes[key] ?? 0) + 1;
      }
      written += page.length;
      if (Date.now() - lastSay > 2_000) {
        say(`  nodes: ${written} (${label})`);
        lastSay = Date.now();
      }
      const last = page[page.length - 1];
      if (page.length < pageSize || !last || last.id === null) break;
      after = last.id;
    }
  }
  await nodes.close();
  say(`  nodes: ${written}`);
  if (withoutId > 0) warnings.push(`${withoutId} nodes have no id; their relationships cannot be restored`);

  const rels = new GzipLines(path.join(folder, RELS_FILE));
  let relsWritten = 0;
  let danglingEnds = 0;
  for (const label of labels) {
    let after: string | null = null;
    for (;;) {
      const page = await q.relationshipPage(db, label, after, Math.max(100, Math.floor(pageSize / 5)));
      for (const r of page.rels) {
        if (r.to[1] === null || r.to[1] === undefined) {
          danglingEnds++;
          continue;
        }
        checkTypes(`${r.type} ${r.from[1]}->${r.to[1]}`, r.props);
        await rels.write({ t: r.type, f: r.from, e: r.to, p: r.props });
        contents.relationships[r.type] = (contents.relationships[r.type] ?? 0) + 1;
      }
      relsWritten += page.rels.length;
      if (Date.now() - lastSay > 2_000) {
        say(`  relationships: ${relsWritten} (${label})`);
        lastSay = Date.now();
      }
      if (page.last === null || page.nodes < Math.max(100, Math.floor(pageSize / 5))) break;
      after = page.last;
    }
  }
  await rels.close();
  say(`  relationships: ${relsWritten}`);
  if (danglingEnds > 0) warnings.push(`${danglingEnds} relationships end at a node without id and were left out`);

  const countsAtEnd = await q.graphCounts(db);
  if (JSON.stringify(countsAtEnd) !== JSON.stringify(countsAtStart)) {
    warnings.push(
      'the database was written during the backup: each record is as it was when read, and records written meanwhile may be missing',
    );
  }
  const files: BackupManifest['files'] = {};
  for (const f of listFiles(folder)) {
    files[f] = { sha256: await sha256(path.join(folder, f)), bytes: fs.statSync(path.join(folder, f)).size };
  }
  const manifest: BackupManifest = {
    format: BACKUP_FORMAT,
    createdAt: new Date().toISOString(),
    ms: Date.now() - t0,
    contents,
    countsAtStart,
    countsAtEnd,
    files,
    warnings,
  };
  fs.writeFileSync(path.join(folder, 'manifest.json'), JSON.stringify(manifest, null, 2) + '\n');
  return manifest;
}

export interface RestoreReport {
  nodes: number;
  relationships: number;
  /** Relationships of the backup whose start or end node is not in it (written while the backup ran). */
  skippedRelationships: number;
  /** Interchange files of the restored database that differ from the backup's copy (empty: identical). */
  interchangeDifferences: string[] | null;
  ms: number;
  warnings: string[];
}

async function* lines(folder: string, file: string): AsyncGenerator<{ line: number; value: unknown }> {
  const rl = readline.createInterface({ input: fs.createReadStream(path.join(folder, file)).pipe(createGunzip()), crlfDelay: Infinity });
  let line = 0;
  for await (const text of rl) {
    line++;
    if (text === '') continue;
    try {
      yield { line, value: JSON.parse(text) as unknown };
    } catch {
      throw new BackupError(`${file}:${line}: not a JSON line`);
    }
  }
}

function asProps(file: string, line: number, p: unknown): q.TypedProp[] {
  if (!Array.isArray(p)) throw new BackupError(`${file}:${line}: "p" must be a list of properties`);
  for (const x of p) {
    if (!Array.isArray(x) || x.length !== 3 || typeof x[0] !== 'string' || typeof x[1] !== 'string') {
      throw new BackupError(`${file}:${line}: a property must be [key, type, value]`);
    }
    if (!q.SUPPORTED_TYPE.test(x[1])) throw new BackupError(`${file}:${line}: unsupported property type ${x[1]}`);
  }
  return p as q.TypedProp[];
}

function asIdentifiers(file: string, line: number, xs: unknown): string[] {
  if (!Array.isArray(xs) || xs.length === 0 || !xs.every((x) => typeof x === 'string' && q.IDENTIFIER.test(x))) {
    throw new BackupError(`${file}:${line}: labels must be a list of plain names`);
  }
  return xs as string[];
}

/**
 * Restores a backup into an empty database (one holding at most the admin account the server makes at first start,
 * which is replaced by the backup's users). Checks every file's checksum first, and the counts at the end.
 */
export async function restoreDatabase(
  db: QueryRunner,
  folder: string,
  opts: { adminUser: string; batchSize?: number; verify?: boolean; onProgress?: Progress },
): Promise<RestoreReport> {
  const t0 = Date.now();
  const say = opts.onProgress ?? (() => undefined);
  const batch = opts.batchSize ?? 5_000;
  const manifestFile = path.join(folder, 'manifest.json');
  if (!fs.existsSync(manifestFile)) throw new BackupError(`${manifestFile}: missing; not a complete backup`);
  let manifest: BackupManifest;
  try {
    manifest = JSON.parse(fs.readFileSync(manifestFile, 'utf8')) as BackupManifest;
  } catch {
    throw new BackupError('manifest.json:1: not valid JSON');
  }
  if (manifest.format !== BACKUP_FORMAT) throw new BackupError(`manifest.json: format "${String(manifest.format)}", expected ${BACKUP_FORMAT}`);
  say('checking checksums');
  for (const [file, { sha256: want }] of Object.entries(manifest.files)) {
    const full = path.join(folder, file);
    if (!fs.existsSync(full)) throw new BackupError(`${file}: missing`);
    if ((await sha256(full)) !== want) throw new BackupError(`${file}: checksum does not match manifest.json (damaged or edited)`);
  }

  const target = await q.bootstrapOnly(db, opts.adminUser);
  if (!target.empty) {
    throw new BackupError(`the database is not empty (${target.nodes} nodes): restore goes into an empty database only`);
  }
  if (target.nodes > 0) await q.removeBootstrap(db, opts.adminUser);

  // an index on :Label(id) for every label, so that the relationship pass finds its ends quickly
  const indexed = await q.labelsWithIdIndex(db);
  const labels = new Set(Object.keys(manifest.contents.nodes).flatMap((k) => k.split(':')));
  for (const l of labels) if (q.IDENTIFIER.test(l) && !indexed.has(l)) await q.ensureIdIndex(db, l);
  await q.awaitIndexes(db);

  let nodes = 0;
  let pending: { key: string; labels: string[]; rows: q.NodeIn[] } | null = null;
  const flushNodes = async () => {
    if (!pending || pending.rows.length === 0) return;
    const p = pending;
    nodes += await db.writeTx((tx) => q.createNodes(tx, p.labels, p.rows));
    pending = null;
  };
  let lastSay = Date.now();
  for await (const { line, value } of lines(folder, NODES_FILE)) {
    const v = value as { l?: unknown; id?: unknown; p?: unknown };
    const ls = asIdentifiers(NODES_FILE, line, v.l);
    const props = asProps(NODES_FILE, line, v.p);
    const key = labelKey(ls);
    if (pending && (pending.key !== key || pending.rows.length >= batch)) await flushNodes();
    pending ??= { key, labels: ls, rows: [] };
    pending.rows.push({ id: typeof v.id === 'string' ? v.id : null, props });
    if (Date.now() - lastSay > 2_000) {
      say(`  nodes: ${nodes}`);
      lastSay = Date.now();
    }
  }
  await flushNodes();
  say(`  nodes: ${nodes}`);

  let relationships = 0;
  let expected = 0;
  const groups = new Map<string, { type: string; from: string; to: string; rows: q.RelIn[] }>();
  const flush = async (key: string) => {
    const g = groups.get(key);
    if (!g || g.rows.length === 0) return;
    groups.delete(key);
    relationships += await db.writeTx((tx) => q.createRelationships(tx, g.type, g.from, g.to, g.rows));
  };
  for await (const { line, value } of lines(folder, RELS_FILE)) {
    const v = value as { t?: unknown; f?: unknown; e?: unknown; p?: unknown };
    const [type] = asIdentifiers(RELS_FILE, line, [v.t]);
    const f = v.f as [unknown, unknown];
    const e = v.e as [unknown, unknown];
    if (!Array.isArray(f) || !Array.isArray(e) || typeof f[1] !== 'string' || typeof e[1] !== 'string') {
      throw new BackupError(`${RELS_FILE}:${line}: "f" and "e" must be [label, id]`);
    }
    const [from] = asIdentifiers(RELS_FILE, line, [f[0]]);
    const [to] = asIdentifiers(RELS_FILE, line, [e[0]]);
    const key = `${type}|${from}|${to}`;
    let g = groups.get(key);
    if (!g) groups.set(key, (g = { type: type!, from: from!, to: to!, rows: [] }));
    g.rows.push({ from: f[1], to: e[1], props: asProps(RELS_FILE, line, v.p) });
    expected++;
    if (g.rows.length >= batch) await flush(key);
    if (Date.now() - lastSay > 2_000) {
      say(`  relationships: ${relationships}`);
      lastSay = Date.now();
    }
  }
  for (const key of [...groups.keys()]) await flush(key);
  say(`  relationships: ${relationships}`);

  const warnings: string[] = [...manifest.warnings.map((w) => `backup: ${w}`)];
  const skipped = expected - relationships;
  if (skipped > 0) warnings.push(`${skipped} relationships name a node the backup does not hold (written while it ran); left out`);
  const counts = await q.graphCounts(db);
  for (const [k, n] of Object.entries(manifest.contents.nodes)) {
    if (counts.nodes[k] !== n) throw new BackupError(`restored ${counts.nodes[k] ?? 0} ${k} nodes, the backup holds ${n}`);
  }
  if (skipped === 0) {
    for (const [k, n] of Object.entries(manifest.contents.relationships)) {
      if (counts.relationships[k] !== n) throw new BackupError(`restored ${counts.relationships[k] ?? 0} ${k} relationships, the backup holds ${n}`);
    }
  }

  let interchangeDifferences: string[] | null = null;
  if (opts.verify !== false) {
    say('verifying: exporting the restored database and comparing with the backup');
    const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'quanzi-restore-check-'));
    try {
      await exportFolder(db, path.join(tmp, 'x'));
      const mine = listFiles(path.join(tmp, 'x'));
      const theirs = listFiles(path.join(folder, 'interchange'));
      interchangeDifferences = [...new Set([...mine, ...theirs])].filter((f) => {
        const a = path.join(tmp, 'x', f);
        const b = path.join(folder, 'interchange', f);
        return !fs.existsSync(a) || !fs.existsSync(b) || !fs.readFileSync(a).equals(fs.readFileSync(b));
      });
    } finally {
      fs.rmSync(tmp, { recursive: true, force: true });
    }
    if (interchangeDifferences.length > 0) {
      warnings.push(`interchange files differ from the backup's copy: ${interchangeDifferences.join(', ')}`);
    }
  }
  return { nodes, relationships, skippedRelationships: skipped, interchangeDifferences, ms: Date.now() - t0, warnings };
}
