import { graphql, type GraphQLSchema } from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildAppSchema } from '../server/graphql/build-schema.js';
import { createContext, type Viewer } from '../server/graphql/context.js';
import { expandTies } from '../server/queries/intelligence-people.queries.js';
import { startTestApi, tokenFor, type TestApi } from './support/test-api.js';
import { addReferral, addSale, addTestimonial, buildGraph, type Graph } from './intelligence-fixture.js';

/*
 * Per-person fields go through per-request DataLoaders: the number of database round trips of a request must
 * not grow with the number of people. Counted at the query runner of the request's own context.
 */
describe('per-person fields: one round trip per field per request', () => {
  let api: TestApi;
  let schema: GraphQLSchema;
  let g: Graph;
  const N = 50;

  beforeAll(async () => {
    api = await startTestApi();
    schema = await buildAppSchema({ driver: api.driver, jwtSecret: api.config.auth.jwtSecret });
    // a star of 50 people around a centre, each with a friend of their own, a sale and a testimonial
    const people = [{ key: 'c' }, ...Array.from({ length: N }, (_, i) => [{ key: `p${i}` }, { key: `f${i}` }]).flat()];
    g = await buildGraph(api, people, [
      ...Array.from({ length: N }, (_, i) => ({ from: 'c', to: `p${i}`, kind: 'FRIEND' as const, strength: 0.5 + i / 200 })),
      ...Array.from({ length: N }, (_, i) => ({ from: `p${i}`, to: `f${i}`, kind: 'FAMILY' as const, strength: 0.9 })),
    ]);
    for (let i = 0; i < N; i += 10) {
      const s = await addSale(api, g, `p${i}`, `p${i}`, '2024-01-01');
      await addTestimonial(api, g, { key: `p${i}`, author: `p${i}`, rating: 5, date: '2024-01-05', saleId: s });
      await addReferral(api, g, `p${i}`, `f${i}`, '2024-02-01', null);
    }
  });
  afterAll(async () => {
    await api?.stop();
  });

  async function run(query: string, variables: Record<string, unknown>) {
    const viewer: Viewer = { userId: 'u', username: 'u', role: 'salesperson', dealershipId: g.dealershipId };
    const ctx = createContext({ driver: api.driver, database: api.config.neo4j.database, config: api.config }, 'rt', viewer);
    // what the API hands the generated resolvers (its own statement runs on the driver, so it is not counted here)
    ctx.jwt = { sub: 'u', role: 'salesperson', dealershipId: g.dealershipId };
    const res = await graphql({ schema, source: query, variableValues: variables, contextValue: ctx });
    expect(res.errors).toBeUndefined();
    return { data: res.data as Record<string, unknown>, trips: ctx.db.roundTrips() };
  }

  const INSIGHTS = `query ($ids: [ID!]!) { personInsights(ids: $ids) {
    id displayName influence circleSize testimonialCount purchases referralsMade storeRank
  } }`;

  it('personInsights: 50 people cost the same round trips as 5, and the numbers are right', async () => {
    const ids50 = Array.from({ length: N }, (_, i) => g.id(`p${i}`));
    const big = await run(INSIGHTS, { ids: ids50 });
    const small = await run(INSIGHTS, { ids: ids50.slice(0, 5) });
    // 1 to read the people + 1 per loader-backed field (influence is read with the people)
    expect(big.trips).toBe(6);
    expect(small.trips).toBe(big.trips);
    const rows = (big.data.personInsights as { id: string; circleSize: number; testimonialCount: number; purchases: number; referralsMade: number }[]);
    expect(rows.map((r) => r.id)).toEqual(ids50);
    rows.forEach((r, i) => {
      const has = i % 10 === 0 ? 1 : 0;
      expect([r.circleSize, r.testimonialCount, r.purchases, r.referralsMade]).toEqual([2, has, has, has]);
    });
  });

  it('the generated Person type: circleSize, testimonialCount and storeRank for 50 people in constant round trips', async () => {
    await api.cypher(`UNWIND range(0, 4) AS i MATCH (p:Person {id: $prefix + i}) SET p.influence = 10.0 - i`, { prefix: g.id('p') });
    const q = `query ($ids: [ID!]!) { people(where: { id: { in: $ids } }, limit: 50) { id circleSize testimonialCount storeRank } }`;
    const ids50 = Array.from({ length: N }, (_, i) => g.id(`p${i}`));
    const big = await run(q, { ids: ids50 });
    const small = await run(q, { ids: ids50.slice(0, 5) });
    // one per field, whatever the number of people
    expect(big.trips).toBe(3);
    expect(small.trips).toBe(big.trips);
    const rows = big.data.people as { id: string; circleSize: number; testimonialCount: number; storeRank: number | null }[];
    expect(rows).toHaveLength(N);
    const byId = new Map(rows.map((r) => [r.id, r]));
    ids50.forEach((id, i) => {
      // the centre and their own friend; a testimonial for every tenth; the five scored people ranked by score
      expect([byId.get(id)!.circleSize, byId.get(id)!.testimonialCount, byId.get(id)!.storeRank], id).toEqual([2, i % 10 === 0 ? 1 : 0, i < 5 ? i + 1 : null]);
    });
    await api.cypher(`MATCH (p:Person) WHERE p.id STARTS WITH $prefix SET p.influence = null`, { prefix: g.id('p') });
  });

  it('network: circleSize and testimonialCount for 51 nodes in constant round trips', async () => {
    const q = `query ($id: ID!, $limit: Int) { network(personId: $id, depth: 1, limit: $limit) {
      nodes { id circleSize testimonialCount influence }
    } }`;
    const big = await run(q, { id: g.id('c'), limit: 51 });
    const small = await run(q, { id: g.id('c'), limit: 6 });
    const nodes = (big.data.network as { nodes: { id: string; circleSize: number }[] }).nodes;
    expect(nodes).toHaveLength(51);
    expect(nodes[0]!.circleSize).toBe(N);
    // the hop with the access check + circleSize + testimonialCount (influence comes with the traversal)
    expect(big.trips).toBe(3);
    expect(small.trips).toBe(big.trips);
  });

  it('traversals: the first statement checks the start and reads two hops', async () => {
    // network depth 2: the centre, its 50 friends and their families, all in one statement
    const net = await run(`query ($id: ID!) { network(personId: $id, depth: 2, limit: 200) { nodes { id hops } } }`, { id: g.id('c') });
    const nodes = (net.data.network as { nodes: { id: string; hops: number }[] }).nodes;
    expect(nodes.filter((n) => n.hops === 2)).toHaveLength(N);
    expect(net.trips).toBe(1);
    // warm paths f0 -> c (f0 - p0 - c, 2 hops): both ends and their second hops in one statement
    const paths = await run(`query ($a: ID!, $b: ID!) { warmPaths(fromId: $a, toId: $b, maxHops: 4) { hops people { id } } }`, { a: g.id('f0'), b: g.id('c') });
    expect((paths.data.warmPaths as { people: { id: string }[] }[])[0]!.people.map((p) => p.id)).toEqual([g.id('f0'), g.id('p0'), g.id('c')]);
    expect(paths.trips).toBe(1);
    // testimonials 3 hops from f10: hops 1 and 2; hop 3 (the people within two hops wrote 1 testimonial, fewer than
    // first, so it expands); the testimonials
    const KCT = `query ($id: ID!, $first: Int) { knownContactTestimonials(prospectId: $id, maxHops: 3, first: $first) { id hops author { id } } }`;
    const kct = await run(KCT, { id: g.id('f10'), first: 10 });
    const found = kct.data.knownContactTestimonials as { hops: number; author: { id: string } }[];
    // p10 (1 hop), then through c (2 hops) the other four authors at 3 hops
    expect(found.map((t) => [t.author.id, t.hops])).toEqual([
      [g.id('p10'), 1],
      ...[40, 30, 20, 0].map((i) => [g.id(`p${i}`), 3]),
    ]);
    expect(kct.trips).toBe(3);
    // 105 authors one hop from q: the testimonials within two hops fill the page, so the third hop's statement
    // expands nothing; the answers are the nearest ones, and the round trips the same for a page of 5 and of 100
    const n = 105;
    // each author has a friend b, and b0 a friend c0 who wrote one too (3 hops): there is a third hop to walk
    const star = await buildGraph(
      api,
      [{ key: 'q' }, { key: 'c0' }, ...Array.from({ length: n }, (_, i) => [{ key: `a${i}` }, { key: `b${i}` }]).flat()],
      [
        ...Array.from({ length: n }, (_, i) => ({ from: 'q', to: `a${i}`, kind: 'FRIEND' as const, strength: 0.2 + i / 200 })),
        ...Array.from({ length: n }, (_, i) => ({ from: `a${i}`, to: `b${i}`, kind: 'FAMILY' as const, strength: 0.9 })),
        { from: 'b0', to: 'c0', kind: 'FRIEND' as const, strength: 0.9 },
      ],
      { dealershipId: g.dealershipId },
    );
    await api.cypher(
      `UNWIND $authors AS aid MATCH (p:Person {id: aid}) SET p:TestimonialAuthor
       CREATE (p)-[:WROTE]->(:Testimonial {id: aid + '-t', text: '好', rating: 5, date: date('2024-01-01'), status: 'PUBLISHED',
                                          consentToPublish: true, consentToBeCalled: true, dealershipId: $d})`,
      { authors: [...Array.from({ length: n }, (_, i) => star.id(`a${i}`)), star.id('c0')], d: g.dealershipId },
    );
    const top5 = await run(KCT, { id: star.id('q'), first: 5 });
    expect((top5.data.knownContactTestimonials as { hops: number; author: { id: string } }[]).map((t) => [t.author.id, t.hops])).toEqual(
      [104, 103, 102, 101, 100].map((i) => [star.id(`a${i}`), 1]),
    );
    const top100 = await run(KCT, { id: star.id('q'), first: 100 });
    // the prospect's 100 strongest ties (the start's fanout), strongest first
    expect((top100.data.knownContactTestimonials as { author: { id: string } }[]).map((t) => t.author.id)).toEqual(
      Array.from({ length: 100 }, (_, i) => star.id(`a${n - 1 - i}`)),
    );
    expect([top5.trips, top100.trips]).toEqual([3, 3]);
    // the skip itself, at the query: b0's hop is expanded when the authors around wrote fewer than asked, not otherwise
    const viewer: Viewer = { userId: 'u', username: 'u', role: 'salesperson', dealershipId: g.dealershipId };
    const hop = (atLeast: number) =>
      expandTies(api.db, viewer, {
        frontier: [star.id('b0')],
        k: 0,
        authorK: 20,
        skipIfTestimonials: { among: Array.from({ length: n }, (_, i) => star.id(`a${i}`)), atLeast },
      });
    expect((await hop(n + 1)).rows.map((r) => r.id)).toEqual([star.id('b0')]);
    expect((await hop(n)).rows).toEqual([]);
    // an unknown start is NOT_FOUND, as before, from the same statement
    const ctx = createContext({ driver: api.driver, database: api.config.neo4j.database, config: api.config }, 'rt', viewer);
    const missing = await graphql({ schema, source: `{ network(personId: "nobody-here", depth: 2) { centerId } }`, contextValue: ctx });
    expect(missing.errors?.[0]?.originalError).toMatchObject({ code: 'NOT_FOUND', message: 'Person not found' });
    expect(ctx.db.roundTrips()).toBe(1);
  });

  it('answers the same through HTTP', async () => {
    const token = await tokenFor(api.config, { role: 'salesperson', dealershipId: g.dealershipId });
    const res = await api.gql<{ personInsights: { id: string; circleSize: number }[] }>(INSIGHTS, { ids: [g.id('c'), g.id('nobody')] }, token);
    expect(res.errors).toBeUndefined();
    // unknown ids are left out
    expect(res.data!.personInsights).toMatchObject([{ id: g.id('c'), circleSize: N }]);
    for (const ids of [[], Array.from({ length: 501 }, (_, i) => `x${i}`)]) {
      const bad = await api.gql(INSIGHTS, { ids }, token);
      expect(bad.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'ids' });
    }
  });
});

