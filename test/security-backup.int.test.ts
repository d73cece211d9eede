import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateSeed } from '../seeds/generate.js';
import { loadConfig, type Config } from '../server/config.js';
import { importFolder } from '../server/data/import.js';
import { startEmbeddedNeo4j, type EmbeddedNeo4j } from '../server/db/embedded-neo4j.js';
import { createDriver, createQueryRunner, type Driver, type QueryRunner } from '../server/queries/driver.js';
import { runMigrations } from '../server/queries/migrations.js';
import { ensureAdmin } from '../server/services/auth.service.js';
import { startApi, type RunningApi } from '../server/start.js';
import { freePort } from './support/global-setup.js';
import { graphSnapshot as snapshot } from './support/graph-snapshot.js';
import { testEnv, tokenFor } from './support/test-api.js';

/*
 * Backup while the service runs, restore into an empty database, and prove nothing is lost: every node and
 * relationship with every property and its type (ids, timestamps with their offsets, audit entries, follow-ups,
 * tasks, boards, erasure marks), a fresh export identical to the backup's, and the restored accounts sign in.
 * Runs the real CLI commands (`npm run backup` / `npm run restore` are these scripts) on a private Neo4j.
 */

const ROOT = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');

function run(script: string, args: string[], env: Record<string, string | undefined>): Promise<{ code: number | null; out: string; err: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', script, ...args], { cwd: ROOT, env: { ...process.env, ...env } });
    let out = '';
    let err = '';
    child.stdout.on('data', (c: Buffer) => (out += c.toString()));
    child.stderr.on('data', (c: Buffer) => (err += c.toString()));
    child.on('exit', (code) => resolve({ code, out, err }));
  });
}

