/**
 * Prints the intelligence answers for a fixed sample of people on a bench database as JSON lines, so two
 * versions of the code can be compared answer for answer (used to check the traversal's read-ahead):
 *   NEO4J_PASSWORD=… npx tsx bench/compare-answers.ts --size large --n 60 > a.jsonl
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { graphql } from 'graphql';
import { loadConfig } from '../server/config.js';
import { buildAppSchema } from '../server/graphql/build-schema.js';
import { createContext, type Viewer } from '../server/graphql/context.js';
import { setLogLevel } from '../server/logger.js';
import { createQueryRunner } from '../server/queries/driver.js';
import { cypherInt } from '../server/queries/intelligence-people.queries.js';
import { startDatabase } from '../server/start.js';
import { freePort } from '../test/support/global-setup.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const argv = process.argv.slice(2);
const arg = (n: string, d: string) => (argv.indexOf(`--${n}`) >= 0 ? argv[argv.indexOf(`--${n}`) + 1]! : d);
const size = arg('size', 'medium');
const n = Number(arg('n', '60'));
setLogLevel('warn');
const config = loadConfig({
  ...process.env, NEO4J_URI: '', QUANZI_SEED: 'none', PORT: '0', LOG_LEVEL: 'warn',
  QUANZI_DATA_DIR: path.join(ROOT, 'bench', 'data', size, 'neo4j'), NEO4J_BOLT_PORT: String(await freePort()),
  NEO4J_HEAP: process.env.NEO4J_HEAP ?? '4g', NEO4J_PAGECACHE: process.env.NEO4J_PAGECACHE ?? '8g',
});
const database = await startDatabase(config);
const db = createQueryRunner(database.driver, config.neo4j.database);
// a fixed sample: every k-th person by id, plus the ten biggest hubs
const people = (await db.read<{ id: string }>(`MATCH (p:Person) WITH p ORDER BY p.id SKIP 1000 LIMIT $n RETURN p.id AS id`, { n: cypherInt(n) })).map((r) => r.id);
const hubs = (await db.read<{ id: string }>(
  `MATCH (p:Person) WITH p, COUNT { (p)-[:FAMILY|FRIEND|COLLEAGUE|BUSINESS_PARTNER|ADVISES|DRIVES_FOR]-() } AS d ORDER BY d DESC LIMIT 10 RETURN p.id AS id`,
)).map((r) => r.id);
const schema = await buildAppSchema({ driver: database.driver, jwtSecret: config.auth.jwtSecret });
const viewer: Viewer = { userId: 'cmp', username: 'cmp', role: 'admin', dealershipId: null };
const Q = {
  network: `query ($a: ID!) { network(personId: $a, depth: 2) { centerId truncated nodes { id displayName kind hops pathStrength influence } edges { from to kind strength } } }`,
  warmPaths: `query ($a: ID!, $b: ID!) { warmPaths(fromId: $a, toId: $b) { hops strength people { id displayName } ties { from to kind strength } } }`,
  kct: `query ($a: ID!) { knownContactTestimonials(prospectId: $a, maxHops: 3) { id hops pathStrength author { id } path { people { id } } } }`,
};
const sample = [...people, ...hubs];
for (let i = 0; i < sample.length; i++) {
  const a = sample[i]!;
  // someone two or three hops away, so there are paths to find
  const [far] = await db.read<{ id: string }>(
    `MATCH (p:Person {id: $a})-[:FAMILY|FRIEND|COLLEAGUE|BUSINESS_PARTNER|ADVISES|DRIVES_FOR*2..3]-(q:Person) WHERE q <> p RETURN q.id AS id LIMIT 1`,
    { a },
  );
  const b = far?.id ?? sample[(i + 1) % sample.length]!;
  for (const [name, source] of Object.entries(Q)) {
    const ctx = createContext({ driver: database.driver, database: config.neo4j.database, config }, 'cmp', viewer);
    const res = await graphql({ schema, source, variableValues: { a, b }, contextValue: ctx });
    process.stdout.write(`${JSON.stringify({ name, a, data: res.data ?? null, errors: res.errors?.map((e) => e.message) ?? null })}\n`);
  }
}
await database.stop();
