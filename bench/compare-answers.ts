/**
 * Prints the intelligence answers for a fixed sample of people on a bench database as JSON lines, so two
 * versions of the code can be compared answer for answer (used to check the traversal's read-ahead):
 *   NEO4J_PASSWORD=… npx tsx bench/compare-answers.ts --size large --n 60 > a.jsonl
 */
import { graphql } from 'graphql';
import { buildAppSchema } from '../server/graphql/build-schema.js';
import { createContext, type Viewer } from '../server/graphql/context.js';
import { cypherInt } from '../server/queries/intelligence-people.queries.js';
import { benchArg, openBenchDatabase, topHubs } from './support/bench-database.js';

const size = benchArg('size', 'medium');
const n = Number(benchArg('n', '60'));
const { config, database, db } = await openBenchDatabase(size);
// a fixed sample: every k-th person by id, plus the ten biggest hubs
const people = (await db.read<{ id: string }>(`MATCH (p:Person) WITH p ORDER BY p.id SKIP 1000 LIMIT $n RETURN p.id AS id`, { n: cypherInt(n) })).map((r) => r.id);
const hubs = (await topHubs(db, 10)).map((r) => r.id);
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
