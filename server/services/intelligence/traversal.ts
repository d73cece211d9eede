import type { TieType } from '../../domain.js';
import type { Viewer } from '../../graphql/context.js';
import type { QueryRunner } from '../../queries/driver.js';
import { expandTies, type ExpansionRow, type PersonAccessRow, type TieTuple } from '../../queries/intelligence-people.queries.js';

/** Strengths closer than this count as equal, so float noise never decides an order. */
export const EPS = 1e-12;

export interface ReachedNode {
  id: string;
  hops: number;
  /** Product of tie strengths along the best path found (shortest first, then strongest). */
  strength: number;
  parent: string | null;
  /** The tie from the parent, as seen from the parent. */
  via: TieTuple | null;
  name: string | null;
  kind: string | null;
  influence: number | null;
}

export interface SideStart {
  id: string;
  /** Hops to go from this start. */
  depth: number;
}

/**
 * Decides whether the traversal may start from these people: gets their access facts (fetched in the first
 * hop's statement) and returns them in the order of the starts, or throws (NOT_FOUND) before anything is used.
 */
export type AdmitStarts = (found: PersonAccessRow[]) => PersonAccessRow[];

export interface TraversalPlan {
  kinds?: readonly TieType[] | undefined;
  /** Strongest ties followed per person at this hop (1-based), given the room left; 0 follows none. */
  fanout(level: number, remaining: number): number;
  /** Ties to testimonial authors followed per person at this hop, on top of the strongest ones. */
  authorFanout?(level: number): number;
  /** People reached per side at most, the start included. */
  maxNodes: number;
  /** People expanded per side and hop at most (strongest paths first). */
  frontierCap: number;
  /**
   * The hop at which the statement first counts the usable testimonials of everyone reached so far, and expands
   * nothing when there are at least `atLeast` (knownContactTestimonials: the hop cannot change the answer then).
   */
  skipHopIfTestimonials?: { level: number; atLeast: number };
}

export interface SideResult {
  start: string;
  reached: Map<string, ReachedNode>;
  /** Ids in the order reached: by hops, then path strength desc, then id. */
  order: string[];
}

export interface TraversalResult {
  /** The starts' access facts, as admitted. */
  starts: PersonAccessRow[];
  sides: SideResult[];
  /** The ties looked at for each expanded person (strongest first, then author ties). */
  adj: Map<string, TieTuple[]>;
  /** Some cap cut something: a person's ties beyond the fanout, the node limit, or the frontier cap. */
  truncated: boolean;
}

/**
 * Breadth-first traversal from one or more starts, one query per hop for all sides together. Each person's
 * ties are read strongest first and cut at the fanout, new people are kept strongest-path first up to
 * `maxNodes`, so the cost is bounded by caps, not by hub sizes (a hub costs one scan of its ties).
 * The first hop's statement also reads the starts' access facts and, for starts that go further, the second
 * hop (their strongest neighbours are that whole frontier), so a two-hop traversal is one round trip.
 */
