import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {
  getNamedType,
  getNullableType,
  isEnumType,
  isInputObjectType,
  isInterfaceType,
  isLeafType,
  isListType,
  isNonNullType,
  isObjectType,
  isScalarType,
  isUnionType,
  type GraphQLArgument,
  type GraphQLField,
  type GraphQLInputType,
  type GraphQLNamedType,
  type GraphQLObjectType,
  type GraphQLSchema,
} from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig, type Config } from '../server/config.js';
import { startEmbeddedNeo4j, type EmbeddedNeo4j } from '../server/db/embedded-neo4j.js';
import { buildAppSchema } from '../server/graphql/build-schema.js';
import { createDriver, createQueryRunner, type Driver, type QueryRunner } from '../server/queries/driver.js';
import { runMigrations } from '../server/queries/migrations.js';
import { startApi, type RunningApi } from '../server/start.js';
import type { Role } from '../server/domain.js';
import { freePort } from './support/global-setup.js';
import { testEnv, tokenFor } from './support/test-api.js';

/*
 * A schema-driven fuzzer. It reads the executable schema the API serves, generates operations on every root field
 * with random and hostile arguments and selections, and sends them as each role. Every answer must be data or a coded
 * client error: never a 5xx, never INTERNAL_SERVER_ERROR, never a stack. Injection strings must leave the database as it
 * was: a marker subgraph is fingerprinted before and after. It runs on a private Neo4j, since admins may legitimately
 * delete and rewrite data. FUZZ_SEED=<n> replays a run; FUZZ_OPS=<n> changes its size.
 */

const SEED = Number(process.env.FUZZ_SEED ?? 20_241_126);
const OPS = Number(process.env.FUZZ_OPS ?? 1_200);
const CONCURRENCY = 6;

const ALLOWED_CODES = new Set([
  'BAD_USER_INPUT',
  'BAD_REQUEST',
  'GRAPHQL_VALIDATION_FAILED',
  'GRAPHQL_PARSE_FAILED',
  'UNAUTHENTICATED',
  'FORBIDDEN',
  'NOT_FOUND',
  'CONFLICT',
  'RATE_LIMITED',
  'QUERY_TOO_DEEP',
  'QUERY_TOO_COMPLEX',
  // a coded refusal, not caused by the input itself: on a loaded machine a write can wait out the timeout on locks
  'QUERY_TIMEOUT',
]);
const STACKISH = /\.(ts|js):\d+|node_modules|\bat \w[\w.]* \(|Neo\.(Client|Transient|Database)Error|java\.|org\.neo4j/;

const INJECTIONS = [
  '"}) MATCH (n) DETACH DELETE n //',
  "'}) MATCH (n) DETACH DELETE n //",
  '`) MATCH (n) SET n.pwned = true //',
  "x' OR '1'='1",
  '\\"}) CALL dbms.components() YIELD name RETURN name //',
  '$jwt.role',
  '{"$ne": null}',
  '*:*',
  'name:* OR phone:*',
  '[ TO ]',
  '"unterminated',
  'AND OR NOT',
  '~~~^^^',
  '\\',
];
const HOSTILE_STRINGS = [
  ...INJECTIONS,
  '',
  ' ',
  '\n\t',
  '\u0000',
  '\ud800',
  '\u202egnp.exe',
  '😀'.repeat(64),
  '张伟',
  '匿名联系人',
  '圈'.repeat(3000),
  'a'.repeat(20_000),
  '../../../../etc/passwd',
  '<script>alert(1)</script>',
  '%s%s%s%n',
  '${process.exit(1)}',
  '__proto__',
  'constructor',
  '+8613800138000',
  '13800138000',
  '-1',
  'NaN',
  '1e309',
  'null',
];
const INTS = [0, 1, 2, 3, 5, 10, 20, 50, 200, 201, 1000, -1, -3, -100, 2_147_483_647, -2_147_483_648];
const FLOATS = [0, 0.5, 1, -0.1, 1.5, 100, 219_800, -1e308, 1e308, 5e-324];
const DATES = ['2024-05-01', '2021-02-28', '1900-01-01', '2099-12-31', '2024-02-30', '2024-13-01', 'yesterday', '', '2024-05-01T10:00:00Z'];
const DATETIMES = ['2024-05-01T10:00:00Z', '2024-05-01T10:00:00+08:00', '2099-01-01T00:00:00Z', 'not-a-time', '2024-13-01T00:00:00Z'];

/** mulberry32: small, seedable, good enough to pick things. */
function rng(seed: number) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    next,
    int: (n: number) => Math.floor(next() * n),
    chance: (p: number) => next() < p,
    pick<T>(xs: readonly T[]): T {
      return xs[Math.floor(next() * xs.length)]!;
    },
  };
}
type Rng = ReturnType<typeof rng>;

