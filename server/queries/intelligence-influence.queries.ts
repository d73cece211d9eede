import type { Viewer } from '../graphql/context.js';
import type { QueryRunner } from './driver.js';
import { cypherInt, tieTypePattern, type IdNumber } from './intelligence-people.queries.js';
import { canReadCypher, viewerParams, visibleNameCypher } from './visibility.js';

/** Days after an accompanied visit within which the visitor's purchase counts as "ended in a sale". */
export const ACCOMPANIED_SALE_DAYS = 90;

export interface InfluencePersonRow {
  /** Neo4j's node id: the scan's key (as a float, so no Integer objects cross the wire). */
  nid: number;
  id: string;
  /** The stored scores: [influence, centrality, advisedBought, referralSales, accompaniedSales], null if none. */
  old: (number | null)[] | null;
}

export interface InfluenceTieRow {
  a: number;
  b: number;
  /** Tie strength; a missing strength reads 0.5. */
  w: number;
}

/**
 * The influence scan, streamed: every live person with their stored scores (so unchanged scores need not be
 * written again). One label scan, handed over record by record however large the graph.
 */
export function streamInfluencePeople(db: QueryRunner, onRow: (row: InfluencePersonRow) => void): Promise<number> {
  return db.stream<InfluencePersonRow>(
    `MATCH (a:Person) WHERE a.erasedAt IS NULL
     RETURN toFloat(id(a)) AS nid, a.id AS id,
            CASE WHEN a.influence IS NULL THEN null ELSE [a.influence, a.influenceCentrality, a.influenceAdvisedBought,
                 a.influenceReferralSales, a.influenceAccompaniedSales] END AS old`,
    {},
    onRow,
  );
}

/** Every stored tie between two live people, each once (as stored), streamed. */
export function streamInfluenceTies(db: QueryRunner, onRow: (row: InfluenceTieRow) => void): Promise<number> {
  return db.stream<InfluenceTieRow>(
    `MATCH (a:Person)-[r:${tieTypePattern()}]->(b:Person)
     WHERE a <> b AND a.erasedAt IS NULL AND b.erasedAt IS NULL
     RETURN toFloat(id(a)) AS a, toFloat(id(b)) AS b, toFloat(coalesce(r.strength, 0.5)) AS w`,
    {},
    onRow,
  );
}

export interface PartRow {
  /** Node id, as in InfluencePageRow. */
  nid: number;
  n: number;
}

/**
 * The sales-outcome parts, each read from its own relationship type (a scan of those relationships, not of
 * every person), returning only the people with a count above zero.
 */
export const OUTCOME_PARTS = {
  /** Distinct people they advise who bought a car. */
  advisedBought: `MATCH (a:Person)-[:ADVISES]->(x:Person)
     WHERE a.erasedAt IS NULL AND x.erasedAt IS NULL AND EXISTS { (x)-[:BOUGHT]->(:Sale) }
     RETURN toFloat(id(a)) AS nid, count(DISTINCT x) AS n`,
  /** Their referrals that became sales (distinct sales). */
  referralSales: `MATCH (a:Person)-[r:REFERRED]->(:Person)
     WHERE a.erasedAt IS NULL AND r.saleId IS NOT NULL
     RETURN toFloat(id(a)) AS nid, count(DISTINCT r.saleId) AS n`,
  /** Visits they came along to whose visitor bought within ACCOMPANIED_SALE_DAYS. */
  accompaniedSales: `MATCH (a:Person)-[:ACCOMPANIED]->(v:Visit)<-[:MADE_VISIT]-(x:Person)
     WHERE a.erasedAt IS NULL AND x <> a
       AND EXISTS { MATCH (x)-[:BOUGHT]->(s:Sale) WHERE s.date >= v.date AND s.date <= v.date + duration({days: $days}) }
     RETURN toFloat(id(a)) AS nid, count(DISTINCT v) AS n`,
} as const;

export function outcomePart(db: QueryRunner, part: keyof typeof OUTCOME_PARTS): Promise<PartRow[]> {
  return db.readBatch<PartRow>(OUTCOME_PARTS[part], { days: cypherInt(ACCOMPANIED_SALE_DAYS) });
}

/** [id, score, centrality, advisedBought, referralSales, accompaniedSales] */
export type InfluenceWrite = [string, number, number, number, number, number];

/**
 * Writes one batch of scores in one transaction. A run only overwrites scores from runs that started no later
 * than itself, so two overlapping runs (schedule and import, or two processes) leave the newer snapshot's scores;
 * a stamp more than an hour in the future (a server with a wrong clock) does not block later runs.
 */
