import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateSeed } from '../seeds/generate.js';
import { importFolder, ImportValidationError } from '../server/data/import.js';
import { databaseDirs, offlineImportFolder, OfflineImportError } from '../server/data/offline-import.js';
import { startEmbeddedNeo4j, type EmbeddedNeo4j } from '../server/db/embedded-neo4j.js';
import { createDriver, createQueryRunner, type Driver, type QueryRunner } from '../server/queries/driver.js';
import { runMigrations } from '../server/queries/migrations.js';
import { freePort } from './support/global-setup.js';
import { graphSnapshot } from './support/graph-snapshot.js';

/*
 * The offline fast path (neo4j-admin) must build exactly the graph the online (Bolt) import builds from the same
 * folder: every node, relationship, property and property type. Each side gets a private, fresh Neo4j.
 */

const ROOT = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
const NOW = new Date('2026-03-01T04:05:06.789Z');
const PASSWORD = 'offline-test-password';

async function startNeo(dataDir: string): Promise<{ neo: EmbeddedNeo4j; driver: Driver; db: QueryRunner }> {
  const neo = await startEmbeddedNeo4j({
    dataDir,
    boltPort: await freePort(),
    user: 'neo4j',
    password: PASSWORD,
    heap: '512m',
    pageCache: '128m',
    txTimeout: '60s',
    startTimeoutMs: 240_000,
  });
  const driver = createDriver({ uri: neo.uri, user: 'neo4j', password: PASSWORD });
  await runMigrations(driver, undefined);
  return { neo, driver, db: createQueryRunner(driver, undefined) };
}

/** Appends columns to every row of a file: the header gets `names`, row i gets `values(i)`. */
function addColumns(file: string, names: string[], values: (i: number) => string[]): void {
  // the generator writes CRLF (RFC 4180); none of its values spans lines
  const lines = fs.readFileSync(file, 'utf8').split('\r\n').filter((l) => l !== '');
  const out = lines.map((l, i) => `${l},${(i === 0 ? names : values(i)).join(',')}`);
  fs.writeFileSync(file, `${out.join('\r\n')}\r\n`);
}

/** The demo seed plus every optional column and the values that are hard to carry: quotes, commas, newlines. */
async function makeFolder(dir: string): Promise<void> {
  await generateSeed({ size: 'demo', seed: 11, people: 400, out: dir, until: '2026-02-28' });
  addColumns(path.join(dir, 'ties.csv'), ['source', 'since', 'confirmed'], (i) =>
    i % 3 === 0 ? ['visit', '2020-05-06', 'true'] : i % 3 === 1 ? ['', '', 'false'] : ['call', '', ''],
  );
  addColumns(path.join(dir, 'visits.csv'), ['notes'], (i) => [i % 2 ? '"带了""全家"", 看了两款,\n下周再来"' : '']);
  const people = fs.readFileSync(path.join(dir, 'people.csv'), 'utf8').split('\r\n');
  const header = people[0]!.split(',');
  const [firstId, , , , , , , , , , dealer] = people[1]!.split(',');
  expect(header.at(-1)).toBe('dealership');
  fs.appendFileSync(
    path.join(dir, 'people.csv'),
    `X-1,"欧阳, ""娜娜""",,浙江,prospect,true,false,杭州,,"第一行\r\n第二行 ""引号""",${dealer}\n` + `X-2,李四,+8613900001234,,contact,,1,,"公司, 有限",,${dealer}\n`,
  );
  fs.appendFileSync(path.join(dir, 'ties.csv'), `X-1,X-2,driver,1,manual,2019-01-01,true\nX-2,${firstId},adviser,0,,,\n`);
  fs.writeFileSync(
    path.join(dir, 'interactions.csv'),
    fs.readFileSync(path.join(dir, 'interactions.csv'), 'utf8') + `X-1,2025-01-02,message,${dealer}\nX-1,2025-01-02,message,${dealer}\n`,
  );
}

