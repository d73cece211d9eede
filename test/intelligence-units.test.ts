import { UndirectedGraph } from 'graphology';
import { pagerank as graphologyPagerank } from 'graphology-metrics/centrality/index.js';
import { describe, expect, it } from 'vitest';
import { creditShares } from '../server/services/intelligence/credit.js';
import { EdgeBuffer, pagerank, pagerankYielding, undirectedCsr, undirectedCsrYielding } from '../server/services/intelligence/pagerank.js';
import { halfPaths, joinPaths } from '../server/services/intelligence/paths.js';
import type { TieTuple } from '../server/queries/intelligence-people.queries.js';
import { rng } from './intelligence-fixture.js';

function randomGraph(seed: number, n: number, m: number, equal: boolean) {
  const r = rng(seed);
  const edges = new Map<string, [number, number, number]>();
  while (edges.size < m) {
    const u = Math.floor(r() * n);
    const v = Math.floor(r() * n);
    if (u === v) continue;
    const key = u < v ? `${u}-${v}` : `${v}-${u}`;
    if (!edges.has(key)) edges.set(key, [u, v, equal ? 0.5 : Math.round((0.05 + r() * 0.95) * 100) / 100]);
  }
  return [...edges.values()];
}

function reference(n: number, edges: [number, number, number][]): number[] {
  const g = new UndirectedGraph();
  for (let i = 0; i < n; i++) g.addNode(String(i));
  for (const [u, v, w] of edges) g.addEdge(String(u), String(v), { weight: w });
  const pr = graphologyPagerank(g, { getEdgeWeight: 'weight', alpha: 0.85, tolerance: 1e-14, maxIterations: 10_000 });
  return Array.from({ length: n }, (_, i) => pr[String(i)]!);
}

describe('PageRank in typed arrays', () => {
  for (const [seed, equal] of [
    [1, false],
    [2, false],
    [3, true],
    [4, true],
  ] as const) {
    it(`matches graphology on random graph #${seed} (${equal ? 'equal' : 'random'} strengths), isolated nodes included`, () => {
      const n = 60;
      const edges = randomGraph(seed, n, 110, equal);
      const buf = new EdgeBuffer();
      for (const [u, v, w] of edges) buf.push(u, v, w);
      const res = pagerank(undirectedCsr(n, buf), { damping: 0.85, tolerance: 1e-13, maxIterations: 1000 });
      const ref = reference(n, edges);
      expect(res.converged).toBe(true);
      const sum = res.scores.reduce((a, b) => a + b, 0);
      expect(sum).toBeCloseTo(1, 10);
      for (let i = 0; i < n; i++) expect(res.scores[i]!).toBeCloseTo(ref[i]!, 10);
    });
  }

  it('builds the graph and computes the same scores in slices while the event loop keeps running', async () => {
    // more nodes than one slice (65,536), so the computation must pause between slices
    const n = 150_000;
    const r = rng(7);
    const buf = new EdgeBuffer();
    for (let i = 0; i < 400_000; i++) buf.push(Math.floor(r() * n), Math.floor(r() * n), 0.1 + Math.floor(r() * 9) / 10);
    const g = undirectedCsr(n, buf);
    const opts = { damping: 0.85, tolerance: 1e-9, maxIterations: 100 };
    const whole = pagerank(g, opts);
    let ticks = 0;
    let timer = setInterval(() => ticks++, 0);
    // the CSR too (400,000 edges: more than one slice of 262,144)
    const built = await undirectedCsrYielding(n, buf).finally(() => clearInterval(timer));
    expect(ticks).toBeGreaterThan(0);
    for (const k of ['offsets', 'targets', 'weights', 'strength'] as const) expect(Array.from(built[k])).toEqual(Array.from(g[k]));
    ticks = 0;
    timer = setInterval(() => ticks++, 0);
    const sliced = await pagerankYielding(g, opts).finally(() => clearInterval(timer));
    expect(ticks).toBeGreaterThan(0);
    expect(sliced.iterations).toBe(whole.iterations);
    expect(sliced.converged).toBe(whole.converged);
    expect(Array.from(sliced.scores)).toEqual(Array.from(whole.scores));
  });

  it('gives a star centre the top score and symmetric leaves equal scores', () => {
    const buf = new EdgeBuffer();
    for (let i = 1; i <= 5; i++) buf.push(0, i, 1);
    const { scores } = pagerank(undirectedCsr(6, buf));
    // closed form for an undirected star with k leaves: leaf = (1-d)/n + d·centre/k, centre = (1-d)/n + d·k·leaf
    const d = 0.85;
    const n = 6;
    const leaf = ((1 - d) / n) * (1 + d / 5) / (1 - d * d);
    for (let i = 1; i <= 5; i++) expect(scores[i]!).toBeCloseTo(leaf, 10);
    expect(scores[0]!).toBeCloseTo((1 - d) / n + d * 5 * leaf, 10);
  });

  it('grows its edge buffer past the initial capacity', () => {
    const buf = new EdgeBuffer();
    for (let i = 0; i < 5000; i++) buf.push(i, i + 1, 0.5);
    expect(buf.length).toBe(5000);
    expect(buf.dst[4999]).toBe(5000);
    const g = undirectedCsr(5001, buf);
    expect(g.offsets[5001]).toBe(10_000);
  });
});

