import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { makeExecutableSchema } from '@graphql-tools/schema';
import { Neo4jGraphQL } from '@neo4j/graphql';
import { Neo4jError } from 'neo4j-driver';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { loadConfig, type Config } from '../server/config.js';
import { createApp } from '../server/http/app.js';
import { createDriver, type Driver } from '../server/queries/driver.js';
import { startTestApi, testEnv, tokenFor, type GqlResult, type TestApi } from './support/test-api.js';

const LEAKS = /MATCH|Neo\.|neo4j|\/srv\/|\.ts:\d+|\.js:\d+|node_modules|stack|Cannot read|undefined/i;

interface Served {
  url: string;
  config: Config;
  driver: Driver;
  stop(): Promise<void>;
}

/** The real app (formatter, limits, logging) around a schema of our own, to provoke failures on purpose. */
async function serve(schemaOf: (driver: Driver) => Promise<import('graphql').GraphQLSchema>, env: Record<string, string> = {}): Promise<Served> {
  const config = loadConfig(testEnv(env));
  const driver = createDriver(config.neo4j);
  const { express, apollo } = await createApp({ config, driver, schema: await schemaOf(driver) });
  const server: Server = await new Promise((resolve) => {
    const s = express.listen(0, '127.0.0.1', () => resolve(s));
  });
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    config,
    driver,
    async stop() {
      server.closeAllConnections();
      await new Promise((r) => server.close(r));
      await apollo.stop();
      await driver.close();
    },
  };
}

