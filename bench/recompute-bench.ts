import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import os from 'node:os';
import path from 'node:path';
import { recomputeInfluence } from '../server/services/intelligence/influence.js';
import { BENCH_HEAP, BENCH_PAGECACHE, benchArg, benchDataDir, openBenchDatabase, ROOT } from './support/bench-database.js';

/**
 * recomputeInfluence on a loaded bench database (bench/data/<size>/neo4j, made by `npm run bench`): once after
 * clearing every stored score (as after an import: every score is written) and once more (a scheduled re-run:
 * only changed scores are written). Prints the phases; writes bench/results/recompute-<size>-<time>.json.
 *
 *   npx tsx bench/recompute-bench.ts [--size large] [--cold]     NEO4J_HEAP / NEO4J_PAGECACHE as for npm run bench
 *
 * --cold: after clearing, stop Neo4j, drop the OS file cache (needs root; says so when it cannot) and start it
 * again, so the first run reads the store from disk as after a server restart. NEO4J_WARMUP=false measures it
 * without the launcher's store read-ahead.
 */
const size = benchArg('size', 'large');
const dataDir = benchDataDir(size);
if (!fs.existsSync(dataDir)) {
  process.stderr.write(`no ${path.relative(ROOT, dataDir)}: run npm run bench -- --size ${size} --prepare-only first\n`);
  process.exit(2);
}
const heap = BENCH_HEAP;
const pageCache = BENCH_PAGECACHE;
const cold = process.argv.includes('--cold');
const open = () =>
  openBenchDatabase(size, {
    NEO4J_TX_TIMEOUT: '600s',
    NEO4J_START_TIMEOUT_MS: '600000',
    QUANZI_JWT_SECRET: process.env.QUANZI_JWT_SECRET ?? 'recompute-bench-secret-0123456789abcdef',
  });
let { config, database, db } = await open();
let osCacheDropped: boolean | null = null;
try {
  process.stdout.write('clearing stored scores (not timed) ...\n');
  for (;;) {
    const [r] = await db.write<{ n: number }>(
      `MATCH (p:Person) WHERE p.influence IS NOT NULL WITH p LIMIT 50000
       REMOVE p.influence, p.influenceCentrality, p.influenceAdvisedBought, p.influenceReferralSales,
              p.influenceAccompaniedSales, p.influenceComputedAt
       RETURN count(p) AS n`,
    );
    if (!r || r.n === 0) break;
  }
  if (cold) {
    await database.stop();
    try {
      execFileSync('sync');
      fs.writeFileSync('/proc/sys/vm/drop_caches', '3');
      osCacheDropped = true;
    } catch (err) {
      osCacheDropped = false;
      process.stdout.write(`cannot drop the OS file cache (${err instanceof Error ? err.message : String(err)}): the store may still be cached\n`);
    }
    ({ config, database, db } = await open());
    process.stdout.write(`restarted Neo4j with the OS file cache ${osCacheDropped ? 'dropped' : 'as it was'}, store read-ahead ${config.neo4j.warmup ? 'on' : 'off'}\n`);
  }
  const run = async (label: string) => {
    const phases: Record<string, unknown> = {};
    // how long the event loop stalled meanwhile: in the API process a request waits that long
    const loop = monitorEventLoopDelay({ resolution: 10 });
    loop.enable();
    const t0 = Date.now();
    const res = await recomputeInfluence(db, {
      onProgress: (m, f) => {
        if (m === 'influence: recomputed') Object.assign(phases, f);
      },
    });
    const ms = Date.now() - t0;
    loop.disable();
    const eventLoopDelayMs = { p99: Math.round(loop.percentile(99) / 1e6), max: Math.round(loop.max / 1e6) };
    process.stdout.write(`${label}: ${(ms / 1000).toFixed(1)} s  event-loop delay ${JSON.stringify(eventLoopDelayMs)} ms  ${JSON.stringify(phases)}\n`);
    return { ms, people: res.people, ties: res.ties, written: res.written, unchanged: res.unchanged, eventLoopDelayMs, phases };
  };
  const load0 = os.loadavg()[0];
  const full = await run(cold ? 'after a restart, from disk (every score written)' : 'after an import (every score written)');
  const again = await run('scheduled re-run (nothing changed)');
  const result = { size, heap, pageCache, cold, osCacheDropped, warmup: config.neo4j.warmup, loadAverageAtStart: load0, loadAverageAtEnd: os.loadavg()[0], full, again };
  const out = path.join(ROOT, 'bench', 'results');
  fs.mkdirSync(out, { recursive: true });
  fs.writeFileSync(path.join(out, `recompute-${size}${cold ? '-cold' : ''}-${new Date().toISOString().replace(/[:.]/g, '-')}.json`), JSON.stringify(result, null, 2));
} finally {
  await database.stop();
}