class EnumValue {
  constructor(readonly name: string) {}
}

function literal(v: unknown): string {
  if (v instanceof EnumValue) return v.name;
  if (v === null || v === undefined) return 'null';
  if (Array.isArray(v)) return `[${v.map(literal).join(', ')}]`;
  if (typeof v === 'object') {
    return `{ ${Object.entries(v as Record<string, unknown>)
      .map(([k, x]) => `${k}: ${literal(x)}`)
      .join(', ')} }`;
  }
  if (typeof v === 'number') return Number.isFinite(v) ? String(v) : '0';
  return JSON.stringify(v);
}

function jsonValue(v: unknown): unknown {
  if (v instanceof EnumValue) return v.name;
  if (Array.isArray(v)) return v.map(jsonValue);
  if (v && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, jsonValue(x)]));
  return v;
}

interface Pools {
  /** Ids to use in arguments: real ones (also of other dealerships and of the marker) and nonsense. */
  ids: string[];
  /** Ids an admin may change without touching the marker or the fuzzing accounts. */
  adminIds: string[];
}

class Generator {
  constructor(
    private readonly schema: GraphQLSchema,
    private readonly r: Rng,
    private readonly pools: Pools,
  ) {}

  private scalar(name: string, argName: string, forAdminWrite: boolean): unknown {
    const r = this.r;
    const ids = forAdminWrite ? this.pools.adminIds : this.pools.ids;
    switch (name) {
      case 'Int':
        // mostly small sizes, so that most operations get past the cost limit and reach the database
        return r.chance(0.6) ? r.pick([1, 2, 3, 5]) : r.pick(INTS);
      case 'Float':
        return r.pick(FLOATS);
      case 'Boolean':
        return r.chance(0.5);
      case 'ID':
        return r.chance(0.7) ? r.pick(ids) : r.pick(HOSTILE_STRINGS);
      case 'Date':
        return r.chance(0.8) ? r.pick(DATES) : r.pick(HOSTILE_STRINGS);
      case 'DateTime':
        return r.chance(0.8) ? r.pick(DATETIMES) : r.pick(HOSTILE_STRINGS);
      default: {
        if (/id$/i.test(argName) && r.chance(0.6)) return r.pick(ids);
        if (/date|week|from|to|before|after/i.test(argName) && r.chance(0.5)) return r.pick([...DATES, '2024-W18']);
        if (/phone/i.test(argName) && r.chance(0.5)) return r.pick(['13800138000', '+8613912345678', '12345', '138-0013-8000']);
        return r.chance(0.15) ? `名字${r.int(1000)}` : r.pick(HOSTILE_STRINGS);
      }
    }
  }

  value(type: GraphQLInputType, argName: string, depth: number, forAdminWrite: boolean): unknown {
    const r = this.r;
    if (isNonNullType(type)) return this.value(type.ofType, argName, depth, forAdminWrite);
    if (isListType(type)) {
      const n = r.pick([0, 1, 1, 2, 3]);
      return Array.from({ length: n }, () => this.value(type.ofType as GraphQLInputType, argName, depth + 1, forAdminWrite));
    }
    if (isEnumType(type)) {
      return r.chance(0.93) ? new EnumValue(r.pick(type.getValues()).name) : new EnumValue('NOT_A_VALUE');
    }
    if (isScalarType(type)) return this.scalar(type.name, argName, forAdminWrite);
    if (isInputObjectType(type)) {
      const fields = Object.values(type.getFields());
      const out: Record<string, unknown> = {};
      for (const f of fields) {
        const required = isNonNullType(f.type);
        if (!required && (depth >= 3 || !r.chance(fields.length > 8 ? 0.12 : 0.4))) continue;
        out[f.name] = this.value(f.type, f.name, depth + 1, forAdminWrite);
      }
      if (r.chance(0.03)) out[r.pick(['__proto__', 'nosuchfield', 'constructor'])] = 'x';
      return out;
    }
    return null;
  }

