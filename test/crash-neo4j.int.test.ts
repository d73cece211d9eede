import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig, type Config } from '../server/config.js';
import { startEmbeddedNeo4j, type EmbeddedNeo4j, type EmbeddedNeo4jOptions } from '../server/db/embedded-neo4j.js';
import { createDriver, createQueryRunner, type Driver, type QueryRunner } from '../server/queries/driver.js';
import { runMigrations } from '../server/queries/migrations.js';
import { startApi, type RunningApi } from '../server/start.js';
import { freePort } from './support/global-setup.js';
import { testEnv, tokenFor } from './support/test-api.js';
import { VIN_CHARS } from './support/vin.js';

/*
 * Crash safety on a private Neo4j: writes are in flight when the Neo4j JVM gets SIGKILL. While it is down the API
 * answers 503 on /healthz and SERVICE_UNAVAILABLE on queries; after Neo4j restarts on the same data, the same API
 * process serves again. Every acknowledged write is there, no write is half there, and a client that retries an
 * idempotent write (recordSale with a clientMutationId) ends up with exactly one sale.
 */

function vin(n: number): string {
  let s = '';
  for (let i = 0; i < 11; i++) {
    s = VIN_CHARS[n % VIN_CHARS.length] + s;
    n = Math.floor(n / VIN_CHARS.length);
  }
  return `LCRASH${s}`;
}

interface Answer {
  status: number;
  data?: Record<string, unknown> | null;
  errors?: { message: string; extensions?: { code?: string } }[];
}

