/**
 * Relationship-intelligence benchmark: each query timed through GraphQL (HTTP, the real API) and as the raw
 * Cypher it runs (the same service calls on a bare query runner: no HTTP, no GraphQL), in one run, alternating.
 *
 *   npx tsx bench/intelligence-bench.ts [--synthetic N] [--runs 200] [--warmup 20] [--skip-recompute]
 *
 * Uses NEO4J_URI when set (e.g. a database loaded with the `large` seed); otherwise starts the embedded Neo4j on
 * bench/data/intelligence. --synthetic N first adds a generated graph of N people (~5 ties each, heavy-tailed,
 * with sales, visits, testimonials and referral chains) when the database has fewer `bench-` people than that.
 * Writes bench/results/intelligence-<time>.json and prints a table.
 */
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { signToken } from '../server/auth/jwt.js';
import { loadConfig } from '../server/config.js';
import type { Viewer } from '../server/graphql/context.js';
import { setLogLevel } from '../server/logger.js';
import { createQueryRunner, type QueryRunner } from '../server/queries/driver.js';
import { IntelligenceService } from '../server/services/intelligence/intelligence.service.js';
import { recomputeInfluence } from '../server/services/intelligence/influence.js';
import { startApi, startDatabase } from '../server/start.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

function arg(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
}
function fail(line: number, msg: string): never {
  process.stderr.write(`intelligence-bench: ${msg} (argument ${line})\n`);
  process.exit(2);
}
function intArg(name: string, fallback: number, min: number): number {
  const raw = arg(name);
  if (raw === undefined) return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < min) fail(process.argv.indexOf(`--${name}`), `--${name} must be a whole number ≥ ${min}`);
  return n;
}

const synthetic = intArg('synthetic', 0, 0);
const runs = intArg('runs', 200, 1);
const warmup = intArg('warmup', 20, 0);
const skipRecompute = process.argv.includes('--skip-recompute');
const say = (msg: string) => process.stdout.write(`${msg}\n`);

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(port));
    });
    srv.once('error', reject);
  });
}

/** mulberry32: the generated graph is the same on every run. */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const SURNAMES = ['王', '李', '张', '刘', '陈', '杨', '黄', '赵', '吴', '周', '徐', '孙', '马', '朱', '胡', '郭', '何', '林', '罗', '高'];
const GIVEN = ['伟', '芳', '娜', '敏', '静', '丽', '强', '磊', '军', '洋', '勇', '艳', '杰', '娟', '涛', '明', '超', '秀英', '华', '平'];
const REGIONS = ['浙江', '江苏', '广东', '上海', '北京', '四川', '山东', '湖北'];
const MODELS: [string, string][] = [
  ['比亚迪', '汉'],
  ['比亚迪', '宋PLUS'],
  ['吉利', '星越L'],
  ['长安', 'CS75 PLUS'],
  ['大众', '帕萨特'],
  ['丰田', '凯美瑞'],
  ['本田', '雅阁'],
  ['理想', 'L7'],
];
const ROLES = ['SPOUSE', 'PARENT', 'FRIEND', 'COLLEAGUE', 'ADVISER', 'DRIVER'];
const pid = (i: number) => `bench-p${String(i).padStart(8, '0')}`;

async function batched<T>(db: QueryRunner, label: string, rows: T[], cypher: string, size = 10_000): Promise<void> {
  const t0 = Date.now();
  for (let i = 0; i < rows.length; i += size) {
    await db.write(cypher, { rows: rows.slice(i, i + size) });
    if ((i / size) % 10 === 9 || i + size >= rows.length) {
      say(`  ${label}: ${Math.min(i + size, rows.length)}/${rows.length} (${Math.round((Date.now() - t0) / 1000)} s)`);
    }
  }
}

