/**
 * What of docs/scaling.md can be checked on one machine: the API against an external Neo4j named by NEO4J_URI
 * (also as a neo4j:// routing address), reads sent as read transactions (what a cluster routes to followers),
 * and two API processes against one Neo4j giving the same answers.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../server/config.js';
import { createDriver, type Driver } from '../server/queries/driver.js';
import { runMigrations } from '../server/queries/migrations.js';
import { startApi, type RunningApi } from '../server/start.js';
import { spyOnDriver, type DriverSpy } from './support/driver-spy.js';
import { freePort } from './support/global-setup.js';
import { startTestApi, testEnv, tokenFor, uid, type TestApi } from './support/test-api.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/** A small hand-built circle: a centre with three friends, one of whom has a friend of their own. */
async function plantCircle(api: TestApi) {
  const p = uid('scale');
  const d = `${p}-d`;
  const id = (k: string) => `${p}-${k}`;
  await api.cypher(
    `UNWIND $people AS x
     CREATE (:Person {id: x.id, name: x.name, kind: 'BUYER', shareConsent: true, contactConsent: true,
                      dealershipId: $d, region: $region, createdAt: datetime()})`,
    { d, region: `${p}-region`, people: ['c', 'a', 'b', 'e', 'f'].map((k) => ({ id: id(k), name: `扩展${k}` })) },
  );
  await api.cypher(
    `UNWIND $ties AS t MATCH (x:Person {id: t[0]}), (y:Person {id: t[1]})
     CREATE (x)-[:FRIEND {strength: t[2], source: 'MANUAL', confirmed: true, createdAt: datetime()}]->(y)`,
    { ties: [[id('c'), id('a'), 0.9], [id('c'), id('b'), 0.5], [id('c'), id('e'), 0.7], [id('a'), id('f'), 0.8]] },
  );
  return { d, id };
}

const NETWORK = `query ($id: ID!) { network(personId: $id, depth: 2) { centerId truncated
  nodes { id displayName hops pathStrength circleSize } edges { from to kind strength } } }`;
const PERSON = `query ($id: ID!) { people(where: { id: { eq: $id } }) { id name kind dealershipId } }`;

