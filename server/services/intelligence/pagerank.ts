/**
 * PageRank on an undirected, weighted graph held in compact typed arrays (CSR), so a million people and
 * ten million half-edges fit in a few hundred MB and an iteration is one pass over flat memory.
 */

/** A growable edge list: endpoints as dense indexes, weights as float64. */
export class EdgeBuffer {
  src = new Int32Array(1024);
  dst = new Int32Array(1024);
  w = new Float64Array(1024);
  length = 0;

  push(u: number, v: number, weight: number): void {
    if (this.length === this.src.length) {
      const cap = this.src.length * 2;
      const grow = <A extends Int32Array | Float64Array>(a: A, make: (n: number) => A): A => {
        const b = make(cap);
        b.set(a);
        return b;
      };
      this.src = grow(this.src, (n) => new Int32Array(n));
      this.dst = grow(this.dst, (n) => new Int32Array(n));
      this.w = grow(this.w, (n) => new Float64Array(n));
    }
    this.src[this.length] = u;
    this.dst[this.length] = v;
    this.w[this.length] = weight;
    this.length++;
  }
}

export interface Csr {
  n: number;
  /** offsets[v]..offsets[v+1] index the neighbours of v in `targets`/`weights`. */
  offsets: Int32Array;
  targets: Int32Array;
  weights: Float64Array;
  /** Sum of the weights of each node's edges. */
  strength: Float64Array;
}

/** Edges handled between two chances for the event loop to run while building the CSR. */
const STEP_EDGES = 1 << 18;

/** Each edge u–v becomes u→v and v→u; self-loops and non-positive weights are dropped. Pauses as pagerankSteps does. */
function* csrSteps(n: number, edges: EdgeBuffer): Generator<void, Csr, void> {
  const mask = STEP_EDGES - 1;
  const degree = new Int32Array(n);
  for (let i = 0; i < edges.length; i++) {
    const u = edges.src[i]!;
    const v = edges.dst[i]!;
    if ((i & mask) === mask) yield;
    if (u === v || !(edges.w[i]! > 0)) continue;
    degree[u]!++;
    degree[v]!++;
  }
  const offsets = new Int32Array(n + 1);
  for (let v = 0; v < n; v++) offsets[v + 1] = offsets[v]! + degree[v]!;
  const m2 = offsets[n]!;
  const targets = new Int32Array(m2);
  const weights = new Float64Array(m2);
  const strength = new Float64Array(n);
  const fill = offsets.slice(0, n);
  for (let i = 0; i < edges.length; i++) {
    const u = edges.src[i]!;
    const v = edges.dst[i]!;
    const w = edges.w[i]!;
    if ((i & mask) === mask) yield;
    if (u === v || !(w > 0)) continue;
    targets[fill[u]!] = v;
    weights[fill[u]!++] = w;
    targets[fill[v]!] = u;
    weights[fill[v]!++] = w;
    strength[u]! += w;
    strength[v]! += w;
  }
  return { n, offsets, targets, weights, strength };
}

export function undirectedCsr(n: number, edges: EdgeBuffer): Csr {
  return runSync(csrSteps(n, edges));
}

/** undirectedCsr with the event loop running in between (see pagerankYielding). */
export function undirectedCsrYielding(n: number, edges: EdgeBuffer): Promise<Csr> {
  return runYielding(csrSteps(n, edges));
}

function runSync<T>(steps: Generator<void, T, void>): T {
  for (;;) {
    const r = steps.next();
    if (r.done) return r.value;
  }
}

async function runYielding<T>(steps: Generator<void, T, void>): Promise<T> {
  for (;;) {
    const r = steps.next();
    if (r.done) return r.value;
    await new Promise<void>((resolve) => setImmediate(resolve));
  }
}

export interface PageRankOptions {
  /** Probability of following a tie rather than jumping anywhere; 0.85 as in the original paper. */
  damping?: number;
  /** Stop when the L1 change of the score vector (which sums to 1) falls below this. */
  tolerance?: number;
  maxIterations?: number;
}

export interface PageRankResult {
  /** Sums to 1 over all nodes. */
  scores: Float64Array;
  iterations: number;
  converged: boolean;
  delta: number;
}

/** Nodes processed between two chances for the event loop to run (a few ms of work on a million-node graph). */
const STEP_NODES = 1 << 16;

/**
 * Power iteration: x'[v] = (1-d)/n + d·(dangling mass)/n + d·Σ_u x[u]·w(u,v)/strength(u).
 * Nodes without ties (dangling) spread their score evenly, as in the standard formulation (and graphology's).
 * A generator that pauses every STEP_NODES nodes, so one implementation serves the synchronous call and the one
 * that lets the event loop run in between.
 */
function* pagerankSteps(g: Csr, opts: PageRankOptions): Generator<void, PageRankResult, void> {
  const d = opts.damping ?? 0.85;
  const tolerance = opts.tolerance ?? 1e-10;
  const maxIterations = opts.maxIterations ?? 200;
  const { n, offsets, targets, weights, strength } = g;
  const mask = STEP_NODES - 1;
  let x = new Float64Array(n).fill(n > 0 ? 1 / n : 0);
  let next = new Float64Array(n);
  const contrib = new Float64Array(n);
  let iterations = 0;
  let delta = Infinity;
  while (n > 0 && iterations < maxIterations) {
    let dangling = 0;
    for (let u = 0; u < n; u++) {
      const s = strength[u]!;
      if (s > 0) contrib[u] = x[u]! / s;
      else {
        contrib[u] = 0;
        dangling += x[u]!;
      }
    }
    const base = (1 - d) / n + (d * dangling) / n;
    delta = 0;
    for (let v = 0; v < n; v++) {
      let sum = 0;
      for (let j = offsets[v]!, end = offsets[v + 1]!; j < end; j++) sum += weights[j]! * contrib[targets[j]!]!;
      const val = base + d * sum;
      next[v] = val;
      delta += Math.abs(val - x[v]!);
      if ((v & mask) === mask) yield;
    }
    [x, next] = [next, x];
    iterations++;
    if (delta < tolerance) break;
  }
  return { scores: x, iterations, converged: delta < tolerance, delta };
}

/** PageRank in one go (small graphs, tests). */
export function pagerank(g: Csr, opts: PageRankOptions = {}): PageRankResult {
  return runSync(pagerankSteps(g, opts));
}

/**
 * The same result as pagerank(), computed in slices with the event loop running in between: on a million people
 * the computation takes 10-20 s, and the API process that runs the scheduled recompute must keep answering (and
 * its driver keep reading the statements sent before it started) meanwhile.
 */
export function pagerankYielding(g: Csr, opts: PageRankOptions = {}): Promise<PageRankResult> {
  return runYielding(pagerankSteps(g, opts));
}