export async function traverse(
  db: QueryRunner,
  viewer: Viewer,
  starts: SideStart[],
  plan: TraversalPlan,
  admit: AdmitStarts,
): Promise<TraversalResult> {
  const adj = new Map<string, TieTuple[]>();
  // rows read so far, with the k and authorK they were read with: a prefetched row is used only if they match
  const fetched = new Map<string, { row: ExpansionRow; k: number; authorK: number }>();
  let truncated = false;
  const maxDepth = Math.max(0, ...starts.map((s) => s.depth));
  let admitted: PersonAccessRow[] | null = null;
  const startIds = [...new Set(starts.map((s) => s.id))];

  const sides = starts.map((s) => {
    const reached = new Map<string, ReachedNode>();
    reached.set(s.id, { id: s.id, hops: 0, strength: 1, parent: null, via: null, name: null, kind: null, influence: null });
    return { start: s, reached, order: [s.id], frontier: [s.id] };
  });

  for (let level = 1; level <= maxDepth; level++) {
    const active = sides.filter((s) => level <= s.start.depth && s.frontier.length > 0);
    if (active.length === 0) break;
    const remaining = Math.max(...active.map((s) => plan.maxNodes - s.reached.size));
    if (remaining <= 0) {
      truncated = true;
      break;
    }
    const k = plan.fanout(level, remaining);
    const authorK = plan.authorFanout?.(level) ?? 0;
    const frontier = [...new Set(active.flatMap((s) => s.frontier))];
    const toQuery = frontier.filter((id) => {
      const f = fetched.get(id);
      return !adj.has(id) && (!f || f.k !== k || f.authorK !== authorK);
    });
    if (toQuery.length > 0 || admitted === null) {
      // on the first hop, read ahead for starts that go on: their next frontier is their own strongest neighbours
      const ahead = level === 1 ? active.filter((s) => s.start.depth >= 2).map((s) => s.start.id) : [];
      const nextK = plan.fanout(2, plan.maxNodes);
      // with more neighbours than this, the second hop has less room than nextK needs (or none): not read ahead
      const maxNeighbours = plan.maxNodes - 1 - nextK;
      const next =
        ahead.length > 0 && maxNeighbours > 0
          ? { for: ahead, k: nextK, authorK: plan.authorFanout?.(2) ?? 0, cap: Math.min(plan.frontierCap, plan.maxNodes - 1), maxNeighbours }
          : undefined;
      const guard = plan.skipHopIfTestimonials?.level === level
        ? { among: active.flatMap((s) => s.order.slice(1)), atLeast: plan.skipHopIfTestimonials.atLeast }
        : undefined;
      const res = await expandTies(db, viewer, { frontier: toQuery, kinds: plan.kinds, k, authorK, next, access: admitted === null ? startIds : [], skipIfTestimonials: guard });
      if (admitted === null) admitted = admit(res.access);
      for (const { next: ahead, ...row } of res.rows) {
        fetched.set(row.id, { row, k, authorK });
        for (const n of ahead) if (!fetched.has(n.id)) fetched.set(n.id, { row: n, k: next!.k, authorK: next!.authorK });
      }
    }
    for (const id of frontier) {
      const f = fetched.get(id);
      if (!f || adj.has(id)) continue;
      let strongest = f.row.strongest;
      if (strongest.length > k) {
        truncated = true;
        strongest = strongest.slice(0, k);
      }
      const seen = new Set(strongest.map((t) => `${t[0]}|${t[1]}`));
      adj.set(id, [...strongest, ...f.row.authors.filter((t) => !seen.has(`${t[0]}|${t[1]}`))]);
    }

    for (const side of active) {
      const room = plan.maxNodes - side.reached.size;
      const candidates = new Map<string, ReachedNode>();
      for (const fid of side.frontier) {
        const parent = side.reached.get(fid)!;
        for (const tie of adj.get(fid) ?? []) {
          const [to, , strength, , name, kind, influence] = tie;
          if (side.reached.has(to)) continue;
          const s = parent.strength * strength;
          const best = candidates.get(to);
          if (!best || s > best.strength + EPS || (Math.abs(s - best.strength) <= EPS && fid < best.parent!)) {
            candidates.set(to, { id: to, hops: level, strength: s, parent: fid, via: tie, name, kind, influence });
          }
        }
      }
      let next = [...candidates.values()].sort(byStrengthThenId);
      if (next.length > room) {
        truncated = true;
        next = next.slice(0, room);
      }
      for (const n of next) {
        side.reached.set(n.id, n);
        side.order.push(n.id);
      }
      side.frontier = next.map((n) => n.id);
      if (level < side.start.depth && side.frontier.length > plan.frontierCap) {
        truncated = true;
        side.frontier = side.frontier.slice(0, plan.frontierCap);
      }
    }
  }
  // every start is admitted before any of its data is used (the first hop's statement, or here when none ran)
  const startRows = admitted ?? admit((await expandTies(db, viewer, { frontier: [], k: 0, access: startIds })).access);
  const byId = new Map(startRows.map((r) => [r.id, r]));
  for (const side of sides) {
    const r = byId.get(side.start.id);
    const root = side.reached.get(side.start.id)!;
    if (r) Object.assign(root, { name: r.name, kind: r.kind, influence: r.influence });
  }
  return { starts: startRows, sides: sides.map((s) => ({ start: s.start.id, reached: s.reached, order: s.order })), adj, truncated };
}

export function byStrengthThenId(a: { strength: number; id: string }, b: { strength: number; id: string }): number {
  if (Math.abs(a.strength - b.strength) > EPS) return b.strength - a.strength;
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

/** The tie as stored: symmetric kinds keep their stored direction, ADVISES/DRIVES_FOR read from -> to. */
export function storedDirection(fromId: string, tie: TieTuple): { from: string; to: string } {
  return tie[3] ? { from: fromId, to: tie[0] } : { from: tie[0], to: fromId };
}

/** The path from a side's start to `id`, following parents. */
export function pathTo(side: SideResult, id: string): ReachedNode[] {
  const out: ReachedNode[] = [];
  let cur = side.reached.get(id);
  while (cur) {
    out.push(cur);
    cur = cur.parent === null ? undefined : side.reached.get(cur.parent);
  }
  return out.reverse();
}