describe('backup and restore', () => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'quanzi-backup-db-'));
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'quanzi-backup-'));
  let neo: EmbeddedNeo4j;
  let driver: Driver;
  let db: QueryRunner;
  let api: RunningApi;
  let config: Config;
  let cliEnv: Record<string, string | undefined>;

  beforeAll(async () => {
    const password = 'backup-test-password';
    neo = await startEmbeddedNeo4j({
      dataDir,
      boltPort: await freePort(),
      user: 'neo4j',
      password,
      heap: '512m',
      pageCache: '128m',
      txTimeout: '60s',
      startTimeoutMs: 240_000,
    });
    config = loadConfig(testEnv({ NEO4J_URI: neo.uri, NEO4J_PASSWORD: password }));
    cliEnv = { NEO4J_URI: neo.uri, NEO4J_PASSWORD: password, NEO4J_USER: 'neo4j', LOG_LEVEL: 'warn', QUANZI_MODE: 'test' };
    driver = createDriver(config.neo4j);
    await runMigrations(driver, config.neo4j.database);
    db = createQueryRunner(driver, config.neo4j.database);
    await ensureAdmin(db, config);
    const seedDir = path.join(work, 'seed');
    await generateSeed({ size: 'demo', seed: 7, people: 600, out: seedDir });
    await importFolder(db, seedDir);
    api = await startApi(config, driver);
  });

  afterAll(async () => {
    await api?.stop();
    await driver?.close();
    await neo?.stop();
    fs.rmSync(dataDir, { recursive: true, force: true });
    fs.rmSync(work, { recursive: true, force: true });
  });

  it('backs up while the API serves, restores into an empty database, and loses nothing', async () => {
    // records only the app makes (not in the interchange format), through the API
    const [row] = await db.read<{ d: string; buyer: string; manager: string }>(
      `MATCH (u:User {role: 'MANAGER'}) WITH u LIMIT 1
       MATCH (p:Person {dealershipId: u.dealershipId}) WITH u, p ORDER BY p.id LIMIT 1
       RETURN u.dealershipId AS d, p.id AS buyer, u.id AS manager`,
    );
    const { d, buyer, manager } = row!;
    const token = await tokenFor(config, { role: 'manager', dealershipId: d, sub: manager });
    const gql = async (query: string, variables: Record<string, unknown> = {}) => {
      const res = await fetch(`${api.url}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
        body: JSON.stringify({ query, variables }),
      });
      const body = (await res.json()) as { data?: Record<string, unknown>; errors?: unknown[] };
      expect(body.errors).toBeUndefined();
      return body.data!;
    };
    const sale = await gql(
      `mutation ($b: ID!) { recordSale(input: { buyerId: $b, price: 188000, vin: "LBKUP000000000001", date: "2024-05-01", brand: "比亚迪", model: "汉", clientMutationId: "bk-1" }) { followUp { id } } }`,
      { b: buyer },
    );
    const followUpId = (sale.recordSale as { followUp: { id: string } }).followUp.id;
    await gql(
      `mutation ($id: ID!) { completeFollowUp(id: $id, outcome: REACHED, feedback: "很满意，服务周到", rating: 5, publishConsent: true, callConsent: true, needsHelp: [PLATES]) { tasks { id } } }`,
      { id: followUpId },
    );
    const created = await gql(`mutation { createPerson(input: { name: "备份测试", phone: "13900001111", notes: "要删除" }) { id } }`);
    const erased = (created.createPerson as { id: string }).id;
    await gql('mutation ($id: ID!) { erasePerson(id: $id) { __typename } }', { id: erased });
    // values of every type the restore must rebuild exactly, and labels the interchange format does not know
    await db.write(
      `CREATE (:Board {id: 'bk-board', week: '2024-W18', weekStart: date('2024-04-29'), publishedAt: datetime('2024-05-03T09:30:00+08:00'),
                       at: datetime('2024-05-03T09:30:00.123456789[Asia/Shanghai]'), local: localdatetime('2024-05-03T09:30:00'),
                       t: time('09:30:00+08:00'), lt: localtime('09:30:00'), d: duration('P1DT2H3M'), ranks: [1, 2, 3],
                       weights: [0.5, 1.0], flags: [true, false], days: [date('2024-05-01')], whole: 100000.0, count: 100000,
                       note: '引号 "双" 与, 逗号\\n换行', empty: ''})
              -[:HAS_ENTRY {rank: 1, at: datetime('2024-05-03T09:30:00Z')}]->(:BoardEntry {id: 'bk-entry', rank: 1})`,
    );

    const before = await snapshot(db);
    expect(before.nodes.length).toBeGreaterThan(1000);
    for (const label of ['AuditEntry', 'FollowUp', 'Task', 'Board', 'BoardEntry', 'User']) {
      expect(before.nodes.some((n) => n.includes(`"${label}"`)), label).toBe(true);
    }

    // backup through the CLI while the API keeps answering
    const folder = path.join(work, 'backup');
    let serving = true;
    let answered = 0;
    const reader = (async () => {
      while (serving) {
        await gql('{ people(limit: 20) { id name } }');
        answered++;
      }
    })();
    const backup = await run('scripts/backup.ts', [folder], cliEnv);
    serving = false;
    await reader;
    expect(backup.code, backup.err).toBe(0);
    expect(backup.out).toMatch(/backed up [\d,]+ nodes/);
    expect(answered).toBeGreaterThan(0);
    const manifest = JSON.parse(fs.readFileSync(path.join(folder, 'manifest.json'), 'utf8')) as {
      contents: { nodes: Record<string, number> };
      files: Record<string, unknown>;
    };
    expect(Object.keys(manifest.files)).toEqual(expect.arrayContaining(['interchange/people.csv', 'interchange/users.csv', 'graph/nodes.jsonl.gz']));
    expect(manifest.contents.nodes.AuditEntry).toBeGreaterThan(0);

    // refused: a database that is not empty
    const busy = await run('scripts/restore.ts', [folder], cliEnv);
    expect(busy.code).toBe(1);
    expect(busy.err).toMatch(/not empty/);

    // empty it (the server's bootstrap admin comes back, as after a fresh start), then restore
    await db.write('MATCH (n) DETACH DELETE n');
    await ensureAdmin(db, config);
    const restore = await run('scripts/restore.ts', [folder], cliEnv);
    expect(restore.code, restore.err).toBe(0);
    expect(restore.out).toMatch(/a fresh export is identical to the backup/);

    const after = await snapshot(db);
    expect(after.nodes.length).toBe(before.nodes.length);
    expect(after.rels.length).toBe(before.rels.length);
    expect(after.nodes.filter((n) => !before.nodes.includes(n))).toEqual([]);
    expect(after.rels.filter((r) => !before.rels.includes(r))).toEqual([]);

    // the restored accounts work: a demo user signs in with the demo password
    const [seller] = await db.read<{ username: string }>("MATCH (u:User {role: 'SALESPERSON'}) RETURN u.username AS username LIMIT 1");
    const username = seller!.username;
    const login = await fetch(`${api.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: 'mutation ($u: String!) { login(username: $u, password: "quanzi-demo") { token } }', variables: { u: username } }),
    });
    expect(((await login.json()) as { data?: { login?: { token?: string } } }).data?.login?.token).toBeTruthy();
  }, 600_000);

  it('refuses a damaged backup with the file named and a non-zero exit', async () => {
    const folder = path.join(work, 'backup');
    const file = path.join(folder, 'interchange', 'people.csv');
    fs.appendFileSync(file, 'x\r\n');
    await db.write('MATCH (n) DETACH DELETE n');
    const r = await run('scripts/restore.ts', [folder], cliEnv);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/interchange\/people\.csv: checksum does not match/);
    expect(await db.read('MATCH (n) WHERE NOT n:User RETURN count(n) AS n')).toEqual([{ n: 0 }]);
    const usage = await run('scripts/backup.ts', [], cliEnv);
    expect(usage.code).toBe(2);
    expect(usage.err).toMatch(/usage: npm run backup/);
  }, 300_000);
});
