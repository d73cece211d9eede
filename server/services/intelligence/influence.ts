import { log } from '../../logger.js';
import { labelTestimonialAuthors } from '../../queries/migrations.js';
import type { QueryRunner } from '../../queries/driver.js';
import {
  clearErasedInfluence,
  streamInfluencePeople,
  streamInfluenceTies,
  outcomePart,
  writeInfluenceBatch,
  type InfluenceWrite,
} from '../../queries/intelligence-influence.queries.js';
import { round9 } from './numbers.js';
import { EdgeBuffer, pagerankYielding, undirectedCsrYielding } from './pagerank.js';
import type { InfluenceRunOut } from './types.js';

/**
 * The influence score (docs/intelligence.md):
 *   score = centrality + 1.0·advisedBought + 1.5·referralSales + 0.5·accompaniedSales
 * where centrality = PageRank × N × (1−d) / ((1−d) + d·D), PageRank with damping d = 0.85 over all ties as
 * undirected edges weighted by strength, and D the PageRank held by people without ties. That is PageRank × N
 * when everyone has a tie; the scale makes a person's centrality independent of unconnected parts of the graph
 * (the mean over any connected group is 1). One factor for everyone, so with no sales, referrals or visits the
 * ranking is the PageRank order.
 */
export const INFLUENCE_WEIGHTS = { advisedBought: 1.0, referralSales: 1.5, accompaniedSales: 0.5 } as const;
export const DAMPING = 0.85;


export interface RecomputeOptions {
  /** Scores written per transaction. */
  batchSize?: number;
  onProgress?: (message: string, fields: Record<string, unknown>) => void;
}

/** Write transactions in flight at once; on disjoint people, so they never wait on each other's locks. */
const WRITERS = 2;

let running: Promise<InfluenceRunOut> | null = null;
let queued: Promise<InfluenceRunOut> | null = null;

/**
 * Recomputes and stores every person's influence. Callable from server code (after an import, on a schedule)
 * and from the admin mutation. Runs in this process never overlap: a call during a run waits for it and then
 * runs once more (callers arriving meanwhile share that second run), so data written before the call counts.
 */
export function recomputeInfluence(db: QueryRunner, opts: RecomputeOptions = {}): Promise<InfluenceRunOut> {
  if (!running) {
    running = runOnce(db, opts).finally(() => {
      running = null;
    });
    return running;
  }
  if (!queued) {
    const after = running.catch(() => undefined);
    queued = after.then(() => {
      queued = null;
      return recomputeInfluence(db, opts);
    });
  }
  return queued;
}

