import type { TieTuple } from '../../queries/intelligence-people.queries.js';
import { EPS } from './traversal.js';

/** A simple path from a start: nodes[0] is the start; ties[i] links nodes[i] and nodes[i+1], seen from nodes[i]. */
export interface HalfPath {
  nodes: string[];
  ties: TieTuple[];
  strength: number;
}

export interface FullPath {
  nodes: string[];
  /** [from-side node, tie seen from it] for each hop, in path order. */
  ties: { at: string; tie: TieTuple }[];
  strength: number;
}

/** The strongest tie to each neighbour, so two kinds of tie between the same pair give one path, not two. */
function strongestPerNeighbour(ties: TieTuple[]): TieTuple[] {
  const best = new Map<string, TieTuple>();
  for (const t of ties) {
    const b = best.get(t[0]);
    if (!b || t[2] > b[2] + EPS || (Math.abs(t[2] - b[2]) <= EPS && t[1] < b[1])) best.set(t[0], t);
  }
  return [...best.values()];
}

/** Every simple path of 0..maxLen hops from `start` through the ties looked at during the traversal. */
export function halfPaths(start: string, maxLen: number, adj: Map<string, TieTuple[]>): HalfPath[] {
  const out: HalfPath[] = [];
  const cache = new Map<string, TieTuple[]>();
  const neighbours = (id: string) => {
    let n = cache.get(id);
    if (!n) cache.set(id, (n = strongestPerNeighbour(adj.get(id) ?? [])));
    return n;
  };
  const walk = (p: HalfPath) => {
    out.push(p);
    if (p.ties.length === maxLen) return;
    const last = p.nodes[p.nodes.length - 1]!;
    for (const t of neighbours(last)) {
      if (p.nodes.includes(t[0])) continue;
      walk({ nodes: [...p.nodes, t[0]], ties: [...p.ties, t], strength: p.strength * t[2] });
    }
  };
  walk({ nodes: [start], ties: [], strength: 1 });
  return out;
}

/**
 * All simple paths of 1..maxHops hops between a and b that the two traversals saw, joined where a half from a
 * meets a half from b. Every split is tried (with per-person caps, a path may only be visible from one side
 * beyond the middle), and a path found at several splits is kept once. Ordered strongest first (product of
 * strengths), then fewer hops, then by the ids along the way.
 */
export function joinPaths(left: HalfPath[], right: HalfPath[], maxHops: number): FullPath[] {
  const byEnd = new Map<string, HalfPath[]>();
  for (const r of right) {
    const end = r.nodes[r.nodes.length - 1]!;
    const list = byEnd.get(end);
    if (list) list.push(r);
    else byEnd.set(end, [r]);
  }
  const out = new Map<string, FullPath>();
  for (const l of left) {
    const lLen = l.ties.length;
    const mid = l.nodes[lLen]!;
    for (const r of byEnd.get(mid) ?? []) {
      const rLen = r.ties.length;
      if (lLen + rLen === 0 || lLen + rLen > maxHops) continue;
      const leftSet = new Set(l.nodes);
      let simple = true;
      for (let i = 0; i < r.nodes.length - 1; i++) if (leftSet.has(r.nodes[i]!)) simple = false;
      if (!simple) continue;
      const nodes = [...l.nodes, ...r.nodes.slice(0, -1).reverse()];
      const key = nodes.join('\u0000');
      if (out.has(key)) continue;
      const ties = [
        ...l.ties.map((tie, i) => ({ at: l.nodes[i]!, tie })),
        // the right half was walked from b: `at` is the side nearer b, the order reversed to read from a
        ...r.ties.map((tie, i) => ({ at: r.nodes[i]!, tie })).reverse(),
      ];
      out.set(key, { nodes, ties, strength: l.strength * r.strength });
    }
  }
  return [...out.values()].sort(comparePaths);
}

export function comparePaths(a: FullPath, b: FullPath): number {
  if (Math.abs(a.strength - b.strength) > EPS) return b.strength - a.strength;
  if (a.nodes.length !== b.nodes.length) return a.nodes.length - b.nodes.length;
  const ka = a.nodes.join('\u0000');
  const kb = b.nodes.join('\u0000');
  return ka < kb ? -1 : ka > kb ? 1 : 0;
}
