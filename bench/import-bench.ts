import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { startEmbeddedNeo4j } from '../server/db/embedded-neo4j.js';
import type { ImportReport } from '../server/data/import.js';
import { createDriver } from '../server/queries/driver.js';
import { runMigrations } from '../server/queries/migrations.js';
import { freePort } from '../test/support/global-setup.js';

/**
 * Import benchmark: the generated data set loaded into an empty database by the import CLI in its own process,
 * as `npm run import` runs it (V8 heap capped at 768 MiB). Prints rows/s, ties/s and the CLI's peak RSS.
 *
 *   --mode offline (default): `npm run import -- <folder> --offline` into a fresh data folder: one pass that
 *     validates and converts, neo4j-admin import, then the first start that builds constraints and indexes.
 *   --mode online: a fresh embedded Neo4j with the app's schema, and the import over Bolt (validation + load).
 *
 *   npx tsx bench/import-bench.ts [--mode offline|online] [--size demo|medium|large] [--seed N] [--batch rows] [--node-heap MiB] [--semi-space MiB]
 *   BENCH_HEAP=2g BENCH_PAGECACHE=2g   (Neo4j memory; the defaults)
 */

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const flag = (name: string, fallback: string) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 && args[i + 1] ? args[i + 1]! : fallback;
};
const mode = flag('mode', 'offline');
const size = flag('size', 'large');
const seed = flag('seed', '42');
const batch = Number(flag('batch', '10000'));
const heapMiB = Number(flag('node-heap', '768'));
// as `npm run import` runs: a young generation big enough that a chunk's rows die young instead of being promoted
const semiSpaceMiB = Number(flag('semi-space', '64'));
const heap = process.env.BENCH_HEAP ?? '2g';
const pageCache = process.env.BENCH_PAGECACHE ?? '2g';
const data = path.join(ROOT, 'bench', 'data', `${size}-${seed}`);

/** User + system CPU seconds of a process (Linux /proc; 0 elsewhere or once it is gone). */
const lastCpu = new Map<number, number>();
function cpuSeconds(pid: number): number {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const v = (Number(fields[11]) + Number(fields[12])) / 100;
    lastCpu.set(pid, v);
    return v;
  } catch {
    return lastCpu.get(pid) ?? 0;
  }
}

// generate in a child process, so the generator's memory does not count against the importer's
if (!fs.existsSync(path.join(data, 'ground-truth.json'))) {
  process.stderr.write(`generating ${size} (seed ${seed}) into ${data}\n`);
  fs.rmSync(data, { recursive: true, force: true });
  const r = spawnSync('npx', ['tsx', 'scripts/seed.ts', '--size', size, '--seed', seed, '--out', data, '--no-load'], {
    cwd: ROOT,
    stdio: 'inherit',
  });
  if (r.status !== 0) process.exit(r.status ?? 1);
}

/** Peak RSS of a running child, polled from /proc. */
function watchRss(pid: number): { stop: () => number } {
  let peak = 0;
  const poll = setInterval(() => {
    try {
      const m = /VmHWM:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'));
      if (m) peak = Math.max(peak, Number(m[1]) * 1024);
    } catch {
      /* gone */
    }
  }, 250);
  return {
    stop() {
      clearInterval(poll);
      return peak;
    },
  };
}

function writeResult(result: Record<string, unknown>): void {
  process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
  const outDir = path.join(ROOT, 'bench', 'results');
  fs.mkdirSync(outDir, { recursive: true });
  const file = `import-${mode}-${size}-${new Date().toISOString().replace(/[:.]/g, '-')}.json`;
  fs.writeFileSync(path.join(outDir, file), JSON.stringify(result, null, 2));
}

