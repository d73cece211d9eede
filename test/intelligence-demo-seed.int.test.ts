import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readCsvRecords } from '../server/data/csv.js';
import { DEMO_BOARD_WEEKS, publishDemoBoards } from '../server/data/demo-seed.js';
import { importFolder } from '../server/data/import.js';
import { generateSeed } from '../seeds/generate.js';
import { startTestApi, tokenFor, uid, type TestApi } from './support/test-api.js';

interface Truth {
  plantedAdvisers: { person: string; dealership: string; advisees: number; adviseesWhoBought: number }[];
}

/*
 * The demo seed plants a few car-savvy advisers whom many people consult (ground-truth.json). Loaded under a
 * namespace of its own, recomputed, and ranked through the API, they should be near the top.
 */
describe('influencers on the demo seed: the planted advisers rank high', () => {
  let api: TestApi;
  let dir: string;
  let ns: string;
  let truth: Truth;
  let dealerships: string[];

  beforeAll(async () => {
    api = await startTestApi();
    ns = uid('demo');
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'quanzi-intel-demo-'));
    await generateSeed({ size: 'demo', seed: 42, out: dir, namespace: ns, until: '2026-06-30' });
    truth = JSON.parse(fs.readFileSync(path.join(dir, 'ground-truth.json'), 'utf8')) as Truth;
    await importFolder(api.db, dir);
    dealerships = (
      await api.cypher<{ id: string }>(`MATCH (d:Dealership) WHERE d.id STARTS WITH $ns RETURN d.id AS id ORDER BY id`, { ns: `${ns}-` })
    ).map((d) => d.id);
  }, 300_000);
  afterAll(async () => {
    await api?.stop();
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  it('puts the planted advisers in the top of the ranking (recall@20 ≥ 0.8, all in the top 40)', async () => {
    expect(dealerships.length).toBeGreaterThan(0);
    expect(truth.plantedAdvisers.length).toBeGreaterThan(0);
    const admin = await tokenFor(api.config, { role: 'admin' });
    const res = await api.gql<{ recomputeInfluence: { converged: boolean } }>(`mutation { recomputeInfluence { converged } }`, {}, admin);
    expect(res.errors).toBeUndefined();
    const [row] = await api.cypher<{ missing: number }>(
      `MATCH (p:Person) WHERE p.dealershipId IN $ds AND p.erasedAt IS NULL
       RETURN count(CASE WHEN p.influence IS NULL THEN 1 END) AS missing`,
      { ds: dealerships },
    );
    expect(row!.missing).toBe(0);
    // the namespace's ranking, through the API: each dealership's top 100, merged by score then id
    const analyst = await tokenFor(api.config, { role: 'analyst' });
    const ranked: { id: string; score: number }[] = [];
    for (const d of dealerships) {
      const res = await api.gql<{ influencers: { score: number; person: { id: string } }[] }>(
        `query ($d: ID!) { influencers(first: 100, dealershipId: $d) { score person { id } } }`,
        { d },
        analyst,
      );
      expect(res.errors).toBeUndefined();
      ranked.push(...res.data!.influencers.map((x) => ({ id: x.person.id, score: x.score })));
    }
    ranked.sort((a, b) => b.score - a.score || (a.id < b.id ? -1 : 1));
    const planted = await api.cypher<{ id: string }>(
      `UNWIND $planted AS pl MATCH (p:Person {externalId: pl.person, dealershipId: pl.dealership}) RETURN p.id AS id`,
      { planted: truth.plantedAdvisers },
    );
    expect(planted).toHaveLength(truth.plantedAdvisers.length);
    const plantedIds = new Set(planted.map((p) => p.id));
    const rankOf = (id: string) => ranked.findIndex((r) => r.id === id) + 1;
    const ranks = [...plantedIds].map(rankOf).sort((a, b) => a - b);
    const recallAt = (k: number) => ranks.filter((r) => r > 0 && r <= k).length / plantedIds.size;
    process.stderr.write(
      `[intelligence] demo seed: ${plantedIds.size} planted advisers at ranks ${ranks.join(', ')}; ` +
        `recall@10 ${recallAt(10).toFixed(2)}, recall@20 ${recallAt(20).toFixed(2)}, recall@${plantedIds.size} ${recallAt(plantedIds.size).toFixed(2)}\n`,
    );
    expect(recallAt(20)).toBeGreaterThanOrEqual(0.8);
    expect(ranks.every((r) => r > 0 && r <= 40)).toBe(true);
  });

  const read = (f: string) => readCsvRecords(path.join(dir, f));

  it('gives every store enough named testimonials for the weekly board in each of the last four weeks', async () => {
    // independent count from the files: published, consent to publish, author agreed to be named
    const named = new Set((await read('people.csv')).filter((p) => p.share_consent === 'true').map((p) => p.id));
    const testimonials = await read('testimonials.csv');
    // 2026-06-30 is the Tuesday of 2026-W27
    const weeks = [
      ['2026-W27', '2026-06-29', '2026-07-05'],
      ['2026-W26', '2026-06-22', '2026-06-28'],
      ['2026-W25', '2026-06-15', '2026-06-21'],
      ['2026-W24', '2026-06-08', '2026-06-14'],
    ] as const;
    const marketing = await tokenFor(api.config, { role: 'marketing' });
    for (const d of dealerships) {
      for (const [week, start, end] of weeks) {
        const expected = testimonials.filter(
          (t) => t.dealership === d && t.date! >= start && t.date! <= end && t.status === 'published' && t.publish_consent === 'true' && named.has(t.author!),
        ).length;
        const res = await api.gql<{ boardCandidates: { eligibleCount: number; candidates: { authorName: string }[] } }>(
          `query ($w: String, $d: ID) { boardCandidates(week: $w, dealershipId: $d, first: 20) { eligibleCount candidates { authorName } } }`,
          { w: week, d },
          marketing,
        );
        expect(res.errors).toBeUndefined();
        const out = res.data!.boardCandidates;
        expect(out.eligibleCount, `${d} ${week}`).toBe(expected);
        expect(out.eligibleCount, `${d} ${week}`).toBeGreaterThanOrEqual(8);
        expect(out.candidates.length).toBe(Math.min(20, expected));
        expect(out.candidates.every((c) => c.authorName !== '')).toBe(true);
      }
    }
  });

  it("comes with each store's boards of the three past weeks, published by its manager (else marketing), this week left open", async () => {
    expect(await publishDemoBoards(api.db, dir, '2026-06-30')).toBe(dealerships.length * DEMO_BOARD_WEEKS);
    // again: the kept boards, nothing new
    expect(await publishDemoBoards(api.db, dir, '2026-06-30')).toBe(0);
    const named = new Set((await read('people.csv')).filter((p) => p.share_consent === 'true').map((p) => p.id));
    const eligible = new Set(
      (await read('testimonials.csv'))
        .filter((t) => t.status === 'published' && t.publish_consent === 'true' && named.has(t.author!))
        .map((t) => `${t.dealership} ${t.date} ${t.id}`),
    );
    const users = await api.cypher<{ id: string; role: string; dealership: string | null }>(
      `MATCH (u:User) WHERE u.username IN $names RETURN u.id AS id, toLower(u.role) AS role, u.dealershipId AS dealership`,
      { names: (await read('users.csv')).map((u) => u.username) },
    );
    const marketingUser = users.find((u) => u.role === 'marketing' && !u.dealership)!;
    const rows = await api.cypher<{ d: string; week: string; start: string; end: string; by: string; entries: { id: string; date: string }[] }>(
      `MATCH (b:Board) WHERE b.dealershipId IN $ds
       CALL (b) { MATCH (b)-[:HAS_ENTRY]->(e)-[:QUOTES]->(t) WITH e, t ORDER BY e.rank RETURN collect({id: t.externalId, date: toString(t.date)}) AS entries }
       RETURN b.dealershipId AS d, b.week AS week, toString(b.weekStart) AS start, toString(b.weekEnd) AS end, b.publishedBy AS by, entries
       ORDER BY d, week`,
      { ds: dealerships },
    );
    // 2026-06-30 is in 2026-W27: the three weeks before it, none for W27
    expect(rows.map((r) => `${r.d} ${r.week}`)).toEqual(dealerships.flatMap((d) => ['2026-W24', '2026-W25', '2026-W26'].map((w) => `${d} ${w}`)));
    for (const r of rows) {
      const manager = users.find((u) => u.role === 'manager' && u.dealership === r.d);
      expect(r.by, r.d).toBe((manager ?? marketingUser).id);
      // every store has at least eight eligible testimonials each week (the test above): a full board of eight
      expect(r.entries.length).toBe(8);
      for (const e of r.entries) {
        expect(e.date >= r.start && e.date <= r.end, `${r.week} ${e.date}`).toBe(true);
        expect(eligible.has(`${r.d} ${e.date} ${e.id}`), e.id).toBe(true);
      }
    }
    expect(rows.some((r) => !users.some((u) => u.role === 'manager' && u.dealership === r.d))).toBe(true);
  });
});
