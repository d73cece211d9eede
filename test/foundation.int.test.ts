import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from './support/global-setup.js';
import { startTestApi, tokenFor, uid, type TestApi } from './support/test-api.js';

describe('foundation: one GraphQL endpoint on a real Neo4j', () => {
  let api: TestApi;
  beforeAll(async () => {
    api = await startTestApi();
  });
  afterAll(async () => {
    await api.stop();
  });

  it('creates through a generated mutation and Cypher reads it back', async () => {
    const model = `汉 ${uid()}`;
    const token = await tokenFor(api.config, { role: 'admin' });
    const res = await api.gql<{ createVehicleModels: { vehicleModels: { id: string; brand: string; model: string }[] } }>(
      `mutation ($model: String!) {
         createVehicleModels(input: [{ brand: "比亚迪", model: $model, basePrice: 219800 }]) { vehicleModels { id brand model } }
       }`,
      { model },
      token,
    );
    expect(res.errors).toBeUndefined();
    const created = res.data!.createVehicleModels.vehicleModels[0]!;
    expect(created).toMatchObject({ brand: '比亚迪', model });
    const rows = await api.cypher('MATCH (m:VehicleModel {id: $id}) RETURN m.brand AS brand, m.model AS model, m.basePrice AS price', {
      id: created.id,
    });
    expect(rows).toEqual([{ brand: '比亚迪', model, price: 219800 }]);
  });

  it('refuses the API without a token and with a forged one', async () => {
    const anon = await api.gql('{ graphStats { people } }');
    expect(anon.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    const forged = await api.gql('{ graphStats { people } }', {}, 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ4Iiwicm9sZSI6ImFkbWluIn0.AAAA');
    expect(forged.status).toBe(401);
    expect(forged.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    const anonCrud = await api.gql('{ vehicleModels { id } }');
    expect(anonCrud.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
  });

  it('graphStats counts people and ties as Cypher does, each tie once', async () => {
    const q = '{ graphStats { people ties } }';
    const count = async () =>
      (
        await api.cypher<{ people: number; ties: number }>(
          `MATCH (p:Person) WITH count(p) AS people
           OPTIONAL MATCH (:Person)-[r:FAMILY|FRIEND|COLLEAGUE|BUSINESS_PARTNER|ADVISES|DRIVES_FOR]->(:Person)
           RETURN people, count(r) AS ties`,
        )
      )[0]!;
    const before = await count();
    const t = uid();
    // three people, two ties (one symmetric, one directed) and one non-tie relationship that must not count
    await api.cypher(
      `CREATE (a:Person {id: $t + 'a', name: 'a'}), (b:Person {id: $t + 'b', name: 'b'}), (c:Person {id: $t + 'c', name: 'c'})
       CREATE (a)-[:FAMILY {strength: 0.9}]->(b), (c)-[:ADVISES {strength: 0.5}]->(a), (a)-[:REFERRED]->(c)`,
      { t },
    );
    const low = await count();
    const res = await api.gql<{ graphStats: { people: number; ties: number } }>(q, {}, await tokenFor(api.config, { role: 'analyst' }));
    const high = await count();
    expect(res.errors).toBeUndefined();
    const stats = res.data!.graphStats;
    // other test files may write concurrently: the answer lies between two Cypher counts
    expect(low.people).toBeGreaterThanOrEqual(before.people + 3);
    expect(low.ties).toBeGreaterThanOrEqual(before.ties + 2);
    expect(stats.people).toBeGreaterThanOrEqual(low.people);
    expect(stats.people).toBeLessThanOrEqual(high.people);
    expect(stats.ties).toBeGreaterThanOrEqual(low.ties);
    expect(stats.ties).toBeLessThanOrEqual(high.ties);
  });

  it('answers /healthz with 200 while Neo4j is up', async () => {
    const res = await fetch(`${api.url}/healthz`);
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ status: 'ok', neo4j: 'up' });
  });

  it('logs nothing sensitive to the client: malformed queries get a coded error', async () => {
    const res = await api.gql('{ graphStats { nosuchfield } }', {}, await tokenFor(api.config, { role: 'admin' }));
    expect(res.status).toBe(400);
    expect(res.errors?.[0]?.extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
    expect(JSON.stringify(res)).not.toMatch(/at .*\.ts:\d+|stacktrace/i);
  });

  it('serves a page at / and an offline explorer or placeholder at /graphql for browsers', async () => {
    const root = await fetch(`${api.url}/`);
    expect(root.status).toBe(200);
    expect(await root.text()).toContain('圈子');
  });

  it('runs the APOC functions @neo4j/graphql relies on', async () => {
    const [row] = await api.cypher<{ d: string }>(
      `RETURN apoc.date.convertFormat('2024-01-02T03:04:05Z', 'iso_zoned_date_time', 'yyyy-MM-dd') AS d`,
    );
    expect(row!.d).toBe('2024-01-02');
    await api.cypher(`CALL apoc.util.validate(false, 'never', [0])`);
    await expect(api.cypher(`CALL apoc.util.validate(true, 'boom %s', ['x'])`)).rejects.toThrow(/boom x/);
  });
});

describe('foundation: Neo4j down', () => {
  let api: TestApi;
  beforeAll(async () => {
    // nothing listens on this port: the API must start, report 503 and answer queries with a coded error
    api = await startTestApi({ NEO4J_URI: `bolt://127.0.0.1:${await freePort()}`, NEO4J_MAX_RETRY_MS: '500' }, { migrate: false });
  });
  afterAll(async () => {
    await api.stop();
  });

  it('reports 503 on /healthz', async () => {
    const res = await fetch(`${api.url}/healthz`);
    expect(res.status).toBe(503);
    expect(await res.json()).toMatchObject({ status: 'unavailable', neo4j: 'down' });
  });

  it('answers a query with SERVICE_UNAVAILABLE, no stack, no crash', async () => {
    const res = await api.gql('{ graphStats { people } }', {}, await tokenFor(api.config, { role: 'admin' }));
    expect(res.errors?.[0]?.extensions?.code).toBe('SERVICE_UNAVAILABLE');
    expect(res.errors?.[0]?.extensions?.requestId).toMatch(/[0-9a-f-]{36}/);
    expect(JSON.stringify(res)).not.toMatch(/ECONNREFUSED|neo4j-driver|\.js:\d+/);
  });
});