describe('crash safety: Neo4j killed with writes in flight', () => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'quanzi-crash-'));
  let opts: EmbeddedNeo4jOptions;
  let neo: EmbeddedNeo4j;
  let driver: Driver;
  let db: QueryRunner;
  let api: RunningApi;
  let config: Config;
  let admin: string;
  let seller: string;

  const ask = async (query: string, variables: Record<string, unknown>, token: string): Promise<Answer> => {
    const res = await fetch(`${api.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({ query, variables }),
    });
    return { status: res.status, ...((await res.json()) as Omit<Answer, 'status'>) };
  };

  beforeAll(async () => {
    opts = {
      dataDir,
      boltPort: await freePort(),
      user: 'neo4j',
      password: 'crash-test-password',
      heap: '512m',
      pageCache: '64m',
      txTimeout: '30s',
      startTimeoutMs: 240_000,
    };
    neo = await startEmbeddedNeo4j(opts);
    // short retries, so that requests made while Neo4j is down end with a coded error rather than waiting
    config = loadConfig(testEnv({ NEO4J_URI: neo.uri, NEO4J_PASSWORD: opts.password, NEO4J_MAX_RETRY_MS: '3000' }));
    driver = createDriver(config.neo4j);
    await runMigrations(driver, config.neo4j.database);
    db = createQueryRunner(driver, config.neo4j.database);
    await db.write(
      `CREATE (:Dealership {id: 'dc', name: '崩溃测试店', brands: ['比亚迪']}),
              (:Person {id: 'buyer', name: '买家', kind: 'BUYER', shareConsent: true, contactConsent: true, dealershipId: 'dc', createdAt: datetime()})`,
    );
    admin = await tokenFor(config, { role: 'admin', sub: 'crash-admin' });
    seller = await tokenFor(config, { role: 'salesperson', dealershipId: 'dc', sub: 'crash-seller' });
    api = await startApi(config, driver);
  });

  afterAll(async () => {
    await api?.stop();
    await driver?.close();
    await neo?.stop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it('keeps every acknowledged write, none half-applied, and the API recovers by itself', async () => {
    let stop = false;
    let seq = 0;
    const ackedPairs: string[] = [];
    const triedPairs: string[] = [];
    const ackedSales = new Map<string, string>();
    const salesErrors: string[] = [];
    const downCodes = new Set<string>();

    // generated API: two models per mutation, so a half-applied write would show as one of a pair
    const pairWriter = async () => {
      while (!stop) {
        const tag = `pair-${seq++}`;
        triedPairs.push(tag);
        const r = await ask(
          'mutation ($a: String!, $b: String!) { createVehicleModels(input: [{ brand: "崩溃", model: $a }, { brand: "崩溃", model: $b }]) { vehicleModels { id } } }',
          { a: `${tag}-a`, b: `${tag}-b` },
          admin,
        ).catch(() => null);
        if (r && !r.errors && r.status === 200) ackedPairs.push(tag);
        else if (r?.errors) r.errors.forEach((e) => downCodes.add(String(e.extensions?.code)));
      }
    };
    // service mutation: sale + follow-up + audit in one transaction; the client retries with the same key until acknowledged
    const saleWriter = async () => {
      while (!stop) {
        const n = seq++;
        const key = `sale-${n}`;
        const input = { buyerId: 'buyer', price: 100_000 + n, vin: vin(n), date: '2024-05-01', brand: '比亚迪', model: '汉', clientMutationId: key };
        for (let attempt = 0; ; attempt++) {
          const r = await ask('mutation ($input: SaleInput!) { recordSale(input: $input) { created sale { id } } }', { input }, seller).catch(() => null);
          const code = r?.errors?.[0]?.extensions?.code;
          if (r && !r.errors && r.status === 200) {
            ackedSales.set(key, (r.data!.recordSale as { sale: { id: string } }).sale.id);
            break;
          }
          if (code && !['SERVICE_UNAVAILABLE'].includes(String(code))) salesErrors.push(`${key}: ${code} ${r?.errors?.[0]?.message}`);
          if (code) downCodes.add(String(code));
          if (attempt > 200) throw new Error(`sale ${key} never acknowledged`);
          await new Promise((res) => setTimeout(res, 250));
        }
      }
    };
    const writers = [pairWriter(), pairWriter(), pairWriter(), saleWriter(), saleWriter(), saleWriter()];

    const until = async (what: string, ok: () => boolean | Promise<boolean>, ms: number) => {
      const deadline = Date.now() + ms;
      while (!(await ok())) {
        if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
        await new Promise((r) => setTimeout(r, 200));
      }
    };
    await until('writes before the crash', () => ackedPairs.length >= 10 && ackedSales.size >= 10, 120_000);

    // --- crash ---
    const pairsBeforeKill = ackedPairs.length;
    process.kill(neo.pid, 'SIGKILL');
    await neo.exited;
    await neo.stop();

    // --- Neo4j down: 503 and coded errors, no crash ---
    const health = await fetch(`${api.url}/healthz`);
    expect(health.status).toBe(503);
    expect(await health.json()).toMatchObject({ status: 'unavailable', neo4j: 'down' });
    const down = await ask('{ vehicleModels(limit: 1) { id } }', {}, admin);
    expect(down.errors?.[0]?.extensions?.code).toBe('SERVICE_UNAVAILABLE');
    expect(JSON.stringify(down)).not.toMatch(/ECONNREFUSED|neo4j-driver|\.js:\d+|bolt:\/\//);
    const write = await ask('mutation { createVehicleModels(input: [{ brand: "x", model: "while-down" }]) { vehicleModels { id } } }', {}, admin);
    expect(write.errors?.[0]?.extensions?.code).toBe('SERVICE_UNAVAILABLE');

    // --- restart on the same data and port; the API process is not touched ---
    neo = await startEmbeddedNeo4j(opts);
    await until(
      'the API to serve again',
      async () => (await ask('{ vehicleModels(limit: 1) { id } }', {}, admin)).errors === undefined,
      60_000,
    );
    expect((await fetch(`${api.url}/healthz`)).status).toBe(200);
    const pairsAtRecovery = ackedPairs.length;
    await until('writes after the restart', () => ackedPairs.length >= pairsAtRecovery + 10, 60_000);
    stop = true;
    await Promise.all(writers);

    // --- what the database holds ---
    const models = await db.read<{ model: string }>("MATCH (m:VehicleModel {brand: '崩溃'}) RETURN m.model AS model");
    const perTag = new Map<string, number>();
    for (const { model } of models) {
      const tag = model.replace(/-[ab]$/, '');
      perTag.set(tag, (perTag.get(tag) ?? 0) + 1);
    }
    const missing = ackedPairs.filter((t) => perTag.get(t) !== 2);
    const half = [...perTag.entries()].filter(([, n]) => n !== 2);
    expect(missing, 'acknowledged pairs not (exactly) present').toEqual([]);
    expect(half, 'pairs half-applied or duplicated').toEqual([]);

    const sales = await db.read<{ key: string; id: string; buyers: number; models: number; followUps: number; audits: number }>(
      `MATCH (s:Sale) WHERE s.clientMutationId STARTS WITH 'sale-'
       OPTIONAL MATCH (b:Person)-[:BOUGHT]->(s) WITH s, count(b) AS buyers
       OPTIONAL MATCH (s)-[:OF_MODEL]->(m:VehicleModel) WITH s, buyers, count(m) AS models
       OPTIONAL MATCH (f:FollowUp)-[:FOLLOWS_UP]->(s) WITH s, buyers, models, count(f) AS followUps
       OPTIONAL MATCH (a:AuditEntry {targetId: s.id, operation: 'recordSale'})
       RETURN s.clientMutationId AS key, s.id AS id, buyers, models, followUps, count(a) AS audits`,
    );
    const byKey = new Map<string, number>();
    for (const s of sales) byKey.set(s.key, (byKey.get(s.key) ?? 0) + 1);
    expect([...byKey.entries()].filter(([, n]) => n > 1), 'a retried sale recorded twice').toEqual([]);
    for (const [key, id] of ackedSales) expect(sales.find((s) => s.key === key)?.id, `acknowledged ${key}`).toBe(id);
    expect(sales.filter((s) => s.buyers !== 1 || s.models !== 1 || s.followUps !== 1 || s.audits !== 1), 'sales half-applied').toEqual([]);
    expect(salesErrors).toEqual([]);
    // the crash did hit writes: some answered SERVICE_UNAVAILABLE, and writes went on both sides of it
    expect([...downCodes]).toContain('SERVICE_UNAVAILABLE');
    expect(pairsBeforeKill).toBeGreaterThanOrEqual(10);
    expect(ackedPairs.length).toBeGreaterThan(pairsAtRecovery);
    process.stdout.write(
      `[crash] acknowledged: ${ackedPairs.length}/${triedPairs.length} model pairs, ${ackedSales.size} sales; ` +
        `stored: ${models.length / 2} pairs, ${sales.length} sales; codes while down: ${[...downCodes].join(', ')}\n`,
    );
  }, 600_000);
});

describe('shutdown: SIGTERM stops the API and its embedded Neo4j cleanly', () => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'quanzi-sigterm-'));
  afterAll(() => fs.rmSync(dataDir, { recursive: true, force: true }));

  it('exits 0 within seconds, with keep-alive clients connected, and Neo4j closes its stores', async () => {
    const port = await freePort();
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      PORT: String(port),
      QUANZI_DATA_DIR: dataDir,
      NEO4J_BOLT_PORT: String(await freePort()),
      NEO4J_HEAP: '512m',
      NEO4J_PAGECACHE: '64m',
      QUANZI_SEED: 'none',
      QUANZI_MODE: 'development',
      LOG_LEVEL: 'warn',
    };
    // outside NODE_ENV=test Apollo installs its own signal handlers: the case that used to hang
    delete env.NODE_ENV;
    delete env.NEO4J_URI;
    const { spawn } = await import('node:child_process');
    const child = spawn(process.execPath, ['--import', 'tsx', 'server/main.ts'], { cwd: path.resolve(path.dirname(new URL(import.meta.url).pathname), '..'), env, stdio: 'ignore' });
    const exited = new Promise<number | null>((r) => child.once('exit', (code) => r(code)));
    try {
      const deadline = Date.now() + 240_000;
      for (;;) {
        const up = await fetch(`http://127.0.0.1:${port}/healthz`).then((r) => r.status === 200, () => false);
        if (up) break;
        if (Date.now() > deadline || child.exitCode !== null) throw new Error('the server did not start');
        await new Promise((r) => setTimeout(r, 500));
      }
      const res = await fetch(`http://127.0.0.1:${port}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', connection: 'keep-alive' },
        body: JSON.stringify({ query: '{ __typename }' }),
      });
      expect(res.status).toBe(200);
      const t0 = Date.now();
      child.kill('SIGTERM');
      const code = await Promise.race([exited, new Promise<'hung'>((r) => setTimeout(() => r('hung'), 45_000))]);
      expect(code).toBe(0);
      expect(Date.now() - t0).toBeLessThan(45_000);
      expect(fs.readFileSync(path.join(dataDir, 'logs', 'launcher.log'), 'utf8')).toContain('QUANZI_NEO4J_STOPPED');
    } finally {
      if (child.exitCode === null) child.kill('SIGKILL');
    }
  }, 300_000);
});
