import net from 'node:net';
import { loadConfig, type Config } from '../config.js';
import { createDriver, createQueryRunner, isReachable, type QueryRunner } from '../queries/driver.js';
import { runMigrations } from '../queries/migrations.js';
import { recomputeInfluence } from '../services/intelligence/influence.js';
import { startDatabase } from '../start.js';
import type { ImportProgress, ImportReport } from './import.js';
import { offlineImportFolder } from './offline-import.js';

export interface CliDatabase {
  db: QueryRunner;
  config: Config;
  /** How it connected, for the first line of output. */
  where: string;
  close(): Promise<void>;
}

/**
 * The database the CLI commands work on: the running one (NEO4J_URI, or the embedded Neo4j of a running
 * `npm start`), otherwise the embedded Neo4j started just for this command on the same data folder.
 */
export async function openCliDatabase(): Promise<CliDatabase> {
  const config = loadConfig();
  const driver = createDriver(config.neo4j);
  if (await isReachable(driver, config.neo4j.database, 3_000)) {
    await runMigrations(driver, config.neo4j.database);
    return {
      db: createQueryRunner(driver, config.neo4j.database),
      config,
      where: config.neo4j.uri,
      close: () => driver.close(),
    };
  }
  await driver.close();
  if (config.neo4j.neoMode === 'external') throw new Error(`Neo4j does not answer at ${config.neo4j.uri}`);
  process.stderr.write(`starting the embedded Neo4j on ${config.dataDir} …\n`);
  const started = await startDatabase(config);
  return {
    db: createQueryRunner(started.driver, config.neo4j.database),
    config,
    where: `${started.uri} (embedded, ${config.dataDir})`,
    close: () => started.stop(),
  };
}

type ErrorClass = abstract new (...args: never[]) => Error;

/**
 * Runs a CLI command and exits with its code. Errors of the `expected` classes are the user's (bad files, a
 * folder in use): their message, exit 1. Anything else: "<name> failed: …", exit 1.
 */
export function runCli(
  name: string,
  main: () => Promise<number>,
  opts: { expected?: ErrorClass[]; prefix?: string; stack?: boolean } = {},
): void {
  main().then(
    (code) => process.exit(code),
    (err: unknown) => {
      if ((opts.expected ?? []).some((E) => err instanceof E)) {
        process.stderr.write(`${opts.prefix ?? `${name}: `}${(err as Error).message}\n`);
      } else {
        const text = err instanceof Error ? (opts.stack ? (err.stack ?? err.message) : err.message) : String(err);
        process.stderr.write(`${name} failed: ${text}\n`);
      }
      process.exit(1);
    },
  );
}

/** Whether anything accepts connections on this local port (a running Neo4j, say). */
export function portAnswers(port: number, host = '127.0.0.1'): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ port, host });
    const done = (v: boolean) => {
      socket.destroy();
      resolve(v);
    };
    socket.setTimeout(1_000, () => done(false));
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
  });
}

/** The stored influence ranking is stale after an import: recompute it now (stderr shows progress); returns ms. */
export async function recomputeAfterImport(db: QueryRunner): Promise<number> {
  const t0 = Date.now();
  process.stderr.write('recomputing influence scores …\n');
  const r = await recomputeInfluence(db, {
    onProgress: (message, fields) => process.stderr.write(`  ${message} ${JSON.stringify(fields)}\n`),
  });
  process.stderr.write(`influence: ${r.people.toLocaleString('en-US')} people, ${r.written.toLocaleString('en-US')} scores written in ${(r.durationMs / 1000).toFixed(1)} s\n`);
  return Date.now() - t0;
}

/** Parses `<positional> [--flag value] [--switch]`; unknown flags are errors. */
export function parseArgs(
  argv: string[],
  flags: readonly string[],
  switches: readonly string[] = [],
): { positional: string[]; values: Record<string, string>; on: Set<string> } {
  const positional: string[] = [];
  const values: Record<string, string> = {};
  const on = new Set<string>();
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a.startsWith('--')) {
      const [name, inline] = a.slice(2).split('=', 2) as [string, string | undefined];
      if (switches.includes(name)) {
        on.add(name);
      } else if (flags.includes(name)) {
        const v = inline ?? argv[++i];
        if (v === undefined || v.startsWith('--')) throw new UsageError(`--${name} needs a value`);
        values[name] = v;
      } else {
        throw new UsageError(`unknown option --${name}`);
      }
    } else {
      positional.push(a);
    }
  }
  return { positional, values, on };
}

export class UsageError extends Error {}

const fmt = (n: number) => n.toLocaleString('en-US');

function duration(sec: number): string {
  if (!Number.isFinite(sec)) return '?';
  const s = Math.round(sec);
  return s >= 3600 ? `${Math.floor(s / 3600)}h${String(Math.floor((s % 3600) / 60)).padStart(2, '0')}m` : s >= 60 ? `${Math.floor(s / 60)}m${String(s % 60).padStart(2, '0')}s` : `${s}s`;
}

