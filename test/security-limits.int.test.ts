import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApi, tokenFor, type GqlResult, type TestApi } from './support/test-api.js';

// Every refusal is HTTP 400 with a code, a message, and the request id; nothing reaches the database.
type Err = NonNullable<GqlResult['errors']>[number] & { extensions?: { limit?: string; max?: number; actual?: number } };

async function post(api: TestApi, body: unknown, token?: string, headers: Record<string, string> = {}) {
  const res = await fetch(`${api.url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}), ...headers },
    body: typeof body === 'string' ? body : Buffer.isBuffer(body) ? new Uint8Array(body) : JSON.stringify(body),
  });
  const text = await res.text();
  return { status: res.status, requestId: res.headers.get('x-request-id'), text, json: JSON.parse(text) as GqlResult };
}

function firstError(r: { json: GqlResult }): Err {
  expect(r.json.errors?.length).toBeGreaterThan(0);
  return r.json.errors![0] as Err;
}

/** `people(limit: 1) { friends(limit: 1) { ... { id } } }` with `depth` fields on the deepest path. */
function nested(depth: number, limit = 1): string {
  let q = 'id';
  for (let i = 0; i < depth - 2; i++) q = `friends(limit: ${limit}) { ${q} }`;
  return `{ people(limit: ${limit}) { ${q} } }`;
}

describe('request limits (development defaults)', () => {
  let api: TestApi;
  let token: string;
  beforeAll(async () => {
    api = await startTestApi();
    token = await tokenFor(api.config, { role: 'admin' });
  });
  afterAll(async () => {
    await api.stop();
  });

  it('refuses depth above QUANZI_MAX_DEPTH (12) with QUERY_TOO_DEEP, and allows 12', async () => {
    const ok = await post(api, { query: nested(12) }, token);
    expect(ok.status).toBe(200);
    expect(ok.json.errors).toBeUndefined();
    const deep = await post(api, { query: nested(13) }, token);
    expect(deep.status).toBe(400);
    const e = firstError(deep);
    expect(e.extensions).toMatchObject({ code: 'QUERY_TOO_DEEP', limit: 'depth', max: 12, actual: 13, requestId: deep.requestId });
  });

  it('counts depth through fragments and is not fooled by fragment cycles or introspection', async () => {
    const viaFragments = await post(
      api,
      {
        query: `query { people(limit: 1) { ...A } }
          fragment A on Person { friends(limit: 1) { ...B } }
          fragment B on Person { ${nested(12).slice(2, -2).replace('people(limit: 1)', 'friends(limit: 1)')} }`,
      },
      token,
    );
    expect(firstError(viaFragments).extensions).toMatchObject({ code: 'QUERY_TOO_DEEP', actual: 14 });
    const cycle = await post(api, { query: 'query { people { ...A } } fragment A on Person { friends { ...A } }' }, token);
    expect(cycle.status).toBe(400);
    expect(cycle.json.errors!.map((e) => e.extensions?.code)).toContain('GRAPHQL_VALIDATION_FAILED');
    // GraphiQL's introspection query is deeper than 12 but is bounded by graphql-js's own introspection rule
    const intro = await post(
      api,
      { query: '{ __schema { types { fields { type { ofType { ofType { ofType { ofType { ofType { ofType { name } } } } } } } } } } }' },
      token,
    );
    expect(intro.status).toBe(200);
  });

  it('accepts a realistic connection query: edges { node } nested twice', async () => {
    const r = await post(
      api,
      {
        query: `{ peopleConnection(first: 20) { totalCount pageInfo { hasNextPage endCursor }
            edges { cursor node { id name phone friendsConnection(first: 10) { edges { properties { strength source }
              node { id name worksAtConnection(first: 3) { edges { node { name } } } } } } } } } }`,
      },
      token,
    );
    expect(r.json.errors).toBeUndefined();
    expect(r.status).toBe(200);
  });

  it('refuses more than QUANZI_MAX_ALIASES (30) aliases', async () => {
    const aliases = (n: number) => `{ ${Array.from({ length: n }, (_, i) => `a${i}: graphStats { people }`).join(' ')} }`;
    expect((await post(api, { query: aliases(30) }, token)).json.errors).toBeUndefined();
    const r = await post(api, { query: aliases(31) }, token);
    expect(r.status).toBe(400);
    expect(firstError(r).extensions).toMatchObject({ code: 'QUERY_TOO_COMPLEX', limit: 'aliases', max: 30, actual: 31 });
  });

  it('refuses more than QUANZI_MAX_DIRECTIVES (30) directives', async () => {
    const fields = Array.from({ length: 31 }, (_, i) => `f${i % 2 ? '' : 'x'}${i}: id @include(if: true)`);
    const r = await post(api, { query: `{ people(limit: 1) { ${fields.slice(0, 31).join(' ')} } }` }, token);
    expect(r.status).toBe(400);
    const codes = r.json.errors!.map((e) => (e as Err).extensions?.limit);
    expect(codes).toContain('directives');
    const ok = await post(api, { query: '{ people(limit: 1) { id @include(if: true) name @skip(if: false) } }' }, token);
    expect(ok.json.errors).toBeUndefined();
  });

  it('refuses documents over QUANZI_MAX_TOKENS (5000) while parsing', async () => {
    const query = `{ people(limit: 1) { ${Array.from({ length: 5100 }, () => 'id').join(' ')} } }`;
    const r = await post(api, { query }, token);
    expect(r.status).toBe(400);
    expect(firstError(r).extensions).toMatchObject({ code: 'QUERY_TOO_COMPLEX', limit: 'tokens', max: 5000 });
    expect(firstError(r).extensions?.requestId).toBe(r.requestId);
  });

  it('costs lists by first/limit: limit 100 nested three times is refused, a page of 100 is not', async () => {
    const three = await post(api, { query: '{ people(limit: 100) { friends(limit: 100) { friends(limit: 100) { id } } } }' }, token);
    expect(three.status).toBe(400);
    // 1 + 100 * (1 + 100 * (1 + 100 * 1))
    expect(firstError(three).extensions).toMatchObject({ code: 'QUERY_TOO_COMPLEX', limit: 'cost', max: 20000 });
    const page = await post(api, { query: '{ people(limit: 100) { id name phone friends(limit: 10) { id name } } }' }, token);
    expect(page.json.errors).toBeUndefined();
    // without a limit each list counts as the @limit default (50): three nested lists are too many
    const defaults = await post(api, { query: '{ people { friends { friends { id } } } }' }, token);
    expect(firstError(defaults).extensions).toMatchObject({ limit: 'cost' });
    // ids are unique: a list filtered by one id (or a few) counts as that many rows
    const one = await post(api, { query: '{ people(where: { id: { eq: "x" } }) { friends { friends { id } } family { id } } }' }, token);
    expect(one.json.errors).toBeUndefined();
    const few = await post(api, { query: 'query ($ids: [ID!]) { people(where: { id: { in: $ids } }) { friends { friends { id } } } }', variables: { ids: ['a', 'b', 'c'] } }, token);
    expect(few.json.errors).toBeUndefined();
    // connections count by `first`
    const conn = await post(
      api,
      { query: '{ peopleConnection(first: 200) { edges { node { friendsConnection(first: 200) { edges { node { id } } } } } } }' },
      token,
    );
    expect(firstError(conn).extensions).toMatchObject({ limit: 'cost' });
  });

  it('reads first/limit from variables: the same document is accepted or refused by its variables', async () => {
    const query = 'query ($n: Int) { people(limit: $n) { friends(limit: $n) { friends(limit: $n) { id } } } }';
    const small = await post(api, { query, variables: { n: 5 } }, token);
    expect(small.json.errors).toBeUndefined();
    const big = await post(api, { query, variables: { n: 100 } }, token);
    expect(big.status).toBe(400);
    expect(firstError(big).extensions).toMatchObject({ code: 'QUERY_TOO_COMPLEX', limit: 'cost' });
  });

  it('refuses a fragment bomb quickly', async () => {
    const frags = ['fragment F0 on Person { id name }'];
    for (let i = 1; i <= 25; i++) frags.push(`fragment F${i} on Person { friends(limit: 2) { ...F${i - 1} } ...F${i - 1} }`);
    const t0 = Date.now();
    const r = await post(api, { query: `{ people(limit: 1) { ...F25 } } ${frags.join(' ')}` }, token);
    expect(Date.now() - t0).toBeLessThan(3000);
    expect(r.status).toBe(400);
    expect(r.json.errors!.map((e) => e.extensions?.code)).toEqual(expect.arrayContaining(['QUERY_TOO_DEEP']));
  });

  it('refuses argument values nested deeper than QUANZI_MAX_INPUT_DEPTH (12), literal or variable', async () => {
    let where: Record<string, unknown> = { id: { eq: 'x' } };
    for (let i = 0; i < 30; i++) where = { AND: [where] };
    const r = await post(api, { query: 'query ($w: PersonWhere) { people(where: $w) { id } }', variables: { w: where } }, token);
    expect(r.status).toBe(400);
    expect(firstError(r).extensions).toMatchObject({ code: 'QUERY_TOO_COMPLEX', limit: 'inputDepth', max: 12 });
    let literal = '{ id: { eq: "x" } }';
    for (let i = 0; i < 8; i++) literal = `{ AND: [${literal}] }`;
    const lit = await post(api, { query: `{ people(where: ${literal}) { id } }` }, token);
    expect(lit.status).toBe(400);
    expect(firstError(lit).extensions).toMatchObject({ limit: 'inputDepth' });
    // a realistic filter passes
    const ok = await post(
      api,
      { query: '{ people(where: { AND: [{ kind: { eq: BUYER } }, { friends: { some: { city: { eq: "杭州" } } } }] }, limit: 5) { id } }' },
      token,
    );
    expect(ok.json.errors).toBeUndefined();
  });

  it('refuses very deep JSON variables without a stack overflow', async () => {
    const deep = '['.repeat(50_000) + ']'.repeat(50_000);
    const r = await post(api, `{"query":"query ($w: PersonWhere) { people(where: $w) { id } }","variables":{"w":${deep}}}`, token);
    expect(r.status).toBe(400);
    expect(firstError(r).extensions?.code).toMatch(/QUERY_TOO_COMPLEX|BAD_REQUEST/);
  });

  it('refuses negative first/limit/offset with BAD_USER_INPUT naming the argument', async () => {
    const r = await post(api, { query: '{ people(limit: -5) { id } }' }, token);
    expect(r.status).toBe(400);
    expect(firstError(r).extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'limit' });
    const v = await post(api, { query: 'query ($o: Int) { people(offset: $o, limit: 1) { id } }', variables: { o: -1 } }, token);
    expect(firstError(v).extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'offset' });
  });

  it('refuses inputs that the generated API would turn into failing Cypher (found by the fuzzer)', async () => {
    const typename = await post(api, { query: '{ peopleConnection(first: 2) { edges { node { __typename } } } }' }, token);
    expect(typename.status).toBe(400);
    expect(firstError(typename).extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
    const props = await post(api, { query: '{ people(limit: 1) { friendsConnection { edges { properties { __typename } } } } }' }, token);
    expect(firstError(props).message).toMatch(/besides __typename/);
    expect((await post(api, { query: '{ peopleConnection(first: 2) { edges { node { __typename id } } } }' }, token)).json.errors).toBeUndefined();
    for (const bad of ['yesterday', '1e309', '2024-02-30T00:00:00Z', '2024-05-01 10:00']) {
      const lit = await post(api, { query: `{ followUps(where: { doneAt: { gt: ${JSON.stringify(bad)} } }) { id } }` }, token);
      expect(lit.status, bad).toBe(400);
      expect(firstError(lit).extensions?.code, bad).toBe('GRAPHQL_VALIDATION_FAILED');
      const v = await post(api, { query: 'query ($w: FollowUpWhere) { followUps(where: $w) { id } }', variables: { w: { doneAt: { in: [bad] } } } }, token);
      expect(v.status, bad).toBe(400);
      expect(firstError(v).extensions, bad).toMatchObject({ code: 'BAD_USER_INPUT', field: '$w.doneAt.in[0]' });
    }
    const dates = await post(api, { query: '{ followUps(where: { dueDate: { eq: "2024-02-30" } }) { id } }' }, token);
    expect(firstError(dates).extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
    const good = await post(
      api,
      { query: 'query ($d: DateTime) { followUps(where: { doneAt: { gt: $d, lt: "2024-05-01T10:00:00+08:00" }, dueDate: { eq: "2024-02-29" } }) { id } }', variables: { d: '2024-05-01T10:00:00.123Z' } },
      token,
    );
    expect(good.json.errors).toBeUndefined();
    // an empty node filter nested in a connection filter, with the aggregate selected: the library fails on it
    const CONN = 'query ($w: VisitVisitorConnectionWhere) { visits(limit: 1) { id visitorConnection(where: $w, first: 2) { totalCount aggregate { count { nodes } } } } }';
    const emptyNode = await post(api, { query: CONN, variables: { w: { AND: [{ node: {} }] } } }, token);
    expect(emptyNode.status).toBe(400);
    expect(firstError(emptyNode).extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: '$w.AND[0].node' });
    const emptyLiteral = await post(api, { query: '{ visits(limit: 1) { id visitorConnection(where: { AND: [{ node: {} }] }) { totalCount aggregate { count { nodes } } } } }' }, token);
    expect(firstError(emptyLiteral).extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
    const named = await post(api, { query: CONN, variables: { w: { AND: [{ node: { name: { eq: '王伟' } } }] } } }, token);
    expect(named.json.errors).toBeUndefined();
  });

  it('does not take batched requests', async () => {
    const r = await post(api, [{ query: '{ graphStats { people } }' }, { query: '{ graphStats { ties } }' }], token);
    expect(r.status).toBe(400);
    expect(firstError(r).extensions?.code).toBe('BAD_REQUEST');
    expect(firstError(r).message).toMatch(/batching/i);
  });

  it('bounds the body: over QUANZI_MAX_BODY_BYTES is 413 as JSON, also when gzipped', async () => {
    const big = JSON.stringify({ query: '{ graphStats { people } }', variables: { pad: 'x'.repeat(1_100_000) } });
    const r = await post(api, big, token);
    expect(r.status).toBe(413);
    expect(firstError(r).extensions).toMatchObject({ code: 'PAYLOAD_TOO_LARGE', requestId: r.requestId });
    const bomb = gzipSync(Buffer.from(JSON.stringify({ query: '{ graphStats { people } }', variables: { pad: '0'.repeat(50_000_000) } })));
    expect(bomb.length).toBeLessThan(200_000);
    const z = await post(api, bomb, token, { 'content-encoding': 'gzip' });
    expect(z.status).toBe(413);
    expect(firstError(z).extensions?.code).toBe('PAYLOAD_TOO_LARGE');
  });

  it('answers malformed bodies with JSON 400, never an HTML page or a stack', async () => {
    for (const body of ['{"query": ', 'null', '"just a string"', '{"query": 42}', '{"query": "{ graphStats { people } }", "variables": "x"}']) {
      const r = await post(api, body, token);
      expect(r.status, body).toBe(400);
      expect(r.text).not.toMatch(/<html|at .+\.(js|ts):\d+|node_modules/i);
      expect(firstError(r).extensions?.code).toMatch(/^BAD_REQUEST$/);
    }
  });

  it('stops a Cypher transaction at NEO4J_TX_TIMEOUT on the query runner', async () => {
    const { createDriver, createQueryRunner } = await import('../server/queries/driver.js');
    const driver = createDriver({ ...api.config.neo4j, txTimeout: '1s' });
    try {
      const db = createQueryRunner(driver, api.config.neo4j.database);
      const t0 = Date.now();
      await expect(db.read('CALL apoc.util.sleep(10000) RETURN 1 AS x')).rejects.toMatchObject({
        code: expect.stringMatching(/TransactionTimedOut/),
      });
      expect(Date.now() - t0).toBeLessThan(8000);
    } finally {
      await driver.close();
    }
  });

  it("gives a batch job's scans NEO4J_BATCH_TX_TIMEOUT instead, still bounded", async () => {
    const { createDriver, createQueryRunner } = await import('../server/queries/driver.js');
    // the server's own db.transaction.timeout is 30 s here: the longer client timeout must win over it too
    const driver = createDriver({ ...api.config.neo4j, txTimeout: '1s', batchTxTimeout: '40s' });
    const bounded = createDriver({ ...api.config.neo4j, txTimeout: '1s', batchTxTimeout: '2s' });
    try {
      const db = createQueryRunner(driver, api.config.neo4j.database);
      // Neo4j checks timeouts every 2 s (db.transaction.monitor.check.interval): 4 s is caught past a 1 s timeout
      const slow = 'CALL apoc.util.sleep(4000) RETURN 1 AS x';
      await expect(db.read(slow)).rejects.toMatchObject({ code: expect.stringMatching(/TransactionTimedOut/) });
      expect(await db.readBatch<{ x: number }>(slow)).toEqual([{ x: 1 }]);
      await expect(db.write(slow)).rejects.toMatchObject({ code: expect.stringMatching(/TransactionTimedOut/) });
      expect(await db.writeBatch<{ x: number }>(slow)).toEqual([{ x: 1 }]);
      const rows: number[] = [];
      expect(await db.stream<{ x: number }>(slow, {}, (r) => rows.push(r.x))).toBe(1);
      expect(rows).toEqual([1]);
      // longer than the server's 30 s default: only the client's batch timeout lets it finish
      expect(await db.readBatch<{ x: number }>('CALL apoc.util.sleep(31000) RETURN 1 AS x')).toEqual([{ x: 1 }]);
      const short = createQueryRunner(bounded, api.config.neo4j.database);
      await expect(short.stream('CALL apoc.util.sleep(10000) RETURN 1 AS x', {}, () => {})).rejects.toMatchObject({
        code: expect.stringMatching(/TransactionTimedOut/),
      });
    } finally {
      await driver.close();
      await bounded.close();
    }
  }, 120_000);
});

describe('request limits are settings', () => {
  it('validates each setting and names the variable', async () => {
    const { loadConfig, ConfigError } = await import('../server/config.js');
    for (const [name, value] of [
      ['QUANZI_MAX_DEPTH', '1'],
      ['QUANZI_MAX_COST', 'lots'],
      ['QUANZI_MAX_TOKENS', '10'],
      ['QUANZI_MAX_BODY_BYTES', '-1'],
      ['QUANZI_LOGIN_MAX_FAILURES_PER_ACCOUNT', '0'],
      ['QUANZI_USER_STATUS_CACHE_MS', '9999999'],
    ] as const) {
      expect(() => loadConfig({ [name]: value }), name).toThrow(ConfigError);
      expect(() => loadConfig({ [name]: value }), name).toThrow(name);
    }
    expect(loadConfig({}).limits).toEqual({
      maxDepth: 12,
      maxAliases: 30,
      maxDirectives: 30,
      maxTokens: 5000,
      maxCost: 20000,
      defaultListSize: 50,
      maxInputDepth: 12,
      maxBodyBytes: 1_048_576,
    });
  });

  it('applies changed settings', async () => {
    const api = await startTestApi({ QUANZI_MAX_DEPTH: '4', QUANZI_MAX_COST: '100', QUANZI_MAX_ALIASES: '1', QUANZI_MAX_BODY_BYTES: '2048' });
    try {
      const token = await tokenFor(api.config, { role: 'admin' });
      expect(firstError(await post(api, { query: nested(5) }, token)).extensions).toMatchObject({ code: 'QUERY_TOO_DEEP', max: 4 });
      expect((await post(api, { query: nested(4) }, token)).json.errors).toBeUndefined();
      expect(firstError(await post(api, { query: '{ people(limit: 101) { id } }' }, token)).extensions).toMatchObject({ limit: 'cost', max: 100 });
      expect(firstError(await post(api, { query: '{ a: graphStats { people } b: graphStats { ties } }' }, token)).extensions).toMatchObject({ limit: 'aliases', max: 1 });
      expect((await post(api, { query: '{ graphStats { people } }', variables: { pad: 'x'.repeat(3000) } }, token)).status).toBe(413);
    } finally {
      await api.stop();
    }
  });
});