describe('offline import (neo4j-admin)', () => {
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'quanzi-offline-'));
  const folder = path.join(work, 'folder');

  beforeAll(async () => {
    await makeFolder(folder);
  });

  afterAll(() => {
    fs.rmSync(work, { recursive: true, force: true });
  });

  it('builds the same graph as the online import: every node, relationship, property and type', async () => {
    const offlineDir = path.join(work, 'offline');
    const report = await offlineImportFolder(folder, { dataDir: offlineDir, database: 'neo4j', now: NOW });
    expect(report.ties).toBeGreaterThan(500);
    expect(report.nodes).toBeGreaterThan(400);
    expect(fs.readdirSync(offlineDir).filter((n) => n.startsWith('import-staging-'))).toEqual([]);

    const a = await startNeo(offlineDir);
    let offline: Awaited<ReturnType<typeof graphSnapshot>>;
    try {
      offline = await graphSnapshot(a.db);
      // the indexes the app relies on are built by the migrations on this first start
      const [n] = await a.db.read<{ n: number }>("CALL db.index.fulltext.queryNodes('person_search', '欧阳') YIELD node RETURN count(node) AS n");
      expect(n!.n).toBe(1);
    } finally {
      await a.driver.close();
      await a.neo.stop();
    }

    const b = await startNeo(path.join(work, 'online'));
    let online: Awaited<ReturnType<typeof graphSnapshot>>;
    try {
      await importFolder(b.db, folder, { now: NOW });
      online = await graphSnapshot(b.db);
    } finally {
      await b.driver.close();
      await b.neo.stop();
    }

    expect(offline.nodes.length).toBe(online.nodes.length);
    expect(offline.rels.length).toBe(online.rels.length);
    expect(offline.nodes).toEqual(online.nodes);
    expect(offline.rels).toEqual(online.rels);
    // the hard values made it through
    expect(offline.nodes.some((n) => n.includes('第一行\\r\\n第二行 \\"引号\\"'))).toBe(true);
    expect(offline.rels.some((r) => r.includes('"DRIVES_FOR"'))).toBe(true);
    // the week's sales got their thank-you calls on both paths (compared above with every property)
    expect(offline.nodes.filter((n) => n.includes('"FollowUp"')).length).toBeGreaterThanOrEqual(6);
    expect(offline.rels.filter((r) => r.includes('"FOLLOWS_UP"')).length).toBe(offline.nodes.filter((n) => n.includes('"FollowUp"')).length);
    expect(report.nodes).toBe(offline.nodes.length);
    expect(report.relationships).toBe(offline.rels.length);
  }, 300_000);

  it('writes nothing when a file is invalid, and never replaces a database without --overwrite', async () => {
    const bad = path.join(work, 'bad');
    fs.cpSync(folder, bad, { recursive: true });
    fs.appendFileSync(path.join(bad, 'ties.csv'), 'X-1,nobody,friend,0.5,,,\n');
    const lines = fs.readFileSync(path.join(bad, 'ties.csv'), 'utf8').trimEnd().split('\n').length;
    const dataDir = path.join(work, 'bad-db');
    const err = await offlineImportFolder(bad, { dataDir, database: 'neo4j', now: NOW }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ImportValidationError);
    expect((err as ImportValidationError).errors).toEqual([`ties.csv:${lines}: unknown person "nobody"`]);
    expect(fs.existsSync(databaseDirs(dataDir, 'neo4j').store)).toBe(false);
    expect(fs.readdirSync(dataDir)).toEqual([]);

    // an existing database is left alone unless asked
    const existing = path.join(work, 'offline');
    expect(fs.existsSync(databaseDirs(existing, 'neo4j').store)).toBe(true);
    const before = fs.readdirSync(databaseDirs(existing, 'neo4j').store).sort();
    const refused = await offlineImportFolder(folder, { dataDir: existing, database: 'neo4j', now: NOW }).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(OfflineImportError);
    expect((refused as Error).message).toMatch(/--overwrite/);
    expect(fs.readdirSync(databaseDirs(existing, 'neo4j').store).sort()).toEqual(before);

    // --overwrite replaces it with the new folder's content only
    const small = path.join(work, 'small');
    fs.mkdirSync(small);
    fs.writeFileSync(path.join(small, 'dealerships.csv'), 'id,name,city,region,brands\nhz-new,新店,杭州,浙江,\n');
    fs.writeFileSync(path.join(small, 'people.csv'), 'id,name,phone,region,kind,share_consent,contact_consent\nS-1,王五,,,buyer,true,true\n');
    await offlineImportFolder(small, { dataDir: existing, database: 'neo4j', now: NOW, overwrite: true, dealershipId: 'hz-new' });
    const c = await startNeo(existing);
    try {
      const rows = await c.db.read<{ labels: string[]; name: string }>('MATCH (n) RETURN labels(n) AS labels, n.name AS name ORDER BY labels(n)[0]');
      expect(rows).toEqual([
        { labels: ['Dealership'], name: '新店' },
        { labels: ['Person'], name: '王五' },
      ]);
    } finally {
      await c.driver.close();
      await c.neo.stop();
    }
  }, 300_000);

  it('the CLI refuses --offline against an external server and --overwrite without --offline', async () => {
    const run = (args: string[], env: Record<string, string>) =>
      new Promise<{ code: number | null; err: string }>((resolve) => {
        const child = spawn(process.execPath, ['--import', 'tsx', 'scripts/import.ts', ...args], { cwd: ROOT, env: { ...process.env, ...env } });
        let err = '';
        child.stderr.on('data', (c: Buffer) => (err += c.toString()));
        child.on('exit', (code) => resolve({ code, err }));
      });
    const external = await run([folder, '--offline'], { NEO4J_URI: 'bolt://127.0.0.1:1', NEO4J_PASSWORD: 'x-password' });
    expect(external.code).toBe(2);
    expect(external.err).toMatch(/NEO4J_URI is set/);
    const usage = await run([folder, '--overwrite'], {});
    expect(usage.code).toBe(2);
    expect(usage.err).toMatch(/--overwrite goes with --offline/);
  }, 60_000);
});