  private selection(type: GraphQLNamedType, depth: number, vars: VarBag): string {
    const r = this.r;
    if (isUnionType(type)) {
      const parts = type.getTypes().map((t) => `... on ${t.name} ${this.selection(t, depth, vars)}`);
      return `{ __typename ${parts.join(' ')} }`;
    }
    if (!isObjectType(type) && !isInterfaceType(type)) return '';
    const fields = Object.values(type.getFields());
    const leaves = fields.filter((f) => isLeafType(getNamedType(f.type)) && f.args.every((a) => !isNonNullType(a.type)));
    const nested = fields.filter((f) => !isLeafType(getNamedType(f.type)));
    const chosen: string[] = [];
    for (const f of leaves) if (r.chance(0.35)) chosen.push(f.name);
    if (chosen.length === 0 && leaves.length > 0) chosen.push(r.pick(leaves).name);
    if (depth < 4) {
      for (const f of nested) {
        if (!r.chance(depth === 0 ? 0.35 : 0.15)) continue;
        const sub = this.selection(getNamedType(f.type), depth + 1, vars);
        if (sub) chosen.push(`${f.name}${this.args(f, vars, false)} ${sub}`);
      }
    }
    if (chosen.length === 0) chosen.push('__typename');
    return `{ ${chosen.join(' ')} }`;
  }

  private args(field: GraphQLField<unknown, unknown>, vars: VarBag, adminWrite: boolean): string {
    const parts: string[] = [];
    for (const a of field.args) {
      // an admin's write without `where` applies to everything, the marker included, so it always gets one
      const confine = adminWrite && a.name === 'where';
      if (!isNonNullType(a.type) && !confine && !this.r.chance(0.5)) continue;
      let v = this.r.chance(0.5) || !confine ? this.value(a.type, a.name, 0, adminWrite) : undefined;
      v = adminWrite ? confineWhere(a, v) : v;
      parts.push(`${a.name}: ${vars.put(a, v, this.r.chance(0.75))}`);
    }
    return parts.length ? `(${parts.join(', ')})` : '';
  }

  operation(kind: 'query' | 'mutation', role: FuzzRole): { query: string; variables: Record<string, unknown>; field: string } {
    const root = (kind === 'query' ? this.schema.getQueryType() : this.schema.getMutationType()) as GraphQLObjectType;
    const field = this.r.pick(Object.values(root.getFields()));
    const vars = new VarBag();
    const args = this.args(field, vars, kind === 'mutation' && role === 'admin');
    const named = getNamedType(field.type);
    const sel = isLeafType(named) ? '' : this.selection(named, 1, vars);
    const query = `${kind} Fuzz${vars.declarations()} { ${field.name}${args} ${sel} }`;
    return { query, variables: vars.values, field: field.name };
  }
}

/** Admin writes with a `where` are confined away from the marker subgraph, which must stay as it was. */
function confineWhere(arg: GraphQLArgument, v: unknown): unknown {
  const t = getNullableType(arg.type);
  if (arg.name !== 'where' || !isInputObjectType(t) || !t.getFields().AND || !t.getFields().id) return v;
  return { AND: [v ?? {}, { NOT: { id: { startsWith: 'marker-' } } }] };
}

class VarBag {
  readonly values: Record<string, unknown> = {};
  private readonly decls: string[] = [];

  /** As a variable (the usual way clients send values) or inline as a literal. */
  put(arg: GraphQLArgument, v: unknown, asVariable: boolean): string {
    if (!asVariable) return literal(v);
    const name = `v${this.decls.length}`;
    this.decls.push(`$${name}: ${String(arg.type)}`);
    this.values[name] = jsonValue(v);
    return `$${name}`;
  }

  declarations(): string {
    return this.decls.length ? `(${this.decls.join(', ')})` : '';
  }
}

