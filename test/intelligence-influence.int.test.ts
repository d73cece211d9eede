import { UndirectedGraph } from 'graphology';
import { pagerank as graphologyPagerank } from 'graphology-metrics/centrality/index.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApi, tokenFor, uid, type TestApi } from './support/test-api.js';
import { addReferral, addSale, addVisit, buildGraph, rng, type Graph as Built, type TieSpec } from './intelligence-fixture.js';

const RECOMPUTE = `mutation { recomputeInfluence { people ties iterations converged written durationMs computedAt } }`;
const INFLUENCERS = `query ($first: Int, $region: String, $dealershipId: ID, $contactableOnly: Boolean) {
  influencers(first: $first, region: $region, dealershipId: $dealershipId, contactableOnly: $contactableOnly) {
    rank score centrality advisedBought referralSales accompaniedSales region dealershipId contactConsent computedAt
    person { id name displayName masked }
  }
}`;

interface InfluencerRes {
  influencers: {
    rank: number;
    score: number;
    centrality: number;
    advisedBought: number;
    referralSales: number;
    accompaniedSales: number;
    region: string;
    dealershipId: string;
    contactConsent: boolean;
    computedAt: string;
    person: { id: string; name: string | null; displayName: string; masked: boolean };
  }[];
}

/** A random connected-ish graph of n people: a spanning chain plus random extra ties. */
function randomTies(seed: number, n: number, extra: number, equal: boolean): TieSpec[] {
  const r = rng(seed);
  const kinds = ['FAMILY', 'FRIEND', 'COLLEAGUE', 'BUSINESS_PARTNER', 'ADVISES', 'DRIVES_FOR'] as const;
  const seen = new Set<string>();
  const ties: TieSpec[] = [];
  const add = (u: number, v: number) => {
    const key = u < v ? `${u}-${v}` : `${v}-${u}`;
    if (u === v || seen.has(key)) return;
    seen.add(key);
    const strength = equal ? 0.5 : Math.round((0.05 + r() * 0.95) * 100) / 100;
    ties.push({ from: `p${u}`, to: `p${v}`, kind: kinds[Math.floor(r() * kinds.length)]!, strength });
  };
  for (let i = 1; i < n; i++) add(Math.floor(r() * i), i);
  while (ties.length < n - 1 + extra) add(Math.floor(r() * n), Math.floor(r() * n));
  return ties;
}

function graphologyScores(n: number, ties: TieSpec[]): Map<string, number> {
  const g = new UndirectedGraph();
  for (let i = 0; i < n; i++) g.addNode(`p${i}`);
  for (const t of ties) g.addEdge(t.from, t.to, { weight: t.strength });
  const pr = graphologyPagerank(g, { getEdgeWeight: 'weight', alpha: 0.85, tolerance: 1e-14, maxIterations: 10_000 });
  return new Map(Object.entries(pr));
}

