/**
 * PROFILE of the Cypher the intelligence queries run, on a hub (highest degree) and an ordinary person.
 *   npx tsx bench/profile-cypher.ts --size medium
 * Uses the database prepared by `npm run bench -- --size <size>`; prints, per statement, the db hits, rows and
 * time, and the operators with the most db hits.
 */
import type { Viewer } from '../server/graphql/context.js';
import { createQueryRunner } from '../server/queries/driver.js';
import { IntelligenceService } from '../server/services/intelligence/intelligence.service.js';
import { spyOnDriver } from '../test/support/driver-spy.js';
import { benchArg, openBenchDatabase, topHubs } from './support/bench-database.js';

const { config, database, db } = await openBenchDatabase(benchArg('size', 'medium'));
const driver = database.driver;
const [hub] = await topHubs(db, 1);
const [plain] = await db.read<{ id: string }>(`MATCH (p:Person) WHERE p.id ENDS WITH '7' RETURN p.id AS id SKIP 100 LIMIT 1`);
const [near] = await db.read<{ id: string }>(
  `MATCH (a:Person {id: $a})-[:FAMILY|FRIEND|COLLEAGUE|BUSINESS_PARTNER|ADVISES|DRIVES_FOR*3]-(b:Person) WHERE b <> a RETURN b.id AS id LIMIT 1`,
  { a: plain!.id },
);
const viewer: Viewer = { userId: 'bench', username: 'bench', role: 'admin', dealershipId: null };
const spy = spyOnDriver(driver);
interface Plan { operatorType: string; dbHits: number; rows: number; children: Plan[] }
const flatten = (p: Plan, out: Plan[] = []) => { out.push(p); p.children.forEach((c) => flatten(c, out)); return out; };
const cases: [string, (s: IntelligenceService) => Promise<unknown>][] = [
  [`network depth 2, hub (${hub!.degree} ties)`, (s) => s.network({ personId: hub!.id, depth: 2, limit: 200 })],
  ['network depth 2, ordinary person', (s) => s.network({ personId: plain!.id, depth: 2, limit: 200 })],
  ['knownContactTestimonials 3, hub', (s) => s.knownContactTestimonials({ prospectId: hub!.id, maxHops: 3, first: 10 })],
  ['knownContactTestimonials 3, ordinary', (s) => s.knownContactTestimonials({ prospectId: plain!.id, maxHops: 3, first: 10 })],
  ['warmPaths, 3 hops apart', (s) => s.warmPaths({ fromId: plain!.id, toId: near!.id, first: 3, maxHops: 4 })],
  ['decisionCircle, hub', (s) => s.decisionCircle(hub!.id)],
  ['influencers top 20', (s) => s.influencers({ first: 20 })],
];
for (const [name, run] of cases) {
  spy.take();
  await run(new IntelligenceService(createQueryRunner(driver, config.neo4j.database), viewer));
  const stmts = spy.take();
  console.log(`\n== ${name}: ${stmts.length} statements`);
  for (const st of stmts) {
    const session = driver.session({ defaultAccessMode: 'READ' });
    try {
      const t0 = performance.now();
      const res = await session.executeRead((tx) => tx.run(`PROFILE ${st.cypher}`, st.params));
      const ms = performance.now() - t0;
      const ops = flatten(res.summary.profile as unknown as Plan);
      const hits = ops.reduce((a, o) => a + Number(o.dbHits), 0);
      const top = [...ops].sort((a, b) => Number(b.dbHits) - Number(a.dbHits)).slice(0, 3).map((o) => `${o.operatorType} ${Number(o.dbHits)}`);
      console.log(`  ${ms.toFixed(1).padStart(7)} ms  ${String(hits).padStart(9)} db hits  ${String(res.records.length).padStart(4)} rows | ${top.join(', ')} | ${st.cypher.replace(/\s+/g, ' ').slice(0, 90)}`);
    } finally {
      await session.close();
    }
  }
}
await database.stop();