/** Hand-written hostile documents, mixed into the stream. */
function hostileDocument(r: Rng): { query: string; variables: Record<string, unknown>; field: string } {
  const n = r.int(8);
  switch (n) {
    case 0: {
      let q = 'id';
      for (let i = 0; i < 10 + r.int(40); i++) q = `friends { ${q} }`;
      return { query: `{ people { ${q} } }`, variables: {}, field: 'deep' };
    }
    case 1:
      return { query: `{ ${Array.from({ length: 40 + r.int(200) }, (_, i) => `a${i}: people { id }`).join(' ')} }`, variables: {}, field: 'aliases' };
    case 2:
      return { query: `{ people { id ${'@include(if: true) '.repeat(40 + r.int(100))} } }`, variables: {}, field: 'directives' };
    case 3:
      return { query: `{ people(limit: ${r.pick([2_147_483_647, 100_000, 5_000])}) { friends(limit: 1000) { id } } }`, variables: {}, field: 'cost' };
    case 4: {
      let w: unknown = { name: { eq: r.pick(INJECTIONS) } };
      for (let i = 0; i < 20 + r.int(200); i++) w = r.chance(0.5) ? { AND: [w] } : { OR: [w, { id: { eq: 'x' } }] };
      return { query: 'query ($w: PersonWhere) { people(where: $w) { id } }', variables: { w }, field: 'inputDepth' };
    }
    case 5:
      return { query: `{ people(where: { name: { eq: ${JSON.stringify(r.pick(INJECTIONS))} } }) { id name } }`, variables: {}, field: 'injection' };
    case 6:
      return { query: '{ '.repeat(200 + r.int(2000)), variables: {}, field: 'unbalanced' };
    default:
      return { query: `query { ${'__typename '.repeat(6000)} }`, variables: {}, field: 'tokens' };
  }
}

type FuzzRole = Role | 'anonymous';

interface Failure {
  role: FuzzRole;
  field: string;
  status: number;
  query: string;
  variables: Record<string, unknown>;
  problem: string;
  requestId: string | null;
}

const MARKER_FINGERPRINT = `
  MATCH (n) WHERE n.id STARTS WITH 'marker-'
  OPTIONAL MATCH (n)-[r]->(m)
  WITH n, r, m ORDER BY n.id, type(r), m.id
  WITH n, collect(CASE WHEN r IS NULL THEN null ELSE [type(r), m.id, properties(r)] END) AS rels
  RETURN n.id AS id, labels(n) AS labels,
         [k IN keys(n) WHERE NOT k STARTS WITH 'influence' | [k, n[k]]] AS props, rels
  ORDER BY id`;