async function generate(db: QueryRunner, n: number): Promise<void> {
  const [{ have }] = (await db.read<{ have: number }>(`MATCH (p:Person) WHERE p.id STARTS WITH 'bench-p' RETURN count(p) AS have`)) as [
    { have: number },
  ];
  if (have >= n) {
    say(`synthetic graph: ${have} bench people already loaded`);
    return;
  }
  if (have > 0) throw new Error(`the database holds ${have} bench people, fewer than ${n}: use a fresh data dir`);
  say(`synthetic graph: generating ${n} people...`);
  const r = rng(42);
  const dealerships = Math.max(5, Math.round(n / 20_000));
  const people = Array.from({ length: n }, (_, i) => ({
    id: pid(i),
    name: SURNAMES[Math.floor(r() * SURNAMES.length)]! + GIVEN[Math.floor(r() * GIVEN.length)]!,
    kind: r() < 0.35 ? 'BUYER' : r() < 0.5 ? 'PROSPECT' : 'CONTACT',
    shareConsent: r() < 0.8,
    contactConsent: r() < 0.7,
    dealershipId: `bench-d${Math.floor(r() * dealerships)}`,
    region: REGIONS[Math.floor(r() * REGIONS.length)]!,
  }));
  await batched(
    db,
    'people',
    people,
    `UNWIND $rows AS p CREATE (x:Person) SET x = p, x.createdAt = datetime()`,
  );
  // ties: households (neighbouring ids), plus preferential ends so a few people hold thousands of ties
  const seen = new Set<number>();
  const ties: Record<string, { a: string; b: string; s: number }[]> = {};
  const add = (kind: string, u: number, v: number) => {
    if (u === v || v < 0 || v >= n) return;
    const key = (u < v ? u * n + v : v * n + u) * 8 + ['FAMILY', 'FRIEND', 'COLLEAGUE', 'BUSINESS_PARTNER', 'ADVISES', 'DRIVES_FOR'].indexOf(kind);
    if (seen.has(key)) return;
    seen.add(key);
    (ties[kind] ??= []).push({ a: pid(u), b: pid(v), s: Math.round((0.1 + r() * 0.9) * 100) / 100 });
  };
  const hubby = () => Math.floor(n * r() ** 2.5);
  for (let i = 0; i < n; i++) {
    add('FAMILY', i, i + 1 + Math.floor(r() * 3));
    if (r() < 0.8) add('FRIEND', i, hubby());
    if (r() < 0.6) add('COLLEAGUE', i, i + 5 + Math.floor(r() * 40));
    if (r() < 0.4) add('BUSINESS_PARTNER', i, hubby());
    if (r() < 0.3) add('FRIEND', i, Math.floor(r() * n));
    if (r() < 0.12) add('ADVISES', hubby(), i);
    if (r() < 0.03) add('DRIVES_FOR', i, hubby());
    if (r() < 0.5) add('FRIEND', i, i + 1 + Math.floor(r() * 10));
  }
  for (const [kind, rows] of Object.entries(ties)) {
    await batched(
      db,
      `${kind} ties`,
      rows,
      `UNWIND $rows AS t MATCH (a:Person {id: t.a}), (b:Person {id: t.b})
       CREATE (a)-[:${kind} {strength: t.s, source: 'IMPORT', confirmed: true, createdAt: datetime()}]->(b)`,
    );
  }
  await db.write(
    `UNWIND $rows AS m CREATE (:VehicleModel {id: 'bench-m' + m[0] + m[1], brand: m[0], model: m[1], basePrice: 200000.0})`,
    { rows: MODELS },
  );
  // sales, testimonials, referrals and visits
  const sales: { id: string; buyer: string; date: string; d: string; m: string }[] = [];
  const testimonials: { id: string; author: string; sale: string; rating: number; date: string; status: string; pub: boolean; call: boolean; d: string }[] = [];
  const referrals: { a: string; b: string; date: string; sale: string }[] = [];
  const visits: { id: string; visitor: string; date: string; d: string; companions: [string, string][] }[] = [];
  const day = (k: number) => new Date(Date.UTC(2019, 0, 1) + k * 86_400_000).toISOString().slice(0, 10);
  for (let i = 0; i < n; i++) {
    const p = people[i]!;
    if (r() < 0.15) {
      const companions: [string, string][] = [];
      const c = 1 + Math.floor(r() * 3);
      for (let j = 1; j <= c; j++) if (i + j < n) companions.push([pid(i + j), ROLES[Math.floor(r() * ROLES.length)]!]);
      visits.push({ id: `bench-v${i}`, visitor: p.id, date: day(Math.floor(r() * 1800)), d: p.dealershipId, companions });
    }
    if (p.kind !== 'BUYER') continue;
    const m = MODELS[Math.floor(r() * MODELS.length)]!;
    const s = { id: `bench-s${i}`, buyer: p.id, date: day(Math.floor(r() * 1800)), d: p.dealershipId, m: `bench-m${m[0]}${m[1]}` };
    sales.push(s);
    if (r() < 0.3) {
      const pub = r() < 0.8;
      testimonials.push({
        id: `bench-t${i}`,
        author: p.id,
        sale: s.id,
        rating: 3 + Math.floor(r() * 3),
        date: s.date,
        status: pub ? 'PUBLISHED' : 'DRAFT',
        pub,
        call: r() < 0.5,
        d: p.dealershipId,
      });
    }
    // a referral from a nearby earlier person (chains form along ids) or a well-connected one
    if (r() < 0.15) {
      const from = r() < 0.7 ? i - 1 - Math.floor(r() * 5) : hubby();
      if (from >= 0 && from !== i) referrals.push({ a: pid(from), b: p.id, date: s.date, sale: s.id });
    }
  }
  await batched(
    db,
    'sales',
    sales,
    `UNWIND $rows AS s MATCH (b:Person {id: s.buyer}), (m:VehicleModel {id: s.m})
     CREATE (b)-[:BOUGHT]->(x:Sale {id: s.id, vin: s.id, price: 200000.0, date: date(s.date), dealershipId: s.d,
                                    createdAt: datetime()})-[:OF_MODEL]->(m)`,
  );
  await batched(
    db,
    'testimonials',
    testimonials,
    `UNWIND $rows AS t MATCH (a:Person {id: t.author}), (s:Sale {id: t.sale})
     CREATE (a)-[:WROTE]->(x:Testimonial {id: t.id, text: '服务很好，车也满意', rating: t.rating, date: date(t.date),
             status: t.status, consentToPublish: t.pub, consentToBeCalled: t.call, dealershipId: t.d})-[:ABOUT]->(s)`,
  );
  await batched(
    db,
    'referrals',
    referrals,
    `UNWIND $rows AS x MATCH (a:Person {id: x.a}), (b:Person {id: x.b})
     CREATE (a)-[:REFERRED {date: date(x.date), channel: 'WECHAT', saleId: x.sale}]->(b)`,
  );
  await batched(
    db,
    'visits',
    visits,
    `UNWIND $rows AS v MATCH (p:Person {id: v.visitor})
     CREATE (p)-[:MADE_VISIT]->(x:Visit {id: v.id, date: date(v.date), kind: 'SHOWROOM', dealershipId: v.d})
     WITH x, v UNWIND v.companions AS c MATCH (q:Person {id: c[0]}) CREATE (q)-[:ACCOMPANIED {role: c[1]}]->(x)`,
  );
  say(`synthetic graph: ${n} people, ${seen.size} ties, ${sales.length} sales, ${testimonials.length} testimonials, ${referrals.length} referrals, ${visits.length} visits`);
}

