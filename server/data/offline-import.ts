import fs from 'node:fs';
import path from 'node:path';
import { runAdminImport } from '../db/neo4j-admin-import.js';
import { AdminCsvStage } from './admin-csv-stage.js';
import { folderSources, stageSources, type ImportOptions, type ImportReport } from './import.js';

/**
 * The fast path for a first load: validate and convert the folder in one pass, build the store with
 * `neo4j-admin database import full` of the same Neo4j version, then move it into the embedded Neo4j's data
 * folder. Neo4j must be stopped. Constraints and indexes are built when Neo4j next starts (the migrations).
 * Nothing is written to the data folder unless every file is valid and the import tool succeeded.
 */

export interface OfflineImportOptions extends Pick<ImportOptions, 'dealershipId' | 'now' | 'maxErrors' | 'onProgress' | 'followUpDays'> {
  /** The embedded Neo4j's home (QUANZI_DATA_DIR). */
  dataDir: string;
  /** Database name; Neo4j Community has one: neo4j. */
  database: string;
  /** Replace an existing database (everything in it is lost). */
  overwrite?: boolean;
  /** Lines printed by neo4j-admin. */
  onOutput?: (line: string) => void;
  /** Heap of the import tool (default 1g). */
  heap?: string;
}

export interface OfflineImportReport extends ImportReport {
  /** Validation and conversion, in one pass over the files. */
  stageMs: number;
  /** neo4j-admin import. */
  adminMs: number;
  nodes: number;
  relationships: number;
}

export class OfflineImportError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'OfflineImportError';
  }
}

export function databaseDirs(dataDir: string, database: string): { store: string; transactions: string } {
  return {
    store: path.join(dataDir, 'data', 'databases', database),
    transactions: path.join(dataDir, 'data', 'transactions', database),
  };
}

export async function offlineImportFolder(folder: string, opts: OfflineImportOptions): Promise<OfflineImportReport> {
  if (!/^[a-z][a-z0-9.-]{0,62}$/.test(opts.database)) throw new OfflineImportError(`"${opts.database}" is not a database name`);
  const target = databaseDirs(opts.dataDir, opts.database);
  if (fs.existsSync(target.store) && !opts.overwrite) {
    throw new OfflineImportError(
      `${target.store} already holds a database. The offline import builds a new one: pass --overwrite to replace it ` +
        '(everything in it is lost), or use the online import (without --offline) to add to it.',
    );
  }
  const { sources, ignored } = folderSources(folder);
  fs.mkdirSync(opts.dataDir, { recursive: true });
  // beside the data, so the finished store moves into place by rename
  const staging = fs.mkdtempSync(path.join(opts.dataDir, 'import-staging-'));
  try {
    const stage = new AdminCsvStage(path.join(staging, 'csv'));
    const t0 = Date.now();
    let report: ImportReport;
    try {
      report = await stageSources(sources, { ...opts, stage });
    } catch (err) {
      await stage.discard();
      throw err;
    }
    const input = await stage.close();
    const t1 = Date.now();
    const home = path.join(staging, 'home');
    await runAdminImport({ ...input, home, database: opts.database, heap: opts.heap, onOutput: opts.onOutput });
    const t2 = Date.now();
    const built = databaseDirs(home, opts.database);
    for (const dir of [target.store, target.transactions]) {
      fs.rmSync(dir, { recursive: true, force: true });
      fs.mkdirSync(path.dirname(dir), { recursive: true });
    }
    fs.renameSync(built.store, target.store);
    fs.renameSync(built.transactions, target.transactions);
    report.warnings.unshift(...ignored.map((n) => `${n}: not a file of the format; ignored`));
    return {
      ...report,
      loadMs: t2 - t1,
      stageMs: t1 - t0,
      adminMs: t2 - t1,
      nodes: input.nodeRows,
      relationships: input.relationshipRows,
    };
  } finally {
    fs.rmSync(staging, { recursive: true, force: true });
  }
}