async function runOnce(db: QueryRunner, opts: RecomputeOptions): Promise<InfluenceRunOut> {
  const t0 = Date.now();
  const computedAt = new Date(t0).toISOString();
  const batchSize = opts.batchSize ?? 10_000;
  const progress = opts.onProgress ?? ((msg, fields) => log.info(msg, fields));
  // derived data that writes around the API (a Cypher load, an old backup) may lack; cheap when nothing is missing
  await labelTestimonialAuthors(db);

  // 1. stream the live people, then every tie, into dense indexes and a flat edge list, keyed by Neo4j's node id
  //    within this run (numbers travel and hash far cheaper than a million id strings)
  const index = new Map<number, number>();
  const ids: string[] = [];
  // stored scores by index, to skip writing what did not change (most of the graph, on a scheduled re-run)
  const stored = new Map<number, (number | null)[]>();
  await streamInfluencePeople(db, (row) => {
    const u = ids.length;
    index.set(row.nid, u);
    ids.push(row.id);
    if (row.old) stored.set(u, row.old);
    if (ids.length % 200_000 === 0) progress('influence: scanned people', { scanned: ids.length });
  });
  const edges = new EdgeBuffer();
  // a tie to someone who appeared after the people scan waits for the next run
  await streamInfluenceTies(db, (row) => {
    const u = index.get(row.a);
    const v = index.get(row.b);
    if (u === undefined || v === undefined) return;
    edges.push(u, v, Math.min(1, row.w));
    if (edges.length % 1_000_000 === 0) progress('influence: scanned ties', { ties: edges.length });
  });

  const scanMs = Date.now() - t0;

  // 2. the sales-outcome parts, read by Neo4j while this process computes PageRank (people who appeared after
  //    the scan started are left for the next run)
  const n = ids.length;
  const part = async (name: 'advisedBought' | 'referralSales' | 'accompaniedSales') => {
    const arr = new Float64Array(n);
    for (const row of await outcomePart(db, name)) {
      const i = index.get(row.nid);
      if (i !== undefined) arr[i] = row.n;
    }
    return arr;
  };
  const parts = (async () => [await part('advisedBought'), await part('referralSales'), await part('accompaniedSales')] as const)();
  parts.catch(() => undefined); // awaited below; a failure must not surface as unhandled while PageRank runs

  // 3. PageRank on the undirected, strength-weighted graph, in slices so the event loop (API requests, the parts'
  //    answers) keeps running
  const g = await undirectedCsrYielding(n, edges);
  // tight enough that an unchanged part of the graph gets the same rounded scores run after run (and is not rewritten)
  const pr = await pagerankYielding(g, { damping: DAMPING, tolerance: 1e-13, maxIterations: 300 });
  progress('influence: pagerank done', { people: n, ties: edges.length, iterations: pr.iterations, converged: pr.converged });
  const pagerankMs = Date.now() - t0 - scanMs;
  const [a, r, v] = await parts;
  // only the wait for the parts once PageRank is done
  const partsMs = Date.now() - t0 - scanMs - pagerankMs;

  // 4. combine and write back in batches, two transactions in flight
  let written = 0;
  let unchanged = 0;
  let batches = 0;
  let batch: InfluenceWrite[] = [];
  const inFlight = new Set<Promise<void>>();
  let failure: unknown = null;
  const flush = async (rows: InfluenceWrite[]) => {
    const p: Promise<void> = writeInfluenceBatch(db, rows, computedAt)
      .then(
        (k) => {
          written += k;
        },
        (err: unknown) => {
          failure ??= err;
        },
      )
      .finally(() => inFlight.delete(p));
    inFlight.add(p);
    if (inFlight.size >= WRITERS) await Promise.race(inFlight);
    if (failure) throw failure;
  };
  let dangling = 0;
  for (let i = 0; i < n; i++) if (!(g.strength[i]! > 0)) dangling += pr.scores[i]!;
  const scale = n > 0 ? (n * (1 - DAMPING)) / (1 - DAMPING + DAMPING * dangling) : 0;
  for (let i = 0; i < n; i++) {
    const centrality = round9(pr.scores[i]! * scale);
    const score = round9(
      centrality +
        INFLUENCE_WEIGHTS.advisedBought * a[i]! +
        INFLUENCE_WEIGHTS.referralSales * r[i]! +
        INFLUENCE_WEIGHTS.accompaniedSales * v[i]!,
    );
    const row: InfluenceWrite = [ids[i]!, score, centrality, a[i]!, r[i]!, v[i]!];
    const was = stored.get(i);
    if (!was || was.some((x, k) => x !== row[k + 1])) batch.push(row);
    else unchanged++;
    if (batch.length === batchSize || (i === n - 1 && batch.length > 0)) {
      await flush(batch);
      batch = [];
      if (++batches % 10 === 0) progress('influence: writing', { done: i + 1, of: n, unchanged });
    }
  }
  await Promise.all(inFlight);
  if (failure) throw failure;
  const erasedCleared = await clearErasedInfluence(db);
  const result: InfluenceRunOut = {
    people: n,
    ties: edges.length,
    iterations: pr.iterations,
    converged: pr.converged,
    written,
    unchanged,
    erasedCleared,
    durationMs: Date.now() - t0,
    computedAt,
  };
  progress('influence: recomputed', { ...result, scanMs, pagerankMs, partsMs, writeMs: result.durationMs - scanMs - pagerankMs - partsMs });
  return result;
}

export interface InfluenceSchedule {
  stop(): void;
}

export interface ScheduleOptions {
  /** Time between the end of one run and the start of the next. */
  intervalMs: number;
  /** Time before the first run (default: intervalMs). */
  initialDelayMs?: number;
  onResult?: (r: InfluenceRunOut) => void;
  onError?: (err: unknown) => void;
}

/**
 * Recomputes influence periodically, e.g. from server/start.ts:
 *   const schedule = scheduleInfluenceRecompute(createQueryRunner(driver, database), { intervalMs: 6 * 3600_000 });
 * Runs never overlap (the next is timed from the end of the last); the timer does not keep the process alive.
 */
export function scheduleInfluenceRecompute(db: QueryRunner, opts: ScheduleOptions): InfluenceSchedule {
  if (!(opts.intervalMs >= 1_000)) throw new RangeError('intervalMs must be at least 1000');
  let timer: NodeJS.Timeout | null = null;
  let stopped = false;
  const tick = async () => {
    timer = null;
    try {
      const res = await recomputeInfluence(db);
      opts.onResult?.(res);
    } catch (err) {
      if (opts.onError) opts.onError(err);
      else log.error('influence recompute failed', { error: err instanceof Error ? err.message : String(err) });
    }
    if (!stopped) schedule(opts.intervalMs);
  };
  const schedule = (ms: number) => {
    timer = setTimeout(() => void tick(), ms);
    timer.unref();
  };
  schedule(opts.initialDelayMs ?? opts.intervalMs);
  return {
    stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      timer = null;
    },
  };
}
