import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { generateSeed } from '../../seeds/generate.js';
import type { QueryRunner } from '../queries/driver.js';
import { anyPerson } from '../queries/data-import.queries.js';
import type { Role } from '../domain.js';
import type { Viewer } from '../graphql/context.js';
import { findUsersByUsernames } from '../queries/users.queries.js';
import { BoardRoutines, BOARD_MAX_ENTRIES, BOARD_MIN_ENTRIES, BOARD_PUBLISHERS } from '../services/routines/boards.service.js';
import { addDays, isoWeekOf } from '../services/routines/dates.js';
import { readCsvRecords } from './csv.js';
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
  /** Weekly boards published for the demo's past weeks. */
  boards?: number;
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
    const until = opts.until ?? isoDay(new Date());
    await generateSeed({ size: 'demo', seed: opts.seed ?? 42, out: dir, until });
    let lastLog = 0;
    const report = await importFolder(db, dir, {
      followUpDays: opts.followUpDays,
      onProgress: (p) => {
        if (Date.now() - lastLog < 2_000 && p.done < p.total) return;
        lastLog = Date.now();
        log(`demo data: ${p.done}/${p.total} rows (${p.file})`);
      },
    });
    const boards = await publishDemoBoards(db, dir, until);
    const ms = Date.now() - t0;
    log(
      `demo data loaded in ${(ms / 1000).toFixed(1)} s: ${report.files.map((f) => `${f.file} ${f.rows}`).join(', ')}; ` +
        `${boards} weekly boards of past weeks published`,
    );
    return { loaded: true, ms, report, boards };
  } finally {
    if (!opts.dir) fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** Past weeks the demo comes with boards for: the demo seed writes board material for four weeks, this one included. */
export const DEMO_BOARD_WEEKS = 3;

/**
 * Publishes each store's weekly board for the `DEMO_BOARD_WEEKS` weeks before the week of `until`, as the store's
 * manager would have every Monday (a group-wide marketing user where a store has no manager): the top of the
 * board's own ranking, through the board service, so every rule of a real board holds. The current week is left
 * to the user. `dir` is the generated demo folder, whose users and dealerships are the ones loaded. Returns how
 * many boards it created: none when run again.
 */
export async function publishDemoBoards(db: QueryRunner, dir: string, until: string): Promise<number> {
  const stores = (await readCsvRecords(path.join(dir, 'dealerships.csv'))).map((r) => r.id!);
  // the accounts as loaded (their ids are the database's, not the file's)
  const usernames = (await readCsvRecords(path.join(dir, 'users.csv'))).map((u) => u.username!).filter(Boolean);
  const users: Viewer[] = (await findUsersByUsernames(db, usernames))
    .filter((u) => !u.disabled)
    .map((u) => ({ userId: u.id, username: u.username, role: u.role.toLowerCase() as Role, dealershipId: u.dealershipId }));
  const groupWide = users.find((u) => !u.dealershipId && u.role === 'marketing') ?? users.find((u) => !u.dealershipId && u.role === 'admin');
  let published = 0;
  for (const store of stores) {
    const publisher = users.find((u) => u.dealershipId === store && u.role === 'manager') ?? groupWide;
    if (!publisher || !(BOARD_PUBLISHERS as readonly string[]).includes(publisher.role)) continue;
    const boards = new BoardRoutines(db, publisher);
    // oldest first, so the history reads as it was published
    for (let w = DEMO_BOARD_WEEKS; w >= 1; w--) {
      const week = isoWeekOf(addDays(until, -7 * w)).week;
      const { candidates } = await boards.boardCandidates({ week, first: BOARD_MAX_ENTRIES, dealershipId: store });
      if (candidates.length < BOARD_MIN_ENTRIES) continue;
      const { created } = await boards.publishBoard({ week, testimonialIds: candidates.map((c) => c.testimonialId), dealershipId: store });
      if (created) published++;
    }
  }
  return published;
}