/** A progress bar on stderr (rows, rows/s, ETA); one line every few seconds when stderr is not a terminal. */
export function progressBar(label: string, stream: NodeJS.WriteStream = process.stderr): {
  update: (p: ImportProgress) => void;
  done: () => void;
} {
  const tty = Boolean(stream.isTTY);
  let lastPrint = 0;
  let lastLine = '';
  const render = (p: ImportProgress) => {
    const secs = p.elapsedMs / 1000;
    const rate = secs > 0 ? p.done / secs : 0;
    const eta = rate > 0 ? (p.total - p.done) / rate : Infinity;
    const frac = p.total > 0 ? p.done / p.total : 1;
    const width = 24;
    const fill = Math.round(frac * width);
    return (
      `${label} [${'#'.repeat(fill)}${'.'.repeat(width - fill)}] ${(frac * 100).toFixed(0).padStart(3)}% ` +
      `${fmt(p.done)}/${fmt(p.total)} rows  ${fmt(Math.round(rate))} rows/s  ETA ${duration(eta)}  ${p.file}`
    );
  };
  return {
    update(p) {
      lastLine = render(p);
      const now = Date.now();
      if (tty) {
        if (now - lastPrint >= 100) {
          stream.write(`\r${lastLine}\x1b[K`);
          lastPrint = now;
        }
      } else if (now - lastPrint >= 5_000) {
        stream.write(`${lastLine}\n`);
        lastPrint = now;
      }
    },
    done() {
      if (lastLine !== '') stream.write(tty ? `\r${lastLine}\x1b[K\n` : `${lastLine}\n`);
    },
  };
}

export function printReport(report: ImportReport, out: NodeJS.WriteStream = process.stdout): void {
  const secs = (report.validateMs + report.loadMs) / 1000;
  for (const w of report.warnings) process.stderr.write(`warning: ${w}\n`);
  out.write(
    `imported ${fmt(report.rows)} rows in ${secs.toFixed(1)} s ` +
      `(validated in ${(report.validateMs / 1000).toFixed(1)} s, loaded at ${fmt(Math.round(report.rows / Math.max(0.001, report.loadMs / 1000)))} rows/s)\n`,
  );
  for (const f of report.files) {
    const secs = (f.ms ?? 0) / 1000;
    const rate = secs > 0 ? `  ${fmt(Math.round(f.rows / secs)).padStart(9)} rows/s` : '';
    out.write(`  ${f.file.padEnd(22)} ${fmt(f.rows).padStart(11)} rows  ${fmt(f.created).padStart(11)} new  ${secs.toFixed(1).padStart(7)} s${rate}\n`);
  }
}

export { fmt as formatCount };

/**
 * `--offline`: neo4j-admin into the embedded Neo4j's data folder, then one start that builds the indexes (and the
 * influence scores). Returns the exit code; validation errors throw ImportValidationError / OfflineImportError.
 */
export async function runOfflineImport(
  folder: string,
  opts: { dealershipId: string | null; overwrite: boolean; recompute: boolean; json: boolean },
): Promise<number> {
  const { dealershipId, overwrite, recompute, json } = opts;
  const config = loadConfig();
  if (config.neo4j.neoMode === 'external') {
    process.stderr.write(
      '--offline builds the embedded Neo4j\'s database (QUANZI_DATA_DIR) and NEO4J_URI is set. For another server, run its own ' +
        'neo4j-admin database import, or use the online import (without --offline).\n',
    );
    return 2;
  }
  if (await portAnswers(config.neo4j.boltPort)) {
    process.stderr.write(
      `Something answers on port ${config.neo4j.boltPort}: stop the running Quanzi (npm start) first, the offline import replaces the database files.\n`,
    );
    return 1;
  }
  const t0 = Date.now();
  const bar = progressBar('stage');
  process.stderr.write(`offline import of ${folder} into ${config.dataDir}\n`);
  const report = await offlineImportFolder(folder, {
    dataDir: config.dataDir,
    database: (config.neo4j.database ?? 'neo4j').toLowerCase(),
    overwrite,
    dealershipId,
    followUpDays: config.followUpDays,
    onProgress: bar.update,
    onOutput: (line) => {
      // the tool's stages and totals, not its progress dots
      if (/^\(\d\/\d\)|COMPLETED|IMPORT (DONE|FAILED)|^\s*\d+ (nodes|relationships|properties)$/.test(line)) {
        process.stderr.write(`  neo4j-admin: ${line.trim()}\n`);
      }
    },
  });
  bar.done();
  process.stderr.write('starting Neo4j to build the constraints and indexes …\n');
  const t1 = Date.now();
  const db = await startDatabase({ ...config, seed: 'none' });
  const indexMs = Date.now() - t1;
  try {
    const influence = recompute ? await recomputeAfterImport(createQueryRunner(db.driver, config.neo4j.database)) : null;
    const summary = { ...report, indexMs, influenceMs: influence, totalMs: Date.now() - t0 };
    if (json) process.stdout.write(`${JSON.stringify(summary)}\n`);
    else {
      printReport(report);
      const s = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
      process.stdout.write(
        `  validated and converted in ${s(report.stageMs)}, neo4j-admin ${s(report.adminMs)} ` +
          `(${report.nodes.toLocaleString('en-US')} nodes, ${report.relationships.toLocaleString('en-US')} relationships), ` +
          `start with indexes ${s(indexMs)}${influence === null ? '' : `, influence ${s(influence)}`}; total ${s(summary.totalMs)}\n`,
      );
    }
    return 0;
  } finally {
    await db.stop();
  }
}

