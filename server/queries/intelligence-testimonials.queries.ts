import type { Viewer } from '../graphql/context.js';
import type { QueryRunner } from './driver.js';
import { authorTestimonialsCypher, cypherInt } from './intelligence-people.queries.js';
import { viewerParams } from './visibility.js';

export interface TestimonialHitRow {
  id: string;
  text: string;
  rating: number | null;
  date: string | null;
  consentToBeCalled: boolean | null;
  authorId: string;
  authorContactConsent: boolean | null;
  hops: number;
  strength: number;
  brand: string | null;
  model: string | null;
}

/** [person id, hops from the prospect, path strength] */
export type ReachedTuple = [string, number, number];

/**
 * Usable testimonials (published, consent to publish, readable by the viewer) written by the reached people,
 * nearest first: hops, then path strength, rating, recency and id; cut at `first` in the database.
 */
export function testimonialsByReached(
  db: QueryRunner,
  viewer: Viewer,
  reached: ReachedTuple[],
  first: number,
): Promise<TestimonialHitRow[]> {
  if (reached.length === 0) return Promise.resolve([]);
  return db.read<TestimonialHitRow>(
    `UNWIND $reached AS x
     MATCH (a:Person {id: x[0]})
     ${authorTestimonialsCypher('a', 't')}
     WITH a, t, x[1] AS hops, x[2] AS strength
     ORDER BY hops ASC, strength DESC, t.rating DESC, t.date DESC, t.id ASC
     LIMIT $first
     OPTIONAL CALL (t) {
       MATCH (t)-[:ABOUT]->(:Sale)-[:OF_MODEL]->(m:VehicleModel) RETURN m LIMIT 1
     }
     RETURN t.id AS id, t.text AS text, t.rating AS rating, toString(t.date) AS date,
            t.consentToBeCalled AS consentToBeCalled, a.id AS authorId, a.contactConsent AS authorContactConsent,
            hops, strength, m.brand AS brand, m.model AS model`,
    { reached, first: cypherInt(first), ...viewerParams(viewer) },
  );
}