if (mode === 'offline') {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'quanzi-bench-offline-'));
  try {
    const loadAvg0 = os.loadavg()[0]!;
    const t0 = Date.now();
    const cli = [`--max-old-space-size=${heapMiB}`, `--max-semi-space-size=${semiSpaceMiB}`, '--import', 'tsx', 'scripts/import.ts', data, '--offline', '--json'];
    const child = spawn(process.execPath, cli, {
      cwd: ROOT,
      env: {
        ...process.env,
        NEO4J_URI: '',
        QUANZI_DATA_DIR: dataDir,
        NEO4J_BOLT_PORT: String(await freePort()),
        NEO4J_PASSWORD: 'bench-password',
        NEO4J_HEAP: heap,
        NEO4J_PAGECACHE: pageCache,
        LOG_LEVEL: 'warn',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    child.stdout.on('data', (b: Buffer) => (stdout += b.toString()));
    child.stderr.on('data', (b: Buffer) => process.stderr.write(b));
    const rss = watchRss(child.pid!);
    const code: number = await new Promise((resolve) => child.once('exit', (c) => resolve(c ?? 1)));
    const peakRss = rss.stop();
    if (code !== 0) throw new Error(`import exited with ${code}`);
    const r = JSON.parse(stdout.trim().split('\n').pop()!) as ImportReport & {
      stageMs: number;
      adminMs: number;
      indexMs: number;
      influenceMs: number | null;
      totalMs: number;
      nodes: number;
      relationships: number;
    };
    const wallMs = Date.now() - t0;
    const readyMs = wallMs - (r.influenceMs ?? 0);
    const perSec = (n: number, ms: number) => Math.round(n / (ms / 1000));
    writeResult({
      mode,
      size,
      seed: Number(seed),
      nodeHeapLimitMiB: heapMiB,
      nodeSemiSpaceMiB: semiSpaceMiB,
      neo4j: { heap, pageCache, version: '5.26 community (neo4j-admin import, then embedded)' },
      machine: { cpus: os.cpus().length, loadAverageAtStart: loadAvg0, loadAverageAtEnd: os.loadavg()[0] },
      rows: r.rows,
      ties: r.ties,
      nodes: r.nodes,
      relationships: r.relationships,
      seconds: {
        validateAndConvert: r.stageMs / 1000,
        neo4jAdminImport: r.adminMs / 1000,
        startAndBuildIndexes: r.indexMs / 1000,
        influenceRecompute: (r.influenceMs ?? 0) / 1000,
        readyToServe: readyMs / 1000,
        total: wallMs / 1000,
      },
      tiesPerSecondReadyToServe: perSec(r.ties, readyMs),
      tiesPerSecondInclInfluence: perSec(r.ties, wallMs),
      rowsPerSecondReadyToServe: perSec(r.rows, readyMs),
      tiesPerSecondConvertAndAdmin: perSec(r.ties, r.stageMs + r.adminMs),
      nodePeakRssMiB: Math.round(peakRss / 2 ** 20),
    });
  } finally {
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
  process.exit(0);
}

const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'quanzi-bench-neo4j-'));
const password = 'bench-password';
const neo = await startEmbeddedNeo4j({
  dataDir,
  boltPort: await freePort(),
  user: 'neo4j',
  password,
  heap,
  pageCache,
  txTimeout: '300s',
  startTimeoutMs: 300_000,
});
const driver = createDriver({ uri: neo.uri, user: 'neo4j', password });
try {
  await runMigrations(driver, undefined);
  await driver.close();
  // the real CLI, as users run it (npm run import), in its own process
  const loadAvg0 = os.loadavg()[0]!;
  const t0 = Date.now();
  const cli = [`--max-old-space-size=${heapMiB}`, `--max-semi-space-size=${semiSpaceMiB}`, '--import', 'tsx', 'scripts/import.ts', data, '--json', '--batch', String(batch)];
  const child = spawn(process.execPath, cli, {
    cwd: ROOT,
    env: { ...process.env, NEO4J_URI: neo.uri, NEO4J_USER: 'neo4j', NEO4J_PASSWORD: password, LOG_LEVEL: 'warn' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  // CPU seconds of Neo4j and of the importer at each progress line: the machine is shared, so besides wall-clock
  // rates the bench reports what each side consumed, and the rate an otherwise idle 2-core machine would give
  const samples: { file: string; at: number; done: number; neo: number; node: number }[] = [];
  const sample = (file: string, done: number) =>
    samples.push({ file, at: Date.now(), done, neo: cpuSeconds(neo.pid), node: cpuSeconds(child.pid!) });
  sample('start', 0);
  child.stdout.on('data', (b: Buffer) => (stdout += b.toString()));
  child.stderr.on('data', (b: Buffer) => {
    const text = b.toString();
    process.stderr.write(text);
    for (const line of text.split('\n')) {
      const m = /%\s+([\d,]+)\/[\d,]+ rows .* (\S+)$/.exec(line.trim());
      if (m) sample(m[2]!, Number(m[1]!.replace(/,/g, '')));
    }
  });
  const rss = watchRss(child.pid!);
  const code: number = await new Promise((resolve) => child.once('exit', (c) => resolve(c ?? 1)));
  const peakRss = rss.stop();
  if (code !== 0) throw new Error(`import exited with ${code}`);
  const totalMs = Date.now() - t0;
  const report = JSON.parse(stdout.trim().split('\n').pop()!) as ImportReport;
  const phase = (file: string) => {
    const list = samples.filter((x) => x.file === file);
    if (list.length < 2) return null;
    const a = list[0]!;
    const b = list[list.length - 1]!;
    const rows = b.done - a.done;
    const neoCpu = b.neo - a.neo;
    const nodeCpu = b.node - a.node;
    return {
      rows,
      wallSeconds: (b.at - a.at) / 1000,
      neo4jCpuSeconds: neoCpu,
      importerCpuSeconds: nodeCpu,
      rowsPerSecondWall: Math.round(rows / ((b.at - a.at) / 1000)),
      // both sides pipelined on two cores: bounded by the busier side and by the total over two cores
      rowsPerSecondIdleEstimate: Math.round(rows / Math.max(neoCpu, nodeCpu, (neoCpu + nodeCpu) / 2)),
    };
  };
  const ties = report.files.find((f) => f.file === 'ties.csv');
  const result = {
    size,
    seed: Number(seed),
    batch,
    mode,
    nodeHeapLimitMiB: heapMiB,
    neo4j: { heap, pageCache, version: '5.26 community (embedded)' },
    machine: { cpus: os.cpus().length, loadAverageAtStart: loadAvg0, loadAverageAtEnd: os.loadavg()[0] },
    rows: report.rows,
    ties: report.ties,
    validateSeconds: report.validateMs / 1000,
    loadSeconds: report.loadMs / 1000,
    totalSeconds: totalMs / 1000,
    rowsPerSecondEndToEnd: Math.round(report.rows / (totalMs / 1000)),
    tiesPerSecondEndToEnd: Math.round(report.ties / (totalMs / 1000)),
    tiesPerSecondTiesPhase: ties?.ms ? Math.round(ties.rows / (ties.ms / 1000)) : null,
    nodePeakRssMiB: Math.round(peakRss / 2 ** 20),
    cpuSeconds: { neo4j: cpuSeconds(neo.pid), importer: samples[samples.length - 1]!.node },
    tiesPhase: phase('ties.csv'),
    peoplePhase: phase('people.csv'),
    files: report.files.map((f) => ({ file: f.file, rows: f.rows, seconds: (f.ms ?? 0) / 1000 })),
  };
  writeResult(result);
} finally {
  await driver.close().catch(() => undefined);
  await neo.stop();
  fs.rmSync(dataDir, { recursive: true, force: true });
}
