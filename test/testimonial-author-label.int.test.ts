import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importFolder } from '../server/data/import.js';
import { runMigrations } from '../server/queries/migrations.js';
import { recomputeInfluence } from '../server/services/intelligence/influence.js';
import { generateSeed } from '../seeds/generate.js';
import { startTestApi, tokenFor, uid, type TestApi } from './support/test-api.js';
import { buildGraph } from './intelligence-fixture.js';

/*
 * :TestimonialAuthor marks everyone who wrote a testimonial; the traversals look for testimonial authors only among
 * people carrying it. The importer and the follow-up call set it (routines-followups.int), a merge carries it over
 * (people.int), and every start sets it on authors written some other way.
 */
describe('the TestimonialAuthor label', () => {
  let api: TestApi;
  let dir: string;

  beforeAll(async () => {
    api = await startTestApi();
  });
  afterAll(async () => {
    await api?.stop();
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  it('is set at start (and by every influence recompute) on authors written around the API, who then show up', async () => {
    const g = await buildGraph(api, [{ key: 'p' }, { key: 'a' }], [{ from: 'p', to: 'a', kind: 'FRIEND', strength: 0.8 }]);
    // written by hand, as a Cypher load or a restore of an old backup would: no label
    await api.cypher(
      `MATCH (a:Person {id: $a})
       CREATE (a)-[:WROTE]->(:Testimonial {id: $t, text: '推荐', rating: 5, date: date('2024-03-01'), status: 'PUBLISHED',
                                          consentToPublish: true, consentToBeCalled: true, dealershipId: $d})`,
      { a: g.id('a'), t: g.id('t'), d: g.dealershipId },
    );
    const token = await tokenFor(api.config, { role: 'salesperson', dealershipId: g.dealershipId });
    const KNOWN = `query ($id: ID!) { knownContactTestimonials(prospectId: $id) { id author { id } } }`;
    // (no check before the migration: another test file's influence recompute may label it at any moment)
    await runMigrations(api.driver, api.config.neo4j.database);
    const [row] = await api.cypher<{ labelled: boolean }>(`MATCH (a:Person {id: $a}) RETURN a:TestimonialAuthor AS labelled`, { a: g.id('a') });
    expect(row!.labelled).toBe(true);
    // the same through a recompute: take the label off and run one
    await api.cypher(`MATCH (a:Person {id: $a}) REMOVE a:TestimonialAuthor`, { a: g.id('a') });
    await recomputeInfluence(api.db);
    const [again] = await api.cypher<{ labelled: boolean }>(`MATCH (a:Person {id: $a}) RETURN a:TestimonialAuthor AS labelled`, { a: g.id('a') });
    expect(again!.labelled).toBe(true);
    const after = await api.gql<{ knownContactTestimonials: { id: string; author: { id: string } }[] }>(KNOWN, { id: g.id('p') }, token);
    expect(after.data!.knownContactTestimonials).toEqual([{ id: g.id('t'), author: { id: g.id('a') } }]);
  });

  it('is set by the importer on every author it loads', async () => {
    const ns = uid('lbl');
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'quanzi-label-'));
    await generateSeed({ size: 'demo', seed: 9, people: 400, out: dir, namespace: ns });
    await importFolder(api.db, dir);
    const [row] = await api.cypher<{ authors: number; unlabelled: number }>(
      `MATCH (a:Person)-[:WROTE]->(:Testimonial) WHERE a.dealershipId STARTS WITH $ns
       RETURN count(DISTINCT a) AS authors, count(DISTINCT CASE WHEN NOT a:TestimonialAuthor THEN a END) AS unlabelled`,
      { ns: `${ns}-` },
    );
    expect(row!.authors).toBeGreaterThan(5);
    expect(row!.unlabelled).toBe(0);
  });
});
