/**
 * CPU profile of the API process while it answers one query repeatedly (to find where GraphQL time goes).
 *   npx tsx bench/profile-query.ts --size medium [--n 400]
 * Uses the database prepared by `npm run bench -- --size <size>`; prints the top functions by self time
 * and writes bench/results/profile-<time>.cpuprofile (open in Chrome DevTools).
 */
import fs from 'node:fs';
import inspector from 'node:inspector/promises';
import path from 'node:path';
import { signToken } from '../server/auth/jwt.js';
import { startApi } from '../server/start.js';
import { benchArg, openBenchDatabase, ROOT } from './support/bench-database.js';
import { httpRequest } from './support/http-client.js';

const n = Number(benchArg('n', '400'));
const which = benchArg('query', 'person');
const { config, database, db } = await openBenchDatabase(benchArg('size', 'medium'), { QUANZI_MAX_COST: '100000000' });
const ids = (await db.read<{ id: string }>(`MATCH (p:Person) RETURN p.id AS id LIMIT 200`)).map((r) => r.id);
// warmPaths: each sample person with someone 2-3 hops away, as the benchmark samples them
const pairs: [string, string][] = [];
if (which === 'warm') {
  for (const a of ids.slice(0, 60)) {
    const near = await db.read<{ id: string }>(
      `MATCH (a:Person {id: $a})-[:FAMILY|FRIEND|COLLEAGUE|BUSINESS_PARTNER|ADVISES|DRIVES_FOR*2..3]-(b:Person) WHERE b <> a RETURN b.id AS id LIMIT 1`,
      { a },
    );
    if (near[0]) pairs.push([a, near[0].id]);
  }
}
const api = await startApi(config, database.driver);
const token = await signToken({ sub: 'bench', username: 'bench', role: 'admin', dealershipId: null }, config.auth.jwtSecret, 3600);
const QUERIES: Record<string, string> = {
  person: `query ($id: ID!) { people(where: { id: { eq: $id } }) { id name kind region phone influence shareConsent } }`,
  influencers: `{ influencers(first: 20) { rank score centrality advisedBought referralSales accompaniedSales person { id displayName masked influence } } }`,
  warm: `query ($a: ID!, $b: ID!) { warmPaths(fromId: $a, toId: $b) { hops strength people { id displayName masked } ties { from to kind strength } } }`,
  network: `query ($id: ID!) { network(personId: $id, depth: 2) { centerId truncated nodes { id displayName masked kind hops pathStrength influence } edges { from to kind strength } } }`,
};
const q = QUERIES[which]!;
const call = async (i: number) => {
  const res = await httpRequest(`${api.url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` }, body: JSON.stringify({ query: q, variables: which === 'warm' ? { a: pairs[i % pairs.length]![0], b: pairs[i % pairs.length]![1] } : { id: ids[i % ids.length] } }) });
  const body = JSON.parse(res.body) as { errors?: unknown };
  if (body.errors) throw new Error(JSON.stringify(body.errors));
};
for (let i = 0; i < 100; i++) await call(i);
const session = new inspector.Session();
session.connect();
await session.post('Profiler.enable');
await session.post('Profiler.setSamplingInterval', { interval: 100 });
await session.post('Profiler.start');
const t0 = performance.now();
for (let i = 0; i < n; i++) await call(i);
const ms = performance.now() - t0;
const { profile } = (await session.post('Profiler.stop')) as { profile: { nodes: { id: number; callFrame: { functionName: string; url: string; lineNumber: number }; hitCount: number; children?: number[] }[]; samples: number[]; timeDeltas: number[] } };
const total = profile.samples.length;
const self = new Map<string, number>();
const byPkg = new Map<string, number>();
for (const node of profile.nodes) {
  const f = node.callFrame;
  const key = `${f.functionName || '(anon)'} ${f.url.replace(/^.*node_modules\//, '').replace(/^file:\/\/\/work\/main\//, '')}:${f.lineNumber}`;
  self.set(key, (self.get(key) ?? 0) + node.hitCount);
  const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(f.url)?.[1] ?? (f.url.includes('/work/main/') ? 'quanzi' : f.url ? 'node' : f.functionName || '(vm)');
  byPkg.set(pkg, (byPkg.get(pkg) ?? 0) + node.hitCount);
}
console.log(`${which}: ${n} requests in ${Math.round(ms)} ms (${(ms / n).toFixed(2)} ms each), ${total} samples`);
console.log('by package:', [...byPkg].sort((a, b) => b[1] - a[1]).slice(0, 14).map(([k, v]) => `${k} ${((100 * v) / total).toFixed(1)}%`).join(', '));
for (const [k, v] of [...self].sort((a, b) => b[1] - a[1]).slice(0, 30)) console.log(`${((100 * v) / total).toFixed(1).padStart(5)}%  ${k}`);
const out = path.join(ROOT, 'bench/results', `profile-${which}-${new Date().toISOString().replace(/[:.]/g, '-')}.cpuprofile`);
fs.mkdirSync(path.dirname(out), { recursive: true });
fs.writeFileSync(out, JSON.stringify(profile));
await api.stop();
await database.stop();