describe('referral credit shares', () => {
  it('gives the direct referrer the most, each earlier hop half, summing to 1', () => {
    expect(creditShares(0)).toEqual([]);
    expect(creditShares(1).map((s) => [s.numerator, s.denominator])).toEqual([[1, 1]]);
    expect(creditShares(2).map((s) => [s.numerator, s.denominator])).toEqual([
      [2, 3],
      [1, 3],
    ]);
    expect(creditShares(3).map((s) => [s.numerator, s.denominator])).toEqual([
      [4, 7],
      [2, 7],
      [1, 7],
    ]);
    for (let n = 1; n <= 10; n++) {
      const shares = creditShares(n);
      expect(shares.reduce((a, s) => a + s.numerator, 0)).toBe(shares[0]!.denominator);
      for (let i = 1; i < n; i++) expect(shares[i - 1]!.numerator).toBe(2 * shares[i]!.numerator);
    }
  });
});

describe('warm paths: meet in the middle', () => {
  const tie = (to: string, strength: number, kind: TieTuple[1] = 'FRIEND'): TieTuple => [to, kind, strength, true, to, 'BUYER', null];

  // a grid of people where every simple path of up to 4 hops can be listed by hand
  function adjOf(edges: [string, string, number][]) {
    const adj = new Map<string, TieTuple[]>();
    const add = (a: string, b: string, w: number) => adj.set(a, [...(adj.get(a) ?? []), tie(b, w)]);
    for (const [a, b, w] of edges) {
      add(a, b, w);
      add(b, a, w);
    }
    return adj;
  }

  /** Brute force: every simple path a → b of at most maxHops hops. */
  function brute(adj: Map<string, TieTuple[]>, a: string, b: string, maxHops: number) {
    const out: { nodes: string[]; strength: number }[] = [];
    const walk = (nodes: string[], s: number) => {
      const last = nodes[nodes.length - 1]!;
      if (last === b) {
        out.push({ nodes, strength: s });
        return;
      }
      if (nodes.length - 1 === maxHops) return;
      for (const t of adj.get(last) ?? []) if (!nodes.includes(t[0])) walk([...nodes, t[0]], s * t[2]);
    };
    walk([a], 1);
    return out;
  }

  it('finds exactly the simple paths brute force finds, each once, for every maxHops', () => {
    const r = rng(7);
    const names = 'abcdefghij'.split('');
    const edges: [string, string, number][] = [];
    for (let i = 0; i < names.length; i++)
      for (let j = i + 1; j < names.length; j++) if (r() < 0.35) edges.push([names[i]!, names[j]!, Math.round(r() * 100) / 100 + 0.01]);
    const adj = adjOf(edges);
    for (let maxHops = 1; maxHops <= 4; maxHops++) {
      const got = joinPaths(halfPaths('a', Math.ceil(maxHops / 2), adj), halfPaths('j', Math.floor(maxHops / 2), adj), maxHops);
      const want = brute(adj, 'a', 'j', maxHops);
      expect(got.map((p) => p.nodes.join('')).sort()).toEqual(want.map((p) => p.nodes.join('')).sort());
      for (const p of got) expect(p.strength).toBeCloseTo(want.find((w) => w.nodes.join('') === p.nodes.join(''))!.strength, 12);
      for (let i = 1; i < got.length; i++) expect(got[i - 1]!.strength).toBeGreaterThanOrEqual(got[i]!.strength - 1e-12);
    }
  });

  it('puts the shorter path first when strengths are equal', () => {
    const adj = adjOf([
      ['s', 't', 0.25],
      ['s', 'u', 0.5],
      ['u', 't', 0.5],
    ]);
    const got = joinPaths(halfPaths('s', 2, adj), halfPaths('t', 2, adj), 4);
    expect(got.map((p) => p.nodes.join(''))).toEqual(['st', 'sut']);
  });
});
