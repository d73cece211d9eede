import { SYMMETRIC_TIES, TIE_TYPES, type TieType } from '../domain.js';
import type { QueryRunner, TxRunner } from './driver.js';
import { readIn } from './driver.js';
import { canNameCypher } from './visibility.js';

export interface PersonRow {
  id: string;
  name: string | null;
  phone: string | null;
  region: string | null;
  city: string | null;
  employer: string | null;
  notes: string | null;
  kind: string;
  shareConsent: boolean;
  contactConsent: boolean;
  dealershipId: string;
  createdAt: string;
  erasedAt: string | null;
}

const PERSON_FIELDS = `p.id AS id, p.name AS name, p.phone AS phone, p.region AS region, p.city AS city,
  p.employer AS employer, p.notes AS notes, p.kind AS kind, coalesce(p.shareConsent, false) AS shareConsent,
  coalesce(p.contactConsent, false) AS contactConsent, p.dealershipId AS dealershipId, p.createdAt AS createdAt,
  p.erasedAt AS erasedAt`;

export async function findPeopleByIds(db: QueryRunner | TxRunner, ids: string[]): Promise<PersonRow[]> {
  const q = `MATCH (p:Person) WHERE p.id IN $ids RETURN ${PERSON_FIELDS}`;
  return readIn<PersonRow>(db, q, { ids });
}

export interface NewPerson {
  id: string;
  name: string;
  phone: string | null;
  region: string | null;
  city: string | null;
  employer: string | null;
  notes: string | null;
  kind: string;
  shareConsent: boolean;
  contactConsent: boolean;
  dealershipId: string;
  recordedBy: string;
}

export async function insertPerson(tx: TxRunner, p: NewPerson): Promise<PersonRow> {
  const rows = await tx.run<PersonRow>(
    `CREATE (p:Person) SET p = $p, p.createdAt = datetime(), p.updatedAt = datetime() RETURN ${PERSON_FIELDS}`,
    { p },
  );
  return rows[0]!;
}

export type PersonPatch = Partial<Omit<NewPerson, 'id' | 'dealershipId' | 'recordedBy'>>;

export async function patchPerson(tx: TxRunner, id: string, patch: PersonPatch): Promise<PersonRow | null> {
  const rows = await tx.run<PersonRow>(
    `MATCH (p:Person {id: $id}) WHERE p.erasedAt IS NULL
     SET p += $patch, p.updatedAt = datetime()
     RETURN ${PERSON_FIELDS}`,
    { id, patch },
  );
  return rows[0] ?? null;
}

export interface TieRow {
  fromId: string;
  toId: string;
  kind: TieType;
  strength: number;
  source: string;
  since: string | null;
  confirmed: boolean;
  created: boolean;
}

function tieType(kind: string): TieType {
  const t = TIE_TYPES.find((x) => x === kind);
  if (!t) throw new Error(`unknown tie type ${kind}`);
  return t;
}

export interface TieProps {
  strength: number;
  source: string;
  since: string | null;
  confirmed: boolean;
  recordedBy: string;
}

/**
 * Adds a tie unless one of that kind already links the two (either way round for symmetric kinds).
 * The two nodes are locked first so concurrent calls cannot create a duplicate.
 */
export async function mergeTie(tx: TxRunner, fromId: string, toId: string, kind: string, props: TieProps, overwrite: boolean): Promise<TieRow | null> {
  const t = tieType(kind);
  const existing = SYMMETRIC_TIES.includes(t) ? `(a)-[r:${t}]-(b)` : `(a)-[r:${t}]->(b)`;
  const rows = await tx.run<TieRow>(
    `MATCH (a:Person {id: $fromId}), (b:Person {id: $toId})
     CALL apoc.lock.nodes([a, b])
     OPTIONAL MATCH ${existing}
     WITH a, b, head(collect(r)) AS r
     CALL (a, b, r) {
       WITH a, b, r WHERE r IS NULL
       CREATE (a)-[n:${t}]->(b)
       SET n.strength = $p.strength, n.source = $p.source, n.since = CASE WHEN $p.since IS NULL THEN null ELSE date($p.since) END,
           n.confirmed = $p.confirmed, n.recordedBy = $p.recordedBy, n.createdAt = datetime()
       RETURN n AS tie, true AS created
       UNION
       WITH a, b, r WHERE r IS NOT NULL
       FOREACH (_ IN CASE WHEN $overwrite THEN [1] ELSE [] END |
         SET r.strength = $p.strength, r.confirmed = $p.confirmed,
             r.since = CASE WHEN $p.since IS NULL THEN r.since ELSE date($p.since) END)
       RETURN r AS tie, false AS created
     }
     RETURN startNode(tie).id AS fromId, endNode(tie).id AS toId, type(tie) AS kind, tie.strength AS strength,
            tie.source AS source, toString(tie.since) AS since, coalesce(tie.confirmed, false) AS confirmed, created`,
    { fromId, toId, p: props, overwrite },
  );
  return rows[0] ?? null;
}

export async function findTie(tx: TxRunner, fromId: string, toId: string, kind: string): Promise<TieRow | null> {
  const t = tieType(kind);
  const pattern = SYMMETRIC_TIES.includes(t) ? `(a)-[r:${t}]-(b)` : `(a)-[r:${t}]->(b)`;
  const rows = await tx.run<TieRow>(
    `MATCH (a:Person {id: $fromId}), (b:Person {id: $toId}) MATCH ${pattern}
     RETURN startNode(r).id AS fromId, endNode(r).id AS toId, type(r) AS kind, r.strength AS strength,
            r.source AS source, toString(r.since) AS since, coalesce(r.confirmed, false) AS confirmed, false AS created
     LIMIT 1`,
    { fromId, toId },
  );
  return rows[0] ?? null;
}