async function seed(db: QueryRunner): Promise<void> {
  await db.write(
    `CREATE (d1:Dealership {id: 'd1', name: '杭州一店', city: '杭州', region: '浙江', brands: ['比亚迪']}),
            (d2:Dealership {id: 'd2', name: '上海二店', city: '上海', region: '上海', brands: ['吉利']}),
            (dm:Dealership {id: 'marker-d', name: '标记店', city: '南京', region: '江苏', brands: ['红旗']}),
            (vm1:VehicleModel {id: 'vm1', brand: '比亚迪', model: '汉', segment: 'sedan', basePrice: 219800}),
            (vm2:VehicleModel {id: 'vm2', brand: '吉利', model: '星越L', segment: 'suv', basePrice: 158700}),
            (vmm:VehicleModel {id: 'marker-vm', brand: '红旗', model: 'H9', segment: 'sedan', basePrice: 309800}),
            (o1:Organization {id: 'o1', name: '阿里巴巴', industry: '互联网', region: '浙江'}),
            (o2:Organization {id: 'o2', name: '吉利控股', industry: '汽车', region: '浙江'}),
            (o1)-[:SUPPLIES]->(o2)
     WITH *
     UNWIND range(1, 16) AS i
     CREATE (p:Person {id: 'p' + i, name: ['张伟','王芳','李娜','刘洋','陈静','杨磊','赵敏','黄强'][i % 8] + i,
                       phone: '+86138' + right('0000000' + toString(i * 7919), 8), region: '浙江', city: '杭州',
                       kind: ['BUYER','PROSPECT','CONTACT'][i % 3], shareConsent: i % 3 <> 0, contactConsent: i % 2 = 0,
                       dealershipId: CASE WHEN i <= 10 THEN 'd1' ELSE 'd2' END, createdAt: datetime(), notes: '备注' + i})
     RETURN count(p)`,
  );
  await db.write(
    `MATCH (a:Person), (b:Person) WHERE a.id IN ['p1','p2','p3','p4','p11'] AND b.id IN ['p5','p6','p12','p13'] AND a.id < b.id
     CREATE (a)-[:FRIEND {strength: 0.6, source: 'VISIT', confirmed: true, createdAt: datetime()}]->(b)
     WITH count(*) AS k
     MATCH (a:Person {id: 'p1'}), (b:Person {id: 'p2'}), (c:Person {id: 'p3'}), (d:Person {id: 'p4'}), (e:Person {id: 'p11'})
     CREATE (a)-[:FAMILY {strength: 0.9, source: 'MANUAL', confirmed: true}]->(b),
            (c)-[:ADVISES {strength: 0.8, source: 'REFERRAL', confirmed: true}]->(a),
            (d)-[:DRIVES_FOR {strength: 0.5, source: 'MANUAL', confirmed: false}]->(c),
            (a)-[:REFERRED {date: date('2023-04-01'), channel: '微信'}]->(e),
            (a)-[:WORKS_AT {title: '经理'}]->(:Organization {id: 'o3', name: '海康威视', industry: '安防', region: '浙江'})
     WITH a, b, e
     MATCH (vm1:VehicleModel {id: 'vm1'}), (vm2:VehicleModel {id: 'vm2'})
     CREATE (a)-[:BOUGHT]->(s1:Sale {id: 's1', vin: 'LGXC1', price: 219800.0, date: date('2023-05-01'), dealershipId: 'd1', salespersonId: 'u-sales', createdAt: datetime()})-[:OF_MODEL]->(vm1),
            (e)-[:BOUGHT]->(s2:Sale {id: 's2', vin: 'LGXC2', price: 158700.0, date: date('2023-06-01'), dealershipId: 'd2', salespersonId: 'u-sales2', createdAt: datetime()})-[:OF_MODEL]->(vm2),
            (s1)-[:SERVICED]->(:ServiceRecord {id: 'sr1', date: date('2024-01-10'), kind: 'MAINTENANCE', mileage: 5000, dealershipId: 'd1'}),
            (a)-[:WROTE]->(t1:Testimonial {id: 't1', text: '服务很好', rating: 5, date: date('2023-05-20'), consentToPublish: true, consentToBeCalled: true, status: 'PUBLISHED', dealershipId: 'd1'})-[:ABOUT]->(s1),
            (f1:FollowUp {id: 'f1', dueDate: date('2023-05-08'), status: 'OPEN', dealershipId: 'd1', assigneeId: 'u-sales'})-[:FOLLOWS_UP]->(s1),
            (b)-[:MADE_VISIT]->(v1:Visit {id: 'v1', date: date('2024-03-02'), kind: 'TEST_DRIVE', dealershipId: 'd1'}),
            (a)-[:ACCOMPANIED {role: 'SPOUSE'}]->(v1),
            (b)-[:HAD]->(:Interaction {id: 'i1', date: date('2024-03-05'), kind: 'CALL', dealershipId: 'd1'}),
            (:AuditEntry {id: 'ae1', at: datetime(), userId: 'u-admin', username: 'admin', operation: 'createPerson', targetType: 'Person', targetId: 'p1'})`,
  );
  // the marker: a small subgraph of a third dealership that no injection may change
  await db.write(
    `MATCH (vmm:VehicleModel {id: 'marker-vm'})
     CREATE (m1:Person:TestimonialAuthor {id: 'marker-p1', name: '标记甲', phone: '+8613900000001', kind: 'BUYER', shareConsent: false, contactConsent: true, dealershipId: 'marker-d', createdAt: datetime('2024-01-01T00:00:00Z')}),
            (m2:Person {id: 'marker-p2', name: '标记乙', phone: '+8613900000002', kind: 'CONTACT', shareConsent: true, contactConsent: false, dealershipId: 'marker-d', createdAt: datetime('2024-01-01T00:00:00Z')}),
            (m3:Person {id: 'marker-p3', name: '标记丙', kind: 'PROSPECT', shareConsent: false, contactConsent: false, dealershipId: 'marker-d', createdAt: datetime('2024-01-01T00:00:00Z')}),
            (m1)-[:FAMILY {strength: 0.7, source: 'MANUAL', confirmed: true}]->(m2),
            (m3)-[:ADVISES {strength: 0.4, source: 'CALL', confirmed: false}]->(m1),
            (m1)-[:BOUGHT]->(ms:Sale {id: 'marker-s1', vin: 'MARKERVIN1', price: 309800.0, date: date('2023-01-01'), dealershipId: 'marker-d', createdAt: datetime('2024-01-01T00:00:00Z')})-[:OF_MODEL]->(vmm),
            (m1)-[:WROTE]->(:Testimonial {id: 'marker-t1', text: '标记', rating: 4, date: date('2023-02-01'), consentToPublish: true, consentToBeCalled: false, status: 'PUBLISHED', dealershipId: 'marker-d'})-[:ABOUT]->(ms),
            (:User {id: 'marker-u1', username: 'marker-user', displayName: '标记用户', role: 'SALESPERSON', dealershipId: 'marker-d', disabled: false, passwordHash: '$2a$10$abcdefghijklmnopqrstuu', createdAt: datetime('2024-01-01T00:00:00Z')})`,
  );
}