export async function writeInfluenceBatch(db: QueryRunner, rows: InfluenceWrite[], computedAt: string): Promise<number> {
  const res = await db.write<{ n: number }>(
    `UNWIND $rows AS r
     MATCH (p:Person {id: r[0]})
     WHERE p.influenceComputedAt IS NULL OR p.influenceComputedAt <= datetime($at)
        OR p.influenceComputedAt > datetime() + duration('PT1H')
     SET p.influence = r[1], p.influenceCentrality = r[2], p.influenceAdvisedBought = toInteger(r[3]),
         p.influenceReferralSales = toInteger(r[4]), p.influenceAccompaniedSales = toInteger(r[5]),
         p.influenceComputedAt = datetime($at)
     RETURN count(p) AS n`,
    { rows, at: computedAt },
  );
  return res[0]?.n ?? 0;
}

/** Erased people keep no score, so they never rank. */
export async function clearErasedInfluence(db: QueryRunner): Promise<number> {
  const res = await db.write<{ n: number }>(
    `MATCH (p:Person) WHERE p.influence IS NOT NULL AND p.erasedAt IS NOT NULL
     REMOVE p.influence, p.influenceCentrality, p.influenceAdvisedBought, p.influenceReferralSales,
            p.influenceAccompaniedSales
     RETURN count(p) AS n`,
  );
  return res[0]?.n ?? 0;
}

export interface InfluencerRow {
  id: string;
  name: string | null;
  kind: string | null;
  region: string | null;
  dealershipId: string | null;
  score: number;
  centrality: number | null;
  advisedBought: number | null;
  referralSales: number | null;
  accompaniedSales: number | null;
  contactConsent: boolean;
  computedAt: string | null;
}

export interface InfluencerFilter {
  first: number;
  region?: string | null;
  dealershipId?: string | null;
  contactableOnly?: boolean;
}

/**
 * The stored ranking, read in index order of Person.influence (the person_influence index), filtered and cut at
 * `first`; equal scores go by id so the order is the same on every call.
 */
export async function topInfluencers(db: QueryRunner, viewer: Viewer, f: InfluencerFilter): Promise<InfluencerRow[]> {
  const where = [
    'p.influence IS NOT NULL',
    'p.erasedAt IS NULL',
    f.region ? 'p.region = $region' : null,
    f.dealershipId ? 'p.dealershipId = $dealershipId' : null,
    f.contactableOnly ? 'coalesce(p.contactConsent, false)' : null,
    canReadCypher('p'),
  ].filter(Boolean);
  // the stamp as epoch milliseconds: a number crosses the wire and converts for far less than a DateTime per row
  const rows = await db.read<Omit<InfluencerRow, 'computedAt'> & { computedAtMs: number | null }>(
    `MATCH (p:Person) USING INDEX p:Person(influence)
     WHERE ${where.join(' AND ')}
     WITH p ORDER BY p.influence DESC, p.id ASC LIMIT $first
     RETURN p.id AS id, ${visibleNameCypher('p')} AS name, p.kind AS kind, p.region AS region,
            p.dealershipId AS dealershipId, p.influence AS score, p.influenceCentrality AS centrality,
            p.influenceAdvisedBought AS advisedBought, p.influenceReferralSales AS referralSales,
            p.influenceAccompaniedSales AS accompaniedSales, coalesce(p.contactConsent, false) AS contactConsent,
            p.influenceComputedAt.epochMillis AS computedAtMs`,
    { first: cypherInt(f.first), region: f.region ?? null, dealershipId: f.dealershipId ?? null, ...viewerParams(viewer) },
  );
  return rows.map(({ computedAtMs, ...r }) => ({ ...r, computedAt: computedAtMs === null ? null : new Date(computedAtMs).toISOString() }));
}

/**
 * Each asked person's place in their store's ranking, as `topInfluencers` with that store's id ranks for this
 * viewer, when within the first `top`. One read of each store's top in index order, whatever the number asked.
 */
export function storeRanksOf(db: QueryRunner, viewer: Viewer, ids: readonly string[], top: number): Promise<IdNumber[]> {
  return db.read<IdNumber>(
    `UNWIND $ids AS pid
     MATCH (x:Person {id: pid}) WHERE x.dealershipId IS NOT NULL
     WITH collect(x.id) AS asked, collect(DISTINCT x.dealershipId) AS stores
     UNWIND stores AS d
     CALL (d) {
       MATCH (p:Person) USING INDEX p:Person(influence)
       WHERE p.influence IS NOT NULL AND p.erasedAt IS NULL AND p.dealershipId = d AND ${canReadCypher('p')}
       WITH p ORDER BY p.influence DESC, p.id ASC LIMIT $top
       RETURN collect(p.id) AS ranked
     }
     UNWIND range(0, size(ranked) - 1) AS i
     WITH asked, ranked[i] AS id, i + 1 AS n
     WHERE id IN asked
     RETURN id, n`,
    { ids, top: cypherInt(top), ...viewerParams(viewer) },
  );
}