describe('the API against an external Neo4j (NEO4J_URI)', () => {
  let api: TestApi;
  beforeAll(async () => {
    // neo4j:// makes the driver ask the server for a routing table, as it must on a cluster or Aura
    api = await startTestApi({ NEO4J_URI: testEnv().NEO4J_URI!.replace(/^bolt:/, 'neo4j:') });
  });
  afterAll(() => api.stop());

  it('connects with a neo4j:// routing address and answers from that database', async () => {
    expect(api.config.neo4j.neoMode).toBe('external');
    expect(api.config.neo4j.uri).toMatch(/^neo4j:\/\//);
    const { id } = await plantCircle(api);
    const token = await tokenFor(api.config, { role: 'admin' });
    const res = await api.gql<{ people: { id: string; name: string }[] }>(PERSON, { id: id('a') }, token);
    expect(res.errors).toBeUndefined();
    expect(res.data!.people).toEqual([expect.objectContaining({ id: id('a'), name: '扩展a' })]);
    // the routing table the driver was given names a reader and a writer (on one server: itself)
    const info = await api.driver.getServerInfo();
    expect(info.address).toMatch(/^127\.0\.0\.1:\d+$/);
  });
});

describe('reads go out as read transactions', () => {
  let driver: Driver;
  let spy: DriverSpy;
  let running: RunningApi;
  let helper: TestApi;
  beforeAll(async () => {
    const config = loadConfig(testEnv());
    driver = createDriver(config.neo4j);
    await runMigrations(driver, config.neo4j.database);
    spy = spyOnDriver(driver);
    running = await startApi(config, driver);
    helper = await startTestApi();
  });
  afterAll(async () => {
    await running.stop();
    await driver.close();
    await helper.stop();
  });

  async function call(query: string, variables: Record<string, unknown>, token: string) {
    spy.take();
    const res = await fetch(`${running.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({ query, variables }),
    });
    const body = (await res.json()) as { data?: Record<string, unknown>; errors?: unknown[] };
    return { body, statements: spy.take() };
  }

  it('generated queries, service queries and DataLoader fields all run as reads on READ sessions', async () => {
    const { id } = await plantCircle(helper);
    const token = await tokenFor(helper.config, { role: 'admin' });
    const reads: [string, Record<string, unknown>][] = [
      [PERSON, { id: id('c') }],
      [NETWORK, { id: id('c') }],
      [`query ($ids: [ID!]!) { personInsights(ids: $ids) { id circleSize testimonialCount purchases referralsMade } }`, { ids: [id('c'), id('a')] }],
      [`query ($id: ID!) { decisionCircle(personId: $id) { person { id } weight } }`, { id: id('c') }],
      [`query ($a: ID!, $b: ID!) { warmPaths(fromId: $a, toId: $b) { hops people { id } } }`, { a: id('f'), b: id('e') }],
      [`{ searchPeople(query: "扩展", first: 5) { id } }`, {}],
    ];
    const vias = new Set<string>();
    for (const [query, variables] of reads) {
      const { body, statements } = await call(query, variables, token);
      expect(body.errors, query).toBeUndefined();
      expect(statements.length, query).toBeGreaterThan(0);
      for (const s of statements) {
        // auto-commit reads (one round trip each: the query runner's reads and, for query operations, the generated
        // statements) or managed read transactions (multi-statement reads): all on READ sessions, so a cluster
        // routes them to readers
        expect(['executeRead', 'run'], query).toContain(s.via);
        expect({ query: query.slice(0, 40), mode: s.sessionMode }).toEqual({ query: query.slice(0, 40), mode: 'READ' });
        vias.add(s.via);
      }
    }
    expect([...vias]).toContain('run');
    // the generated query (PERSON) is one auto-commit read: one round trip, not BEGIN+RUN then COMMIT
    const generated = await call(PERSON, { id: id('c') }, token);
    // (the token's user-status check, once per 5 s, may add a read of :User; it is not the query's)
    const ofPeople = generated.statements.filter((s) => !s.cypher.includes(':User'));
    expect(ofPeople.map((s) => [s.via, s.sessionMode])).toEqual([['run', 'READ']]);
    expect(generated.body.data!.people).toEqual([{ id: id('c'), name: expect.any(String), kind: expect.any(String), dealershipId: expect.any(String) }]);
    // the answers are right, not just routed: the centre's circle as planted
    const { body } = await call(NETWORK, { id: id('c') }, token);
    const net = body.data!.network as { nodes: { id: string; hops: number }[] };
    expect(net.nodes.map((n) => [n.id, n.hops]).sort()).toEqual(
      [[id('a'), 1], [id('b'), 1], [id('c'), 0], [id('e'), 1], [id('f'), 2]].sort(),
    );
  });

  it('a mutation runs as a write transaction (to the leader on a cluster)', async () => {
    const token = await tokenFor(helper.config, { role: 'admin' });
    const d = `${uid('scale')}-d`;
    const { body, statements } = await call(`mutation ($d: ID) { createPerson(input: { name: "写入测试", dealershipId: $d }) { id } }`, { d }, token);
    expect(body.errors).toBeUndefined();
    const created = (body.data!.createPerson as { id: string }).id;
    expect(statements.some((s) => s.via === 'executeWrite' && s.sessionMode === 'WRITE')).toBe(true);
    const again = await helper.cypher<{ name: string; d: string }>(`MATCH (p:Person {id: $id}) RETURN p.name AS name, p.dealershipId AS d`, { id: created });
    expect(again).toEqual([{ name: '写入测试', d }]);
  });
});

describe('two API processes against one Neo4j', () => {
  let a: TestApi;
  let child: ChildProcess;
  let urlB: string;
  let childLog = '';
  beforeAll(async () => {
    a = await startTestApi();
    const port = await freePort();
    urlB = `http://127.0.0.1:${port}`;
    // a separate Node process, started as in production (server/main.ts), on the same NEO4J_URI
    child = spawn(process.execPath, ['--import', 'tsx', 'server/main.ts'], {
      cwd: ROOT,
      env: { ...testEnv(), PORT: String(port), QUANZI_WEB_DIST: path.join(ROOT, 'web', 'dist') },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.stdout!.on('data', (b: Buffer) => (childLog += b.toString()));
    child.stderr!.on('data', (b: Buffer) => (childLog += b.toString()));
    const deadline = Date.now() + 90_000;
    for (;;) {
      if (child.exitCode !== null) throw new Error(`second API exited: ${childLog}`);
      try {
        const res = await fetch(`${urlB}/healthz`);
        if (res.ok) break;
      } catch {
        /* not up yet */
      }
      if (Date.now() > deadline) throw new Error(`second API did not start: ${childLog}`);
      await new Promise((r) => setTimeout(r, 250));
    }
  }, 120_000);
  afterAll(async () => {
    if (child && child.exitCode === null) {
      const exited = new Promise((r) => child.once('exit', r));
      child.kill('SIGTERM');
      await exited;
    }
    await a.stop();
  });

  async function gqlB(query: string, variables: Record<string, unknown>, token: string) {
    const res = await fetch(`${urlB}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({ query, variables }),
    });
    return (await res.json()) as { data?: Record<string, unknown>; errors?: unknown[] };
  }

  it('the second process is another process, and both give the same answers to the same questions', async () => {
    expect(child.pid).not.toBe(process.pid);
    const { id } = await plantCircle(a);
    const token = await tokenFor(a.config, { role: 'admin' });
    for (const [q, v] of [
      [NETWORK, { id: id('c') }],
      [PERSON, { id: id('f') }],
      [`query ($id: ID!) { decisionCircle(personId: $id) { person { id } weight reasons } }`, { id: id('c') }],
    ] as const) {
      const fromA = await a.gql(q, v, token);
      const fromB = await gqlB(q, v, token);
      expect(fromA.errors).toBeUndefined();
      expect(fromB.errors).toBeUndefined();
      expect(fromB.data).toEqual(fromA.data);
    }
  });

  it('a write through one process is read back through the other, and the other way round', async () => {
    const token = await tokenFor(a.config, { role: 'admin' });
    const d = `${uid('scale')}-d`;
    const made = await gqlB(`mutation ($d: ID) { createPerson(input: { name: "乙进程", dealershipId: $d }) { id } }`, { d }, token);
    expect(made.errors).toBeUndefined();
    const idB = (made.data!.createPerson as { id: string }).id;
    const seenByA = await a.gql<{ people: { id: string; name: string }[] }>(PERSON, { id: idB }, token);
    expect(seenByA.data!.people).toEqual([expect.objectContaining({ id: idB, name: '乙进程' })]);

    const madeA = await a.gql<{ createPerson: { id: string } }>(`mutation ($d: ID) { createPerson(input: { name: "甲进程", dealershipId: $d }) { id } }`, { d }, token);
    expect(madeA.errors).toBeUndefined();
    const idA = madeA.data!.createPerson.id;
    const seenByB = await gqlB(PERSON, { id: idA }, token);
    expect(seenByB.data!.people).toEqual([expect.objectContaining({ id: idA, name: '甲进程' })]);
    const rows = await a.cypher<{ name: string }>(`MATCH (p:Person) WHERE p.id IN $ids RETURN p.name AS name ORDER BY name`, { ids: [idA, idB] });
    expect(rows.map((r) => r.name).sort()).toEqual(['乙进程', '甲进程'].sort());
  });
});