describe('schema-driven fuzzing of the whole API', () => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'quanzi-fuzz-'));
  let neo: EmbeddedNeo4j;
  let driver: Driver;
  let db: QueryRunner;
  let api: RunningApi;
  let config: Config;
  let schema: GraphQLSchema;
  const tokens = new Map<FuzzRole, string | undefined>();

  beforeAll(async () => {
    const password = 'fuzz-test-password';
    neo = await startEmbeddedNeo4j({
      dataDir,
      boltPort: await freePort(),
      user: 'neo4j',
      password,
      heap: '512m',
      pageCache: '64m',
      txTimeout: '30s',
      startTimeoutMs: 180_000,
    });
    config = loadConfig(testEnv({ NEO4J_URI: neo.uri, NEO4J_PASSWORD: password, NEO4J_MAX_RETRY_MS: '2000' }));
    driver = createDriver(config.neo4j);
    await runMigrations(driver, config.neo4j.database);
    db = createQueryRunner(driver, config.neo4j.database);
    await seed(db);
    const users: [FuzzRole, string, string | null][] = [
      ['salesperson', 'u-sales', 'd1'],
      ['manager', 'u-mgr', 'd1'],
      ['marketing', 'u-mkt', null],
      ['analyst', 'u-ana', null],
      ['admin', 'u-admin', null],
    ];
    for (const [role, id, dealershipId] of users) {
      await db.write(
        `CREATE (:User {id: $id, username: $id, displayName: $id, role: toUpper($role), dealershipId: $d, disabled: false,
                        passwordHash: 'x', createdAt: datetime()})`,
        { id, role, d: dealershipId },
      );
      tokens.set(role, await tokenFor(config, { role: role as Role, sub: id, username: id, dealershipId }));
    }
    tokens.set('anonymous', undefined);
    api = await startApi(config, driver);
    schema = await buildAppSchema({ jwtSecret: config.auth.jwtSecret });
  });

  afterAll(async () => {
    await api?.stop();
    await driver?.close();
    await neo?.stop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it(`answers ${OPS} generated operations with data or a coded client error, and injections change nothing`, async () => {
    const fingerprint = async () => JSON.stringify(await db.read(MARKER_FINGERPRINT));
    const before = await fingerprint();
    expect(before).toContain('marker-p1');
    const countsBefore = await db.read<{ n: number }>(`MATCH (n) WHERE n.id STARTS WITH 'marker-' RETURN count(n) AS n`);

    const r = rng(SEED);
    const realIds = (await db.read<{ id: string }>('MATCH (n) WHERE n.id IS NOT NULL RETURN n.id AS id')).map((x) => x.id);
    const fuzzUsers = ['u-sales', 'u-mgr', 'u-mkt', 'u-ana', 'u-admin'];
    const pools: Pools = {
      ids: [...realIds, 'nope', 'p999'],
      adminIds: [...realIds.filter((id) => !id.startsWith('marker-') && !fuzzUsers.includes(id)), 'nope'],
    };
    const gen = new Generator(schema, r, pools);
    const roles: FuzzRole[] = ['anonymous', 'salesperson', 'manager', 'marketing', 'analyst', 'admin'];
    const jobs = Array.from({ length: OPS }, () => {
      const role = r.pick(roles);
      const op = r.chance(0.08) ? hostileDocument(r) : gen.operation(r.chance(0.4) ? 'mutation' : 'query', role);
      return { role, ...op };
    });

    const failures: Failure[] = [];
    const codes = new Map<string, number>();
    let withData = 0;
    let next = 0;
    const t0 = Date.now();
    const slowest: { ms: number; role: FuzzRole; field: string; query: string }[] = [];
    const worker = async () => {
      while (next < jobs.length) {
        const job = jobs[next++]!;
        const token = tokens.get(job.role);
        const started = Date.now();
        const res = await fetch(`${api.url}/graphql`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
          body: JSON.stringify({ query: job.query, variables: job.variables }),
        });
        const text = await res.text();
        slowest.push({ ms: Date.now() - started, role: job.role, field: job.field, query: job.query });
        const fail = (problem: string) =>
          failures.push({ ...job, status: res.status, problem, requestId: res.headers.get('x-request-id') });
        let body: { data?: unknown; errors?: { message: string; extensions?: { code?: string } }[] };
        try {
          body = JSON.parse(text) as typeof body;
        } catch {
          fail(`not JSON: ${text.slice(0, 200)}`);
          continue;
        }
        if (![200, 400, 401, 413].includes(res.status)) fail(`HTTP ${res.status}`);
        if (body.data == null && !body.errors?.length) fail('neither data nor errors');
        if (body.data != null && !body.errors?.length) withData++;
        for (const e of body.errors ?? []) {
          const code = e.extensions?.code ?? '(none)';
          codes.set(code, (codes.get(code) ?? 0) + 1);
          if (!ALLOWED_CODES.has(code)) fail(`${code}: ${e.message.slice(0, 300)}`);
          if (STACKISH.test(e.message)) fail(`leaks internals: ${e.message.slice(0, 300)}`);
        }
      }
    };
    await Promise.all(Array.from({ length: CONCURRENCY }, worker));
    const seconds = (Date.now() - t0) / 1000;

    const summary = [...codes.entries()].sort((a, b) => b[1] - a[1]).map(([c, n]) => `${c}=${n}`).join(' ');
    process.stdout.write(
      `[fuzz] seed ${SEED}: ${OPS} operations in ${seconds.toFixed(1)} s, ${withData} answered with data only; codes: ${summary}\n`,
    );
    slowest.sort((a, b) => b.ms - a.ms);
    for (const s of slowest.slice(0, 5)) {
      process.stdout.write(`[fuzz] slow ${s.ms} ms ${s.role} ${s.field}: ${s.query.slice(0, 300)}\n`);
    }
    for (const f of failures.slice(0, 15)) {
      process.stdout.write(`[fuzz] FAIL ${f.role} ${f.field} (${f.problem}) request ${f.requestId}\n  ${f.query.slice(0, 600)}\n  ${JSON.stringify(f.variables).slice(0, 400)}\n`);
    }
    expect(failures.map((f) => `${f.role} ${f.field}: ${f.problem}`)).toEqual([]);
    // enough of the stream reached the resolvers and the database, not just the validators
    expect(withData).toBeGreaterThan(OPS * 0.2);

    expect(await fingerprint()).toBe(before);
    expect(await db.read(`MATCH (n) WHERE n.id STARTS WITH 'marker-' RETURN count(n) AS n`)).toEqual(countsBefore);
    expect(await db.read(`MATCH (n) WHERE n.pwned IS NOT NULL RETURN count(n) AS n`)).toEqual([{ n: 0 }]);
    const health = await fetch(`${api.url}/healthz`);
    expect(health.status).toBe(200);
  }, 600_000);
});