describe('influence: recompute, ranking and its parts', () => {
  let api: TestApi;
  let admin: string;

  beforeAll(async () => {
    api = await startTestApi();
    admin = await tokenFor(api.config, { role: 'admin' });
  });
  afterAll(async () => {
    await api?.stop();
  });

  /**
   * Recomputes; every person of the graph then has a score. Centrality does not depend on unconnected parts of
   * the graph, so a run of another test process at the same moment computes the same values for this graph.
   */
  async function recomputeFor(g: Built): Promise<void> {
    const res = await api.gql<{ recomputeInfluence: { converged: boolean } }>(RECOMPUTE, {}, admin);
    expect(res.errors).toBeUndefined();
    expect(res.data!.recomputeInfluence.converged).toBe(true);
    const [row] = await api.cypher<{ missing: number }>(
      `MATCH (p:Person) WHERE p.id STARTS WITH $prefix AND p.erasedAt IS NULL
       RETURN count(CASE WHEN p.influence IS NULL THEN 1 END) AS missing`,
      { prefix: g.prefix + '-' },
    );
    expect(row!.missing).toBe(0);
  }

  for (const [seed, equal] of [
    [11, true],
    [12, true],
    [13, false],
  ] as const) {
    it(`ranks by PageRank order (graphology) on generated graph #${seed} with ${equal ? 'equal' : 'random'} strengths`, async () => {
      const n = 40;
      const ties = randomTies(seed, n, 50, equal);
      const g = await buildGraph(
        api,
        Array.from({ length: n }, (_, i) => ({ key: `p${i}` })),
        ties,
      );
      await recomputeFor(g);
      const res = await api.gql<InfluencerRes>(INFLUENCERS, { first: 100, region: g.region }, admin);
      expect(res.errors).toBeUndefined();
      const list = res.data!.influencers;
      expect(list).toHaveLength(n);
      // each row's stamp is the stored one (read back as a DateTime here, as epoch milliseconds by the API)
      const stamps = new Map(
        (
          await api.cypher<{ id: string; at: string }>(`MATCH (p:Person) WHERE p.id IN $ids RETURN p.id AS id, p.influenceComputedAt AS at`, {
            ids: list.map((x) => x.person.id),
          })
        ).map((r) => [r.id, r.at]),
      );
      expect(list.map((x) => x.computedAt)).toEqual(list.map((x) => stamps.get(x.person.id)));
      expect(list.every((x) => /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/.test(x.computedAt))).toBe(true);
      const ref = graphologyScores(n, ties);
      const refOf = (id: string) => ref.get(id.slice(g.prefix.length + 1))!;
      // the same order as graphology's PageRank (people it cannot tell apart: by id)
      for (let i = 1; i < n; i++) {
        const a = list[i - 1]!;
        const b = list[i]!;
        const ra = refOf(a.person.id);
        const rb = refOf(b.person.id);
        if (Math.abs(ra - rb) > 1e-9 * ra) expect(ra).toBeGreaterThan(rb);
        else expect(a.person.id < b.person.id).toBe(true);
      }
      expect(list.map((x) => x.rank)).toEqual(Array.from({ length: n }, (_, i) => i + 1));
      // no sales, referrals or visits: the score is the centrality, which for a connected group of n people is
      // their own PageRank × n, whatever else the database holds
      for (const x of list) {
        expect(x.score).toBe(x.centrality);
        expect([x.advisedBought, x.referralSales, x.accompaniedSales]).toEqual([0, 0, 0]);
        expect(x.centrality).toBeCloseTo(refOf(x.person.id) * n, 4);
      }
      // stored on the node, as the ranking read it
      const stored = await api.cypher<{ id: string; influence: number }>(
        `MATCH (p:Person) WHERE p.id STARTS WITH $prefix RETURN p.id AS id, p.influence AS influence`,
        { prefix: g.prefix + '-' },
      );
      const byId = new Map(stored.map((s) => [s.id, s.influence]));
      for (const x of list) expect(byId.get(x.person.id)).toBe(x.score);
    });
  }

  it('leaves unchanged scores alone on a re-run', async () => {
    const g = await buildGraph(
      api,
      Array.from({ length: 12 }, (_, i) => ({ key: `q${i}` })),
      randomTies(21, 12, 8, false).map((t) => ({ ...t, from: t.from.replace('p', 'q'), to: t.to.replace('p', 'q') })),
    );
    await recomputeFor(g);
    const stamps = async () =>
      new Map(
        (
          await api.cypher<{ id: string; at: string; s: number }>(
            `MATCH (p:Person) WHERE p.id STARTS WITH $prefix RETURN p.id AS id, toString(p.influenceComputedAt) AS at, p.influence AS s`,
            { prefix: g.prefix + '-' },
          )
        ).map((r) => [r.id, r]),
      );
    const before = await stamps();
    const res = await api.gql<{ recomputeInfluence: { unchanged: number; written: number } }>(
      `mutation { recomputeInfluence { unchanged written } }`,
      {},
      admin,
    );
    expect(res.errors).toBeUndefined();
    expect(res.data!.recomputeInfluence.unchanged).toBeGreaterThanOrEqual(12);
    const after = await stamps();
    // the same scores, and (but for a rare rounding flip) the same stamps: nothing of this graph was rewritten
    let kept = 0;
    for (const [id, b] of before) {
      expect(after.get(id)!.s).toBeCloseTo(b.s, 8);
      if (after.get(id)!.at === b.at) kept++;
    }
    expect(kept).toBeGreaterThanOrEqual(11);
    // a new tie changes the group's scores: they are written again
    await api.cypher(
      `MATCH (a:Person {id: $a}), (b:Person {id: $b}) CREATE (a)-[:FRIEND {strength: 1.0, source: 'MANUAL', confirmed: true}]->(b)`,
      { a: g.id('q0'), b: g.id('q11') },
    );
    await recomputeFor(g);
    const changed = await stamps();
    expect(changed.get(g.id('q0'))!.at).not.toBe(before.get(g.id('q0'))!.at);
    expect(changed.get(g.id('q0'))!.s).not.toBe(before.get(g.id('q0'))!.s);
  });

  it('adds the sales-outcome parts to the score, as documented', async () => {
    // adviser V advises 3 people, 2 of whom bought; R referred two people, one referral became a sale;
    // Q came along to two visits: one visitor bought 22 days later (counts), one 143 days later (does not)
    const g = await buildGraph(
      api,
      ['V', 'a1', 'a2', 'a3', 'R', 'r1', 'r2', 'Q', 'v1', 'v2', 'hub'].map((key) => ({ key })),
      [
        { from: 'V', to: 'a1', kind: 'ADVISES', strength: 0.5 },
        { from: 'V', to: 'a2', kind: 'ADVISES', strength: 0.5 },
        { from: 'V', to: 'a3', kind: 'ADVISES', strength: 0.5 },
        { from: 'hub', to: 'V', kind: 'FRIEND', strength: 0.5 },
        { from: 'hub', to: 'R', kind: 'FRIEND', strength: 0.5 },
        { from: 'hub', to: 'Q', kind: 'FRIEND', strength: 0.5 },
        { from: 'R', to: 'r1', kind: 'FRIEND', strength: 0.5 },
        { from: 'Q', to: 'v1', kind: 'FRIEND', strength: 0.5 },
        { from: 'Q', to: 'v2', kind: 'FRIEND', strength: 0.5 },
      ],
    );
    await addSale(api, g, 'a1', 'a1', '2024-01-10');
    await addSale(api, g, 'a2', 'a2', '2024-02-10');
    const s1 = await addSale(api, g, 'r1', 'r1', '2024-03-01');
    await addReferral(api, g, 'R', 'r1', '2024-02-01', s1);
    await addReferral(api, g, 'R', 'r2', '2024-02-02', null);
    await addVisit(api, g, 'x1', 'v1', '2024-01-10', [['Q', 'FRIEND']]);
    await addSale(api, g, 'v1', 'v1', '2024-02-01');
    await addVisit(api, g, 'x2', 'v2', '2024-01-10', [['Q', 'FRIEND']]);
    await addSale(api, g, 'v2', 'v2', '2024-06-01');
    await recomputeFor(g);
    const res = await api.gql<InfluencerRes>(INFLUENCERS, { first: 100, region: g.region }, admin);
    expect(res.errors).toBeUndefined();
    const by = new Map(res.data!.influencers.map((x) => [x.person.id, x]));
    expect(by.get(g.id('V'))).toMatchObject({ advisedBought: 2, referralSales: 0, accompaniedSales: 0 });
    expect(by.get(g.id('R'))).toMatchObject({ advisedBought: 0, referralSales: 1, accompaniedSales: 0 });
    expect(by.get(g.id('Q'))).toMatchObject({ advisedBought: 0, referralSales: 0, accompaniedSales: 1 });
    for (const x of res.data!.influencers) {
      expect(x.score).toBeCloseTo(x.centrality + 1.0 * x.advisedBought + 1.5 * x.referralSales + 0.5 * x.accompaniedSales, 8);
    }
    // the ranking is by score, equal scores by id
    const list = res.data!.influencers;
    for (let i = 1; i < list.length; i++) {
      const [a, b] = [list[i - 1]!, list[i]!];
      expect(a.score > b.score || (a.score === b.score && a.person.id < b.person.id)).toBe(true);
    }
    // r2 has no tie at all: the lowest centrality, yet still ranked (referrals are not ties)
    expect(list[list.length - 1]!.person.id).toBe(g.id('r2'));
  });

  it('filters by region and dealership, scopes store staff to their own, masks names without consent', async () => {
    const d2 = uid('D2');
    const g = await buildGraph(
      api,
      [
        { key: 'a', name: '甲' },
        { key: 'b', name: '乙', contactConsent: false },
        { key: 'c', name: '丙', shareConsent: false, dealershipId: d2 },
        { key: 'd', name: '丁', dealershipId: d2 },
        { key: 'e', name: '戊', erased: true },
      ],
      [
        { from: 'a', to: 'b', kind: 'FRIEND', strength: 0.9 },
        { from: 'a', to: 'c', kind: 'FRIEND', strength: 0.9 },
        { from: 'a', to: 'd', kind: 'FRIEND', strength: 0.9 },
        { from: 'a', to: 'e', kind: 'FRIEND', strength: 0.9 },
      ],
    );
    await recomputeFor(g);
    const analyst = await tokenFor(api.config, { role: 'analyst' });
    const all = await api.gql<InfluencerRes>(INFLUENCERS, { first: 10, region: g.region }, analyst);
    expect(all.errors).toBeUndefined();
    // a is the centre; b, c, d are symmetric leaves, so they tie and go by id; the erased e never ranks
    expect(all.data!.influencers.map((x) => x.person.id)).toEqual(['a', 'b', 'c', 'd'].map(g.id));
    expect(all.data!.influencers[2]!.person).toMatchObject({ name: null, displayName: '共同联系人', masked: true });
    // who may be contacted, as stored; marketing's invitation list keeps only them, ranked among themselves
    const consent = await api.cypher<{ c: boolean }>(`UNWIND $ids AS id MATCH (p:Person {id: id}) RETURN p.contactConsent AS c`, {
      ids: all.data!.influencers.map((x) => x.person.id),
    });
    expect(all.data!.influencers.map((x) => x.contactConsent)).toEqual(consent.map((r) => r.c));
    expect(consent.map((r) => r.c)).toEqual([true, false, true, true]);
    const contactable = await api.gql<InfluencerRes>(INFLUENCERS, { first: 10, region: g.region, contactableOnly: true }, analyst);
    expect(contactable.errors).toBeUndefined();
    expect(contactable.data!.influencers.map((x) => [x.person.id, x.rank])).toEqual([
      [g.id('a'), 1],
      [g.id('c'), 2],
      [g.id('d'), 3],
    ]);
    const onlyD2 = await api.gql<InfluencerRes>(INFLUENCERS, { first: 10, region: g.region, dealershipId: d2 }, analyst);
    expect(onlyD2.data!.influencers.map((x) => [x.person.id, x.rank])).toEqual([
      [g.id('c'), 1],
      [g.id('d'), 2],
    ]);
    const sales = await tokenFor(api.config, { role: 'salesperson', dealershipId: g.dealershipId });
    const own = await api.gql<InfluencerRes>(INFLUENCERS, { first: 10 }, sales);
    expect(own.data!.influencers.map((x) => x.person.id)).toEqual(['a', 'b'].map(g.id));
    const forbidden = await api.gql(INFLUENCERS, { first: 10, dealershipId: d2 }, sales);
    expect(forbidden.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const first1 = await api.gql<InfluencerRes>(INFLUENCERS, { first: 1, region: g.region }, analyst);
    expect(first1.data!.influencers.map((x) => x.person.id)).toEqual([g.id('a')]);
    for (const first of [0, 101]) {
      const bad = await api.gql(INFLUENCERS, { first }, analyst);
      expect(bad.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'first' });
    }
    const notAdmin = await api.gql(RECOMPUTE, {}, analyst);
    expect(notAdmin.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const [erased] = await api.cypher<{ influence: number | null }>(`MATCH (p:Person {id: $id}) RETURN p.influence AS influence`, {
      id: g.id('e'),
    });
    expect(erased!.influence).toBeNull();
  });

  it("places each person in their store's ranking as influencers lists it, and nowhere past its top 100", async () => {
    // scores set by hand (no recompute): 104 people in one store, pairs sharing a score (then by id), one erased
    // above them all; three people of another store above everyone
    const people: { key: string; score: number; erased?: boolean; other?: boolean }[] = [
      ...Array.from({ length: 104 }, (_, i) => ({ key: `p${i}`, score: 1 + (i % 52) / 10 })),
      { key: 'gone', score: 99, erased: true },
      ...[50, 40, 30].map((score, i) => ({ key: `o${i}`, score, other: true })),
    ];
    const d2 = uid('D2');
    const g = await buildGraph(
      api,
      people.map((p) => ({ key: p.key, ...(p.erased ? { erased: true } : {}), ...(p.other ? { dealershipId: d2 } : {}) })),
      [],
    );
    await api.cypher(`UNWIND $rows AS r MATCH (p:Person {id: r.id}) SET p.influence = r.score`, {
      rows: people.map((p) => ({ id: g.id(p.key), score: p.score })),
    });
    // the reference: score descending, then id ascending, within the store, erased people left out
    const order = (ps: typeof people) =>
      ps
        .filter((p) => !p.erased)
        .map((p) => ({ id: g.id(p.key), score: p.score }))
        .sort((a, b) => b.score - a.score || (a.id < b.id ? -1 : 1))
        .map((p) => p.id);
    const mine = order(people.filter((p) => !p.other));
    const theirs = order(people.filter((p) => p.other));
    expect(mine).toHaveLength(104);
    const expected = new Map([...mine.map((id, i) => [id, i < 100 ? i + 1 : null] as const), ...theirs.map((id, i) => [id, i + 1] as const)]);
    const Q = `query ($ids: [ID!]!) { personInsights(ids: $ids) { id storeRank } }`;
    const ids = people.map((p) => g.id(p.key));
    const analyst = await tokenFor(api.config, { role: 'analyst' });
    const res = await api.gql<{ personInsights: { id: string; storeRank: number | null }[] }>(Q, { ids }, analyst);
    expect(res.errors).toBeUndefined();
    expect(new Map(res.data!.personInsights.map((r) => [r.id, r.storeRank]))).toEqual(expected);
    // the same places as the store's influencers list
    const top = await api.gql<InfluencerRes>(INFLUENCERS, { first: 100, dealershipId: g.dealershipId }, analyst);
    expect(top.data!.influencers.map((x) => [x.person.id, x.rank])).toEqual(mine.slice(0, 100).map((id, i) => [id, i + 1]));
    // store staff see their own store's people, ranked the same
    const sales = await tokenFor(api.config, { role: 'salesperson', dealershipId: g.dealershipId });
    const own = await api.gql<{ personInsights: { id: string; storeRank: number | null }[] }>(Q, { ids }, sales);
    expect(own.data!.personInsights.map((r) => [r.id, r.storeRank])).toEqual(
      ids.filter((id) => mine.includes(id)).map((id) => [id, expected.get(id)]),
    );
  });

  it('reads the ranking through the person_influence index', async () => {
    const rows = await api.cypher<{ plan: string }>(
      `EXPLAIN MATCH (p:Person) USING INDEX p:Person(influence) WHERE p.influence IS NOT NULL RETURN p.id ORDER BY p.influence DESC LIMIT 20`,
    );
    expect(rows).toEqual([]);
    const [idx] = await api.cypher<{ name: string; state: string }>(
      `SHOW INDEXES YIELD name, state, labelsOrTypes, properties WHERE name = 'person_influence' RETURN name, state`,
    );
    expect(idx).toEqual({ name: 'person_influence', state: 'ONLINE' });
  });
});

describe('referrals: chains, originators and credit', () => {
  let api: TestApi;
  let g: Built;
  let sales: string;
  let admin: string;
  const S: Record<string, string> = {};

  /*
   *   O ──2023-01──▶ R1 ──2023-03──▶ R2 ──2023-06──▶ R3 ──2023-09──▶ P      each with the sale it produced
   *   O ──2023-02──▶ R1b (no sale)          ▲
   *   Z ─────────────2023-05 (later, no sale)┘
   *   W ──2023-04──▶ V1 (sale)
   *   L1 ◀──▶ L2 (a referral loop)
   * R1 belongs to another dealership and gave no share consent.
   */
  beforeAll(async () => {
    api = await startTestApi();
    const d2 = uid('D2');
    g = await buildGraph(
      api,
      [
        { key: 'O', name: '欧阳' },
        { key: 'R1', name: '任一', shareConsent: false, dealershipId: d2 },
        { key: 'R1b', name: '任乙' },
        { key: 'R2', name: '任二' },
        { key: 'R3', name: '任三' },
        { key: 'P', name: '潘' },
        { key: 'Z', name: '张' },
        { key: 'W', name: '王' },
        { key: 'V1', name: '韦' },
        { key: 'L1', name: '林一' },
        { key: 'L2', name: '林二' },
        { key: 'N', name: '倪' },
      ],
      [],
    );
    S.R1 = await addSale(api, g, 'R1', 'R1', '2023-01-20', { dealershipId: d2 });
    S.R2 = await addSale(api, g, 'R2', 'R2', '2023-03-20', { model: ['吉利', '星越L'] });
    S.R3 = await addSale(api, g, 'R3', 'R3', '2023-06-20');
    S.P = await addSale(api, g, 'P', 'P', '2023-09-20');
    S.V1 = await addSale(api, g, 'V1', 'V1', '2023-04-20');
    S.N = await addSale(api, g, 'N', 'N', '2023-04-20');
    await addReferral(api, g, 'O', 'R1', '2023-01-01', S.R1);
    await addReferral(api, g, 'O', 'R1b', '2023-02-01', null);
    await addReferral(api, g, 'R1', 'R2', '2023-03-01', S.R2);
    await addReferral(api, g, 'Z', 'R2', '2023-05-01', null);
    await addReferral(api, g, 'R2', 'R3', '2023-06-01', S.R3);
    await addReferral(api, g, 'R3', 'P', '2023-09-01', S.P);
    await addReferral(api, g, 'W', 'V1', '2023-04-01', S.V1);
    await addReferral(api, g, 'L1', 'L2', '2023-01-01', null);
    await addReferral(api, g, 'L2', 'L1', '2023-02-01', null);
    sales = await tokenFor(api.config, { role: 'salesperson', dealershipId: g.dealershipId });
    admin = await tokenFor(api.config, { role: 'admin' });
  });
  afterAll(async () => {
    await api?.stop();
  });

  const CHAIN = `query ($id: ID!) { referralChain(personId: $id) {
    depth truncated person { id } originator { id displayName masked }
    hops { from { id displayName masked } to { id } date channel saleId sale { id date vehicle } }
  } }`;
  interface ChainRes {
    referralChain: {
      depth: number;
      truncated: boolean;
      person: { id: string };
      originator: { id: string; displayName: string; masked: boolean };
      hops: {
        from: { id: string; displayName: string; masked: boolean };
        to: { id: string };
        date: string;
        channel: string;
        saleId: string | null;
        sale: { id: string; date: string; vehicle: string | null } | null;
      }[];
    };
  }

  it('walks back to the originator, earliest referral first, each hop with its date and sale', async () => {
    const res = await api.gql<ChainRes>(CHAIN, { id: g.id('P') }, sales);
    expect(res.errors).toBeUndefined();
    const c = res.data!.referralChain;
    expect(c.depth).toBe(4);
    expect(c.truncated).toBe(false);
    expect(c.originator).toMatchObject({ id: g.id('O'), displayName: '欧阳' });
    expect(c.hops.map((h) => [h.from.id, h.to.id, h.date, h.saleId])).toEqual([
      [g.id('O'), g.id('R1'), '2023-01-01', S.R1],
      [g.id('R1'), g.id('R2'), '2023-03-01', S.R2],
      [g.id('R2'), g.id('R3'), '2023-06-01', S.R3],
      [g.id('R3'), g.id('P'), '2023-09-01', S.P],
    ]);
    // R1: another dealership, no consent; its sale belongs to that dealership, so the salesperson sees no details
    expect(c.hops[1]!.from).toMatchObject({ displayName: '共同联系人', masked: true });
    expect(c.hops[0]!.sale).toBeNull();
    expect(c.hops[1]!.sale).toEqual({ id: S.R2, date: '2023-03-20', vehicle: '吉利 星越L' });
    const asAdmin = await api.gql<ChainRes>(CHAIN, { id: g.id('P') }, admin);
    expect(asAdmin.data!.referralChain.hops[1]!.from).toMatchObject({ displayName: '任一', masked: false });
    expect(asAdmin.data!.referralChain.hops[0]!.sale).toMatchObject({ id: S.R1 });
  });

  it('answers an originator with an empty chain, and stops at a referral loop', async () => {
    const o = await api.gql<ChainRes>(CHAIN, { id: g.id('O') }, sales);
    expect(o.data!.referralChain).toMatchObject({ depth: 0, hops: [], originator: { id: g.id('O') }, person: { id: g.id('O') } });
    const loop = await api.gql<ChainRes>(CHAIN, { id: g.id('L1') }, sales);
    expect(loop.data!.referralChain.hops.map((h) => [h.from.id, h.to.id])).toEqual([[g.id('L2'), g.id('L1')]]);
    expect(loop.data!.referralChain.originator.id).toBe(g.id('L2'));
    const foreign = await api.gql(CHAIN, { id: g.id('R1') }, sales);
    expect(foreign.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
  });

  it('ranks originators by the sales their chains produced, with depth and breadth', async () => {
    const res = await api.gql<{
      topReferrers: { rank: number; sales: number; people: number; depth: number; breadth: number; directReferrals: number; person: { id: string } }[];
    }>(`{ topReferrers(first: 10) { rank sales people depth breadth directReferrals person { id } } }`, {}, sales);
    expect(res.errors).toBeUndefined();
    // O: R1, R1b, R2, R3, P; sales R1, R2, R3, P; 4 levels; 2 at the first level
    // Z: R2, R3, P; sales R3 and P (Z's own referral made none); W: V1 with one sale. L1/L2 refer each other:
    // nobody originates that loop, so it is no one's chain.
    expect(res.data!.topReferrers.map((r) => [r.person.id, r.rank, r.sales, r.people, r.depth, r.breadth, r.directReferrals])).toEqual([
      [g.id('O'), 1, 4, 5, 4, 2, 2],
      [g.id('Z'), 2, 2, 3, 3, 1, 1],
      [g.id('W'), 3, 1, 1, 1, 1, 1],
    ]);
    const one = await api.gql<{ topReferrers: { person: { id: string } }[] }>(`{ topReferrers(first: 1) { person { id } } }`, {}, sales);
    expect(one.data!.topReferrers.map((r) => r.person.id)).toEqual([g.id('O')]);
    const bad = await api.gql(`{ topReferrers(first: 0) { rank } }`, {}, sales);
    expect(bad.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'first' });
  });

  it('splits credit along the chain: 8/15, 4/15, 2/15, 1/15 for four referrers', async () => {
    const CREDIT = `query ($id: ID!) { referralCredit(saleId: $id) { position share shareNumerator shareDenominator referralDate person { id masked } } }`;
    type CreditRes = {
      referralCredit: { position: number; share: number; shareNumerator: number; shareDenominator: number; referralDate: string; person: { id: string; masked: boolean } }[];
    };
    const p = await api.gql<CreditRes>(CREDIT, { id: S.P }, sales);
    expect(p.errors).toBeUndefined();
    expect(p.data!.referralCredit.map((c) => [c.person.id, c.position, c.shareNumerator, c.shareDenominator])).toEqual([
      [g.id('R3'), 1, 8, 15],
      [g.id('R2'), 2, 4, 15],
      [g.id('R1'), 3, 2, 15],
      [g.id('O'), 4, 1, 15],
    ]);
    expect(p.data!.referralCredit.map((c) => c.share)).toEqual([8 / 15, 4 / 15, 2 / 15, 1 / 15]);
    expect(p.data!.referralCredit[2]!.person.masked).toBe(true);
    expect(p.data!.referralCredit[0]!.referralDate).toBe('2023-09-01');
    // R2's sale came through R1's referral (not Z's later one, which named no sale): R1 2/3, O 1/3
    const r2 = await api.gql<CreditRes>(CREDIT, { id: S.R2 }, sales);
    expect(r2.data!.referralCredit.map((c) => [c.person.id, c.shareNumerator, c.shareDenominator])).toEqual([
      [g.id('R1'), 2, 3],
      [g.id('O'), 1, 3],
    ]);
    const v1 = await api.gql<CreditRes>(CREDIT, { id: S.V1 }, sales);
    expect(v1.data!.referralCredit.map((c) => [c.person.id, c.share])).toEqual([[g.id('W'), 1]]);
    const none = await api.gql<CreditRes>(CREDIT, { id: S.N }, sales);
    expect(none.data!.referralCredit).toEqual([]);
    const foreignSale = await api.gql(CREDIT, { id: S.R1 }, sales);
    expect(foreignSale.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    const unknown = await api.gql(CREDIT, { id: uid('sale') }, admin);
    expect(unknown.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
  });
});