describe('hubs: bounded answers for a person with thousands of ties', () => {
  let api: TestApi;
  let g: Graph;
  let token: string;
  const LEAVES = 3000;

  beforeAll(async () => {
    api = await startTestApi();
    // centre ─1.0─ hub ─(3000 ties, strengths i/3000)─ leaves; every 100th leaf wrote a testimonial
    g = await buildGraph(api, [{ key: 'centre' }, { key: 'hub' }, { key: 'far' }], [{ from: 'centre', to: 'hub', kind: 'FRIEND', strength: 1 }]);
    await api.cypher(
      `MATCH (h:Person {id: $hub})
       UNWIND range(1, $n) AS i
       CREATE (l:Person {id: $prefix + '-leaf' + i, name: '叶' + i, kind: 'CONTACT', shareConsent: true, contactConsent: true,
                         dealershipId: $d, region: $region, createdAt: datetime()})
       CREATE (h)-[:FRIEND {strength: toFloat(i) / $n, source: 'IMPORT', confirmed: true}]->(l)
       FOREACH (_ IN CASE WHEN i % 100 = 0 THEN [1] ELSE [] END |
         SET l:TestimonialAuthor
         CREATE (l)-[:WROTE]->(:Testimonial {id: $prefix + '-t' + i, text: '好', rating: 5, date: date('2024-01-01'),
                 status: 'PUBLISHED', consentToPublish: true, consentToBeCalled: true, dealershipId: $d}))`,
      { hub: g.id('hub'), n: LEAVES, prefix: g.prefix, d: g.dealershipId, region: g.region },
    );
    // the far person is linked to the weakest leaf only
    await api.cypher(
      `MATCH (a:Person {id: $leaf}), (b:Person {id: $far}) CREATE (a)-[:FRIEND {strength: 0.9, source: 'MANUAL', confirmed: true}]->(b)`,
      { leaf: `${g.prefix}-leaf1`, far: g.id('far') },
    );
    token = await tokenFor(api.config, { role: 'salesperson', dealershipId: g.dealershipId });
  });
  afterAll(async () => {
    await api?.stop();
  });

  it('network through the hub: at most limit people, the hub’s strongest ties, truncated', async () => {
    const res = await api.gql<{ network: { nodes: { id: string; pathStrength: number }[]; truncated: boolean } }>(
      `query ($id: ID!) { network(personId: $id, depth: 2, limit: 200) { truncated nodes { id pathStrength } } }`,
      { id: g.id('centre') },
      token,
    );
    expect(res.errors).toBeUndefined();
    const nodes = res.data!.network.nodes;
    expect(res.data!.network.truncated).toBe(true);
    // centre, hub and the hub's 25 strongest ties (the per-person fanout beyond the centre); the strongest of
    // those is the tie back to the centre (1.0, and "centre" sorts before "leaf3000"), so 24 new leaves
    expect(nodes).toHaveLength(26);
    expect(nodes.slice(2).map((n) => n.id)).toEqual(Array.from({ length: 24 }, (_, i) => `${g.prefix}-leaf${LEAVES - i}`));
    const hubDirect = await api.gql<{ network: { nodes: { id: string }[]; truncated: boolean } }>(
      `query ($id: ID!) { network(personId: $id, depth: 1, limit: 500) { truncated nodes { id } } }`,
      { id: g.id('hub') },
      token,
    );
    expect(hubDirect.data!.network.nodes).toHaveLength(500);
    expect(hubDirect.data!.network.truncated).toBe(true);
  });

  it('circle size counts every tie of the hub; testimonials and paths stay within the caps', async () => {
    const ins = await api.gql<{ personInsights: { circleSize: number }[] }>(
      `query ($ids: [ID!]!) { personInsights(ids: $ids) { circleSize } }`,
      { ids: [g.id('hub')] },
      token,
    );
    expect(ins.data!.personInsights[0]!.circleSize).toBe(LEAVES + 1);
    const t0 = Date.now();
    const known = await api.gql<{ knownContactTestimonials: { hops: number; author: { id: string } }[] }>(
      `query ($id: ID!) { knownContactTestimonials(prospectId: $id, maxHops: 2, first: 100) { hops author { id } } }`,
      { id: g.id('centre') },
      token,
    );
    expect(known.errors).toBeUndefined();
    // authors two hops away through the hub: on the last hop only ties to authors count, the 20 strongest
    const authors = known.data!.knownContactTestimonials.map((t) => t.author.id);
    expect(authors).toEqual(Array.from({ length: 20 }, (_, i) => `${g.prefix}-leaf${LEAVES - 100 * i}`));
    expect(known.data!.knownContactTestimonials.every((t) => t.hops === 2)).toBe(true);
    // the far person hangs off the hub's weakest tie, beyond the hub's cap: found from the far end
    const warm = await api.gql<{ warmPaths: { strength: number; people: { id: string }[] }[] }>(
      `query ($a: ID!, $b: ID!) { warmPaths(fromId: $a, toId: $b, maxHops: 4) { strength people { id } } }`,
      { a: g.id('centre'), b: g.id('far') },
      token,
    );
    expect(warm.errors).toBeUndefined();
    expect(warm.data!.warmPaths.map((p) => p.people.map((x) => x.id))).toEqual([
      [g.id('centre'), g.id('hub'), `${g.prefix}-leaf1`, g.id('far')],
    ]);
    expect(warm.data!.warmPaths[0]!.strength).toBeCloseTo((1 / LEAVES) * 0.9, 12);
    expect(Date.now() - t0).toBeLessThan(10_000);
  });
});