async function ask(url: string, query: string, token?: string, variables: Record<string, unknown> = {}) {
  const res = await fetch(`${url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify({ query, variables }),
  });
  const text = await res.text();
  return { status: res.status, requestId: res.headers.get('x-request-id'), text, json: JSON.parse(text) as GqlResult };
}

/** Captures this process's log lines (the logger writes JSON lines to stderr). */
function captureLog(): { lines: () => Record<string, unknown>[] } {
  const seen: string[] = [];
  const original = process.stderr.write.bind(process.stderr);
  vi.spyOn(process.stderr, 'write').mockImplementation(((chunk: string | Uint8Array, ...rest: unknown[]) => {
    seen.push(String(chunk));
    return (original as (...a: unknown[]) => boolean)(chunk, ...rest);
  }) as typeof process.stderr.write);
  return {
    lines: () =>
      seen
        .flatMap((s) => s.split('\n'))
        .filter((l) => l.startsWith('{'))
        .map((l) => JSON.parse(l) as Record<string, unknown>),
  };
}

describe('errors are masked, logged with the request id the client gets', () => {
  let app: Served;
  beforeAll(async () => {
    app = await serve(async () =>
      makeExecutableSchema({
        typeDefs: 'type Query { plain: Int, neo: Int, typeError: Int, nested: Inner } type Inner { boom: Int }',
        resolvers: {
          Query: {
            plain: () => {
              throw new Error('MATCH (n:Person) failed at /srv/quanzi/server/queries/people.queries.ts:12:3');
            },
            neo: () => {
              throw new Neo4jError(
                'Invalid input \'x\': expected "MATCH" (line 1) "MATCH (p:Person {phone: $phone}) RETURN p"',
                'Neo.ClientError.Statement.SyntaxError',
                'N/A',
                'N/A',
              );
            },
            typeError: () => {
              const o = undefined as unknown as { x: { y: number } };
              return o.x.y;
            },
            nested: () => ({}),
          },
          Inner: {
            boom: () => Promise.reject(new Error('connect ECONNRESET 10.0.0.5:7687 at node_modules/neo4j-driver/lib/x.js:1:1')),
          },
        },
      }),
    );
  });
  afterAll(async () => {
    await app.stop();
  });
  afterEach(() => {
    vi.restoreAllMocks();
  });

  it.each(['plain', 'neo', 'typeError'])('%s: the client sees a code and a request id, the log keeps the detail', async (field) => {
    const log = captureLog();
    const r = await ask(app.url, `{ ${field} }`);
    expect(r.status).toBe(200);
    expect(r.text).not.toMatch(LEAKS);
    const [err] = r.json.errors!;
    expect(err).toMatchObject({ message: 'Internal server error', extensions: { code: 'INTERNAL_SERVER_ERROR' } });
    expect(err!.extensions!.requestId).toBe(r.requestId);
    const lines = log.lines().filter((l) => l.requestId === r.requestId);
    // the error line with the real message, and the access line of the request
    expect(lines.find((l) => l.level === 'error')?.error).toMatch(/MATCH|Cannot read|Invalid input/);
    expect(lines.find((l) => l.msg === 'request')).toMatchObject({ status: 200, path: '/graphql' });
  });

  it('masks errors of nested fields too, and keeps the data that did resolve', async () => {
    const r = await ask(app.url, '{ nested { boom } }');
    expect(r.text).not.toMatch(LEAKS);
    expect(r.json.data).toEqual({ nested: { boom: null } });
    expect(r.json.errors![0]!.extensions).toMatchObject({ code: expect.stringMatching(/INTERNAL_SERVER_ERROR|SERVICE_UNAVAILABLE/), requestId: r.requestId });
  });

  it('every response carries x-request-id, and every error its requestId, including refusals', async () => {
    const cases = ['{ nosuch }', '{ plain(', '{ a1: plain a2: plain }'];
    for (const q of cases) {
      const r = await ask(app.url, q);
      expect(r.requestId).toMatch(/^[0-9a-f-]{36}$/);
      for (const e of r.json.errors ?? []) expect(e.extensions?.requestId).toBe(r.requestId);
    }
  });
});

describe('transaction timeout on the generated API', () => {
  let app: Served;
  beforeAll(async () => {
    app = await serve(
      async (driver) =>
        new Neo4jGraphQL({
          typeDefs: `type Query { slow: Int @cypher(statement: "CALL apoc.util.sleep(6000) RETURN 1 AS x", columnName: "x") }`,
          driver,
        }).getSchema(),
      { NEO4J_TX_TIMEOUT: '1s' },
    );
  });
  afterAll(async () => {
    await app.stop();
  });

  it('stops a runaway query at NEO4J_TX_TIMEOUT with QUERY_TIMEOUT, no Neo4j message', async () => {
    const t0 = Date.now();
    const r = await ask(app.url, '{ slow }');
    expect(Date.now() - t0).toBeLessThan(5000);
    expect(r.text).not.toMatch(LEAKS);
    expect(r.json.errors![0]!.extensions).toMatchObject({ code: 'QUERY_TIMEOUT', requestId: r.requestId });
  });
});

describe('production mode: no introspection, no schema hints', () => {
  let prod: TestApi;
  let dev: TestApi;
  const env = { QUANZI_MODE: 'production', QUANZI_JWT_SECRET: 'p'.repeat(48), QUANZI_ADMIN_PASSWORD: 'prod-admin-pw' };
  beforeAll(async () => {
    prod = await startTestApi(env);
    dev = await startTestApi();
  });
  afterAll(async () => {
    await prod.stop();
    await dev.stop();
  });

  it('refuses introspection in production and allows it in development', async () => {
    const token = await tokenFor(prod.config, { role: 'admin' });
    for (const q of ['{ __schema { types { name } } }', '{ __type(name: "Person") { fields { name } } }']) {
      const r = await prod.gql(q, {}, token);
      expect(r.status).toBe(400);
      expect(r.errors![0]!.extensions!.code).toBe('GRAPHQL_VALIDATION_FAILED');
      expect(r.errors![0]!.message).toMatch(/introspection/i);
    }
    const ok = await dev.gql('{ __schema { queryType { name } } }', {}, await tokenFor(dev.config, { role: 'admin' }));
    expect(ok.errors).toBeUndefined();
    // __typename is not introspection of the schema and stays available
    expect((await prod.gql('{ __typename }', {}, token)).errors).toBeUndefined();
  });

  it.each([
    ['a misspelled field', '{ peple { id } }', {}],
    ['a misspelled enum value', '{ people(where: { kind: { eq: BUYR } }) { id } }', {}],
    ['a misspelled input field in variables', 'query ($w: PersonWhere) { people(where: $w) { id } }', { w: { nme: { eq: 'x' } } }],
    ['a misspelled enum in variables', 'query ($k: PersonKind) { people(where: { kind: { eq: $k } }) { id } }', { k: 'BUYR' }],
  ])('strips "Did you mean" from %s in production only', async (_what, query, variables) => {
    const d = await dev.gql(query, variables, await tokenFor(dev.config, { role: 'admin' }));
    expect(d.errors!.map((e) => e.message).join(' ')).toMatch(/Did you mean/);
    const p = await prod.gql(query, variables, await tokenFor(prod.config, { role: 'admin' }));
    expect(p.errors!.length).toBeGreaterThan(0);
    expect(p.errors!.map((e) => e.message).join(' ')).not.toMatch(/Did you mean/);
    expect(p.errors![0]!.extensions?.requestId).toMatch(/[0-9a-f-]{36}/);
  });
});