function pct(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}
const round2 = (x: number) => Math.round(x * 100) / 100;

interface Case {
  name: string;
  query: string;
  vars: (i: number) => Record<string, unknown>;
  raw: (svc: IntelligenceService, vars: Record<string, unknown>) => Promise<unknown>;
}

async function main(): Promise<void> {
  setLogLevel('warn');
  const env: Record<string, string | undefined> = {
    ...process.env,
    QUANZI_SEED: 'none',
    PORT: '0',
    LOG_LEVEL: 'warn',
    QUANZI_DATA_DIR: process.env.QUANZI_DATA_DIR ?? path.join(ROOT, 'bench/data/intelligence'),
    NEO4J_BOLT_PORT: process.env.NEO4J_BOLT_PORT ?? String(await freePort()),
    NEO4J_HEAP: process.env.NEO4J_HEAP ?? '2g',
    NEO4J_PAGECACHE: process.env.NEO4J_PAGECACHE ?? '1g',
    NEO4J_TX_TIMEOUT: process.env.NEO4J_TX_TIMEOUT ?? '300s',
    // the bench drives the API hard from one address on purpose
    QUANZI_MAX_COST: process.env.QUANZI_MAX_COST ?? '100000000',
  };
  const config = loadConfig(env);
  say(`Neo4j: ${config.neo4j.neoMode === 'embedded' ? `embedded, data in ${config.dataDir}` : config.neo4j.uri}; heap ${config.neo4j.heap}, page cache ${config.neo4j.pageCache}`);
  const database = await startDatabase(config);
  const db = createQueryRunner(database.driver, config.neo4j.database);
  const out: Record<string, unknown> = { startedAt: new Date().toISOString(), runs, warmup };
  try {
    if (synthetic > 0) await generate(db, synthetic);
    const [size] = await db.read<{ people: number; ties: number }>(
      `RETURN COUNT { (:Person) } AS people, COUNT { (:Person)-[:FAMILY|FRIEND|COLLEAGUE|BUSINESS_PARTNER|ADVISES|DRIVES_FOR]->(:Person) } AS ties`,
    );
    say(`graph: ${size!.people} people, ${size!.ties} ties`);
    out.graph = size;
    if (!skipRecompute) {
      say('recomputeInfluence...');
      const res = await recomputeInfluence(db, { onProgress: (m, f) => say(`  ${m} ${JSON.stringify(f)}`) });
      say(`recomputeInfluence: ${res.durationMs} ms (${res.iterations} PageRank iterations)`);
      out.recompute = res;
    }

    // samples: random people, the biggest hubs, near pairs for paths, referred sales
    const sample = (await db.read<{ id: string }>(
      `MATCH (p:Person) WHERE p.erasedAt IS NULL AND rand() < $frac RETURN p.id AS id LIMIT 200`,
      { frac: Math.min(1, 400 / Math.max(1, size!.people)) },
    )).map((x) => x.id);
    const hubs = (await db.read<{ id: string; degree: number }>(
      `MATCH (p:Person) WHERE p.erasedAt IS NULL
       WITH p, COUNT { (p)-[:FAMILY|FRIEND|COLLEAGUE|BUSINESS_PARTNER|ADVISES|DRIVES_FOR]-() } AS degree
       ORDER BY degree DESC LIMIT 10 RETURN p.id AS id, degree`,
    ));
    say(`hubs: ${hubs.map((h) => h.degree).join(', ')} ties`);
    // people: mostly random ones, every 10th a hub
    const people = [...sample];
    for (let i = 0; i < people.length; i += 10) people[i] = hubs[(i / 10) % hubs.length]!.id;
    const pairs: [string, string][] = [];
    for (const a of sample.slice(0, 100)) {
      const near = await db.read<{ id: string }>(
        `MATCH (a:Person {id: $a})-[:FAMILY|FRIEND|COLLEAGUE|BUSINESS_PARTNER|ADVISES|DRIVES_FOR*2..3]-(b:Person)
         WHERE b <> a RETURN b.id AS id LIMIT 1`,
        { a },
      );
      pairs.push([a, near[0]?.id ?? sample[(pairs.length * 7) % sample.length]!]);
    }
    const saleIds = (await db.read<{ id: string }>(
      `MATCH ()-[r:REFERRED]->() WHERE r.saleId IS NOT NULL RETURN r.saleId AS id LIMIT 100`,
    )).map((x) => x.id);
    out.samples = { people: people.length, hubs: hubs.length, pairs: pairs.length, sales: saleIds.length };

    const api = await startApi(config, database.driver);
    const viewer: Viewer = { userId: 'bench', username: 'bench', role: 'admin', dealershipId: null };
    const token = await signToken({ sub: 'bench', username: 'bench', role: 'admin', dealershipId: null }, config.auth.jwtSecret, 24 * 3600);
    const gql = async (query: string, variables: Record<string, unknown>) => {
      const res = await fetch(`${api.url}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
        body: JSON.stringify({ query, variables }),
      });
      const body = (await res.json()) as { errors?: { message: string }[] };
      if (body.errors) throw new Error(`GraphQL error: ${body.errors[0]!.message}`);
      return body;
    };
    const person = (i: number) => people[i % people.length]!;
    const cases: Case[] = [
      {
        name: 'network depth 2',
        query: `query ($id: ID!) { network(personId: $id, depth: 2) { centerId truncated
          nodes { id displayName masked kind hops pathStrength influence } edges { from to kind strength } } }`,
        vars: (i) => ({ id: person(i) }),
        raw: (s, v) => s.network({ personId: v.id as string, depth: 2, limit: 200 }),
      },
      {
        name: 'decisionCircle',
        query: `query ($id: ID!) { decisionCircle(personId: $id) { person { id displayName masked influence } weight reasons tieKinds visits } }`,
        vars: (i) => ({ id: person(i) }),
        raw: (s, v) => s.decisionCircle(v.id as string),
      },
      {
        name: 'knownContactTestimonials 3 hops',
        query: `query ($id: ID!) { knownContactTestimonials(prospectId: $id, maxHops: 3) { id text rating date hops pathStrength canCall vehicle
          author { id displayName masked } path { hops strength people { id displayName masked } ties { from to kind strength } } } }`,
        vars: (i) => ({ id: person(i) }),
        raw: (s, v) => s.knownContactTestimonials({ prospectId: v.id as string, maxHops: 3, first: 10 }),
      },
      {
        name: 'warmPaths 4 hops',
        query: `query ($a: ID!, $b: ID!) { warmPaths(fromId: $a, toId: $b) { hops strength people { id displayName masked } ties { from to kind strength } } }`,
        vars: (i) => ({ a: pairs[i % pairs.length]![0], b: pairs[i % pairs.length]![1] }),
        raw: (s, v) => s.warmPaths({ fromId: v.a as string, toId: v.b as string, first: 3, maxHops: 4 }),
      },
      {
        name: 'referralChain',
        query: `query ($id: ID!) { referralChain(personId: $id) { depth truncated originator { id displayName } hops { from { id displayName } to { id } date channel saleId } } }`,
        vars: (i) => ({ id: person(i) }),
        raw: (s, v) => s.referralChain(v.id as string),
      },
      {
        name: 'influencers top 20',
        query: `{ influencers(first: 20) { rank score centrality advisedBought referralSales accompaniedSales person { id displayName masked influence } } }`,
        vars: () => ({}),
        raw: (s) => s.influencers({ first: 20 }),
      },
    ];
    if (saleIds.length > 0) {
      cases.push({
        name: 'referralCredit',
        query: `query ($id: ID!) { referralCredit(saleId: $id) { position share person { id displayName } } }`,
        vars: (i) => ({ id: saleIds[i % saleIds.length] }),
        raw: (s, v) => s.referralCredit(v.id as string),
      });
    }
    cases.push({
      name: 'topReferrers 20',
      query: `{ topReferrers(first: 20) { rank sales people depth breadth person { id displayName } } }`,
      vars: () => ({}),
      raw: (s) => s.topReferrers(20),
    });

    // baseline: the API's fixed cost per request (HTTP, token check, Apollo), no database work
    const base: number[] = [];
    for (let i = 0; i < warmup + runs; i++) {
      const t0 = performance.now();
      await gql('{ __typename }', {});
      if (i >= warmup) base.push(performance.now() - t0);
    }
    base.sort((a, b) => a - b);
    out.baselineHttpP50 = round2(pct(base, 50));
    say(`baseline: GraphQL { __typename } over HTTP p50 ${out.baselineHttpP50} ms, p99 ${round2(pct(base, 99))} ms`);

    const results: Record<string, unknown>[] = [];
    for (const c of cases) {
      // the global rankings scan the whole graph: fewer runs keep the bench short
      const n = c.name.startsWith('topReferrers') ? Math.min(runs, 10) : runs;
      const g: number[] = [];
      const raw: number[] = [];
      for (let i = 0; i < warmup + n; i++) {
        const vars = c.vars(i);
        const t0 = performance.now();
        await gql(c.query, vars);
        const t1 = performance.now();
        await c.raw(new IntelligenceService(createQueryRunner(database.driver, config.neo4j.database), viewer), vars);
        const t2 = performance.now();
        if (i >= warmup) {
          g.push(t1 - t0);
          raw.push(t2 - t1);
        }
      }
      g.sort((a, b) => a - b);
      raw.sort((a, b) => a - b);
      const row = {
        query: c.name,
        n,
        graphqlP50: round2(pct(g, 50)),
        graphqlP95: round2(pct(g, 95)),
        graphqlP99: round2(pct(g, 99)),
        rawP50: round2(pct(raw, 50)),
        rawP95: round2(pct(raw, 95)),
        rawP99: round2(pct(raw, 99)),
        ratioP50: round2(pct(g, 50) / pct(raw, 50)),
      };
      results.push(row);
      say(`${c.name.padEnd(34)} GraphQL p50 ${String(row.graphqlP50).padStart(8)} p99 ${String(row.graphqlP99).padStart(8)} | raw p50 ${String(row.rawP50).padStart(8)} p99 ${String(row.rawP99).padStart(8)} | ratio ${row.ratioP50}`);
    }
    out.results = results;
    await api.stop();
  } finally {
    await database.stop();
  }
  const dir = path.join(ROOT, 'bench/results');
  fs.mkdirSync(dir, { recursive: true });
  const file = path.join(dir, `intelligence-${new Date().toISOString().replace(/[:.]/g, '-')}.json`);
  fs.writeFileSync(file, JSON.stringify(out, null, 2));
  say(`wrote ${path.relative(ROOT, file)} (times in ms)`);
}

main().catch((err) => {
  process.stderr.write(`intelligence-bench: ${err instanceof Error ? err.stack ?? err.message : String(err)}\n`);
  process.exit(1);
});