export async function deleteTie(tx: TxRunner, fromId: string, toId: string, kind: string): Promise<number> {
  const t = tieType(kind);
  const pattern = SYMMETRIC_TIES.includes(t) ? `(a)-[r:${t}]-(b)` : `(a)-[r:${t}]->(b)`;
  const rows = await tx.run<{ n: number }>(
    `MATCH (a:Person {id: $fromId}), (b:Person {id: $toId}) MATCH ${pattern} DELETE r RETURN count(*) AS n`,
    { fromId, toId },
  );
  return rows[0]?.n ?? 0;
}

export interface SearchHit {
  id: string;
  name: string;
  phone: string | null;
  kind: string;
  region: string | null;
  city: string | null;
  dealershipId: string;
  score: number;
}

const HIT_FIELDS = `p.id AS id, p.name AS name, p.phone AS phone, p.kind AS kind, p.region AS region, p.city AS city,
  p.dealershipId AS dealershipId`;

const SCOPE = `p.erasedAt IS NULL AND ($viewerRole IN ['admin', 'marketing', 'analyst'] OR coalesce(p.dealershipId = $viewerDealershipId, false))
  AND ${canNameCypher('p')}`;

/** Name search through the CJK full-text index; only people the viewer may read and name. */
export async function searchByName(
  db: QueryRunner,
  lucene: string,
  first: number,
  viewer: { viewerRole: string; viewerDealershipId: string | null },
): Promise<SearchHit[]> {
  return db.read<SearchHit>(
    `CALL db.index.fulltext.queryNodes('person_search', $lucene, {limit: 2000}) YIELD node AS p, score
     WHERE ${SCOPE}
     RETURN ${HIT_FIELDS}, score ORDER BY score DESC, p.id LIMIT toInteger($first)`,
    { lucene, first, ...viewer },
  );
}

/** Phone search by a run of digits anywhere in the number (text index on Person.phone). */
export async function searchByPhone(
  db: QueryRunner,
  digits: string,
  first: number,
  viewer: { viewerRole: string; viewerDealershipId: string | null },
): Promise<SearchHit[]> {
  return db.read<SearchHit>(
    `MATCH (p:Person) WHERE p.phone CONTAINS $digits AND ${SCOPE}
     RETURN ${HIT_FIELDS}, 1.0 AS score ORDER BY p.phone, p.id LIMIT toInteger($first)`,
    { digits, first, ...viewer },
  );
}

export interface ReferralRow {
  referrerId: string;
  refereeId: string;
  date: string;
  channel: string | null;
  saleId: string | null;
}

const REFERRAL_FIELDS = `a.id AS referrerId, b.id AS refereeId, toString(r.date) AS date, r.channel AS channel, r.saleId AS saleId`;

export async function findReferral(tx: TxRunner, referrerId: string, refereeId: string): Promise<ReferralRow | null> {
  const rows = await tx.run<ReferralRow>(
    `MATCH (a:Person {id: $referrerId})-[r:REFERRED]->(b:Person {id: $refereeId}) RETURN ${REFERRAL_FIELDS} LIMIT 1`,
    { referrerId, refereeId },
  );
  return rows[0] ?? null;
}

/**
 * Creates the referral. It takes the referee's earliest purchase on or after its date that no referral into them
 * names yet: a referral recorded after the sale it led to (asked at the delivery) still gets the sale.
 */
export async function createReferral(
  tx: TxRunner,
  p: { referrerId: string; refereeId: string; date: string; channel: string | null; recordedBy: string },
): Promise<ReferralRow> {
  const rows = await tx.run<ReferralRow>(
    `MATCH (a:Person {id: $referrerId}), (b:Person {id: $refereeId})
     OPTIONAL CALL (b) {
       MATCH (b)-[:BOUGHT]->(s:Sale)
       WHERE s.date >= date($date) AND NOT EXISTS { MATCH (:Person)-[x:REFERRED]->(b) WHERE x.saleId = s.id }
       RETURN s.id AS saleId ORDER BY s.date, s.id LIMIT 1
     }
     CREATE (a)-[r:REFERRED {date: date($date), channel: $channel, saleId: saleId, recordedBy: $recordedBy, createdAt: datetime()}]->(b)
     RETURN ${REFERRAL_FIELDS}`,
    p,
  );
  return rows[0]!;
}

/**
 * A new sale's credit: the buyer's earliest referral dated on or before the sale that names no sale yet (the
 * first touch, as referralChain reads a chain) now names this one. Returns the referrer, or null.
 */
export async function claimReferralForSale(tx: TxRunner, p: { buyerId: string; saleId: string; date: string }): Promise<string | null> {
  const rows = await tx.run<{ referrerId: string }>(
    `MATCH (a:Person)-[x:REFERRED]->(b:Person {id: $buyerId})
     WHERE x.saleId IS NULL AND x.date <= date($date)
     WITH a, x ORDER BY x.date, a.id LIMIT 1
     SET x.saleId = $saleId
     RETURN a.id AS referrerId`,
    p,
  );
  return rows[0]?.referrerId ?? null;
}

/** The referrer whose referral names this sale, if any. */
export async function referrerOfSale(tx: TxRunner, saleId: string): Promise<string | null> {
  const rows = await tx.run<{ referrerId: string }>(
    `MATCH (s:Sale {id: $saleId})<-[:BOUGHT]-(b:Person)<-[x:REFERRED]-(a:Person) WHERE x.saleId = s.id
     RETURN a.id AS referrerId ORDER BY x.date, a.id LIMIT 1`,
    { saleId },
  );
  return rows[0]?.referrerId ?? null;
}
