import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadConfig, type Config } from '../../server/config.js';
import { setLogLevel } from '../../server/logger.js';
import { createQueryRunner, type QueryRunner } from '../../server/queries/driver.js';
import { cypherInt } from '../../server/queries/intelligence-people.queries.js';
import { startDatabase, type RunningDatabase } from '../../server/start.js';
import { freePort } from '../../test/support/global-setup.js';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

/** Neo4j memory of every bench database: NEO4J_HEAP / NEO4J_PAGECACHE, else 4g / 8g. */
export const BENCH_HEAP = process.env.NEO4J_HEAP ?? '4g';
export const BENCH_PAGECACHE = process.env.NEO4J_PAGECACHE ?? '8g';

/** `--name value` from the command line, else the fallback. */
export function benchArg(name: string, fallback: string): string {
  const argv = process.argv.slice(2);
  const i = argv.indexOf(`--${name}`);
  return i >= 0 && argv[i + 1] !== undefined ? argv[i + 1]! : fallback;
}

/** Where `npm run bench -- --size <size>` keeps that size's embedded Neo4j. */
export function benchDataDir(size: string): string {
  return path.join(ROOT, 'bench', 'data', size, 'neo4j');
}

/** The environment a bench process runs its private embedded Neo4j (and API) with; `extra` adds or overrides. */
export async function benchEnv(size: string, extra: Record<string, string | undefined> = {}): Promise<Record<string, string | undefined>> {
  return {
    ...process.env,
    NEO4J_URI: '',
    QUANZI_SEED: 'none',
    PORT: '0',
    LOG_LEVEL: 'warn',
    QUANZI_DATA_DIR: benchDataDir(size),
    NEO4J_BOLT_PORT: String(await freePort()),
    NEO4J_HEAP: BENCH_HEAP,
    NEO4J_PAGECACHE: BENCH_PAGECACHE,
    ...extra,
  };
}

/** Starts the bench database of this size (made by `npm run bench`) quietly; the caller stops it. */
export async function openBenchDatabase(
  size: string,
  extra: Record<string, string | undefined> = {},
): Promise<{ config: Config; database: RunningDatabase; db: QueryRunner }> {
  setLogLevel('warn');
  const config = loadConfig(await benchEnv(size, extra));
  const database = await startDatabase(config);
  return { config, database, db: createQueryRunner(database.driver, config.neo4j.database) };
}

/** The `n` people with the most ties: every benchmark samples them, so hubs are never left out. */
export function topHubs(db: QueryRunner, n: number): Promise<{ id: string; degree: number }[]> {
  return db.read<{ id: string; degree: number }>(
    `MATCH (p:Person) WHERE p.erasedAt IS NULL
     WITH p, COUNT { (p)-[:FAMILY|FRIEND|COLLEAGUE|BUSINESS_PARTNER|ADVISES|DRIVES_FOR]-() } AS degree
     ORDER BY degree DESC LIMIT $n RETURN p.id AS id, degree`,
    { n: cypherInt(n) },
  );
}
