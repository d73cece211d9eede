import { loadConfig, type Config } from '../config.js';
import { createDriver, createQueryRunner, isReachable, type QueryRunner } from '../queries/driver.js';
import { runMigrations } from '../queries/migrations.js';
import { startDatabase } from '../start.js';
import type { ImportProgress, ImportReport } from './import.js';

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
