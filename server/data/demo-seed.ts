import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { generateSeed } from '../../seeds/generate.js';
import type { QueryRunner } from '../queries/driver.js';
import { anyPerson } from '../queries/data-import.queries.js';
import { importFolder, type ImportReport } from './import.js';
import { isoDay } from './values.js';

export interface DemoSeedOptions {
  /** Where the generated CSVs go (kept); a temporary folder, removed afterwards, when absent. */
  dir?: string;
  /** Last day of the data; default today (UTC), so the demo's sales are recent. Same seed, same people and ties. */
  until?: string;
  seed?: number;
  /** Progress lines (e.g. the server's logger). */
  log?: (message: string) => void;
  /** Days after a sale its thank-you call is due (config.followUpDays); the week's sales get their calls. */
  followUpDays?: number;
}

export interface DemoSeedResult {
  loaded: boolean;
  ms: number;
  report?: ImportReport;
}

/**
 * Loads the demo data set (seed 42, ~2,000 people, demo users per role) when the database holds no Person yet.
 * The server calls it at start-up when QUANZI_SEED=demo.
 */
export async function loadDemoIfEmpty(db: QueryRunner, opts: DemoSeedOptions = {}): Promise<DemoSeedResult> {
  const t0 = Date.now();
  if (await anyPerson(db)) return { loaded: false, ms: Date.now() - t0 };
  const log = opts.log ?? ((m: string) => process.stderr.write(`${m}\n`));
  const dir = opts.dir ?? fs.mkdtempSync(path.join(os.tmpdir(), 'quanzi-demo-'));
  try {
    log('empty database: generating the demo data set (seed 42)');
    await generateSeed({ size: 'demo', seed: opts.seed ?? 42, out: dir, until: opts.until ?? isoDay(new Date()) });
    let lastLog = 0;
    const report = await importFolder(db, dir, {
      followUpDays: opts.followUpDays,
      onProgress: (p) => {
        if (Date.now() - lastLog < 2_000 && p.done < p.total) return;
        lastLog = Date.now();
        log(`demo data: ${p.done}/${p.total} rows (${p.file})`);
      },
    });
    const ms = Date.now() - t0;
    log(`demo data loaded in ${(ms / 1000).toFixed(1)} s: ${report.files.map((f) => `${f.file} ${f.rows}`).join(', ')}`);
    return { loaded: true, ms, report };
  } finally {
    if (!opts.dir) fs.rmSync(dir, { recursive: true, force: true });
  }
}
