import type { QueryRunner, TxRunner } from './driver.js';
import { readIn } from './driver.js';
import { canReadCypher } from './visibility.js';

export interface TestimonialFacts {
  testimonialId: string;
  found: boolean;
  status: string | null;
  consentToPublish: boolean | null;
  consentToBeCalled: boolean | null;
  dealershipId: string | null;
  date: string | null;
  text: string | null;
  rating: number | null;
  authorId: string | null;
  authorName: string | null;
  authorShareConsent: boolean | null;
  authorErased: boolean | null;
  saleId: string | null;
  vehicleModelId: string | null;
  brand: string | null;
  model: string | null;
  salespersonId: string | null;
  salespersonName: string | null;
}

/** What a board needs to know of a testimonial `t` (possibly null) and its author, sale, model and salesperson. */
const FACTS = `OPTIONAL MATCH (a:Person)-[:WROTE]->(t)
  WITH tid, t, a ORDER BY a.id
  WITH tid, t, head(collect(a)) AS a
  OPTIONAL MATCH (t)-[:ABOUT]->(s:Sale)
  WITH tid, t, a, head(collect(s)) AS s
  OPTIONAL MATCH (s)-[:OF_MODEL]->(m:VehicleModel)
  OPTIONAL MATCH (u:User {id: s.salespersonId})
  WITH tid, t, a, s, head(collect(m)) AS m, head(collect(u)) AS u
  RETURN tid AS testimonialId, t IS NOT NULL AS found, t.status AS status, t.consentToPublish AS consentToPublish,
         t.consentToBeCalled AS consentToBeCalled, t.dealershipId AS dealershipId, t.date AS date, t.text AS text,
         t.rating AS rating, a.id AS authorId,
         CASE WHEN a IS NULL OR a.erasedAt IS NOT NULL OR NOT coalesce(a.shareConsent, false) THEN null ELSE a.name END AS authorName,
         a.shareConsent AS authorShareConsent, a IS NOT NULL AND a.erasedAt IS NOT NULL AS authorErased,
         s.id AS saleId, m.id AS vehicleModelId, m.brand AS brand, m.model AS model,
         s.salespersonId AS salespersonId, u.displayName AS salespersonName`;

/** Published testimonials of the dealership dated in [start, end] that may go on a board with the real name. */
export async function eligibleTestimonials(
  db: QueryRunner | TxRunner,
  p: { dealershipId: string; start: string; end: string; cap: number },
): Promise<TestimonialFacts[]> {
  const q = `MATCH (t:Testimonial)
     WHERE t.status = 'PUBLISHED' AND t.dealershipId = $dealershipId AND t.consentToPublish = true
       AND t.date >= date($start) AND t.date <= date($end)
       AND EXISTS { MATCH (w:Person)-[:WROTE]->(t) WHERE w.shareConsent = true AND w.erasedAt IS NULL }
     WITH t ORDER BY t.date DESC, t.id LIMIT toInteger($cap)
     WITH t.id AS tid, t
     ${FACTS}`;
  return readIn<TestimonialFacts>(db, q, p);
}

/** All published testimonials of the dealership in the period, whatever their consent: the board's denominator. */
export async function countPublished(db: QueryRunner | TxRunner, p: { dealershipId: string; start: string; end: string }): Promise<number> {
  const q = `MATCH (t:Testimonial)
     WHERE t.status = 'PUBLISHED' AND t.dealershipId = $dealershipId AND t.date >= date($start) AND t.date <= date($end)
     RETURN count(t) AS n`;
  const rows = await readIn<{ n: number }>(db, q, p);
  return rows[0]?.n ?? 0;
}

export async function testimonialFacts(db: TxRunner, ids: string[]): Promise<TestimonialFacts[]> {
  return db.run<TestimonialFacts>(
    `UNWIND $ids AS tid
     OPTIONAL MATCH (t:Testimonial {id: tid})
     ${FACTS}`,
    { ids },
  );
}

/** Locks the dealership node for the transaction: publishing one week's board is serialised per store. */
export async function lockDealership(tx: TxRunner, dealershipId: string): Promise<boolean> {
  const rows = await tx.run<{ ok: boolean }>(
    `MATCH (d:Dealership {id: $dealershipId}) CALL apoc.lock.nodes([d]) RETURN true AS ok`,
    { dealershipId },
  );
  return rows.length > 0;
}

export interface BoardEntryRow {
  id: string;
  rank: number;
  testimonialId: string;
  authorName: string | null;
  text: string | null;
  rating: number;
  date: string;
  brand: string | null;
  model: string | null;
  salespersonName: string | null;
  /** null while the entry may still be shown; otherwise why not. */
  withdrawnReason: 'WITHDRAWN' | 'CONSENT_REVOKED' | 'ERASED' | null;
}

export interface BoardRow {
  id: string;
  week: string;
  weekStart: string;
  weekEnd: string;
  dealershipId: string;
  dealershipName: string | null;
  publishedAt: string;
  publishedBy: string;
  publishedByName: string | null;
  publishedReviewCount: number;
  entries: BoardEntryRow[];
}

/**
 * A board `b` with its entries in rank order. An entry is flagged when its testimonial was withdrawn (or is
 * gone), its author was erased, or consent to publish / to be named was revoked; then its name and text are
 * not returned.
 */
const BOARD_FIELDS = `CALL (b) {
    MATCH (b)-[:HAS_ENTRY]->(e:BoardEntry)
    OPTIONAL MATCH (e)-[:QUOTES]->(t:Testimonial)
    OPTIONAL MATCH (a:Person)-[:WROTE]->(t)
    WITH e, t, head(collect(a)) AS a
    WITH e, CASE WHEN t IS NULL OR t.status = 'WITHDRAWN' THEN 'WITHDRAWN'
                 WHEN a IS NULL OR a.erasedAt IS NOT NULL THEN 'ERASED'
                 WHEN NOT coalesce(t.consentToPublish, false) OR NOT coalesce(a.shareConsent, false) THEN 'CONSENT_REVOKED'
                 ELSE null END AS reason
    ORDER BY e.rank
    RETURN collect({id: e.id, rank: e.rank, testimonialId: e.testimonialId,
                    authorName: CASE WHEN reason IS NULL THEN e.authorName ELSE null END,
                    text: CASE WHEN reason IS NULL THEN e.text ELSE null END,
                    rating: e.rating, date: e.date, brand: e.brand, model: e.model,
                    salespersonName: e.salespersonName, withdrawnReason: reason}) AS entries
  }
  OPTIONAL MATCH (d:Dealership {id: b.dealershipId})
  RETURN b.id AS id, b.week AS week, b.weekStart AS weekStart, b.weekEnd AS weekEnd, b.dealershipId AS dealershipId,
         d.name AS dealershipName, b.publishedAt AS publishedAt, b.publishedBy AS publishedBy,
         b.publishedByName AS publishedByName, b.publishedReviewCount AS publishedReviewCount, entries`;

export async function listBoards(
  db: QueryRunner,
  p: { first: number; dealershipId: string | null; viewerRole: string; viewerDealershipId: string | null },
): Promise<BoardRow[]> {
  return db.read<BoardRow>(
    `MATCH (b:Board)
     WHERE ${canReadCypher('b')} AND ($dealershipId IS NULL OR b.dealershipId = $dealershipId)
     WITH b ORDER BY b.weekStart DESC, b.publishedAt DESC, b.id LIMIT toInteger($first)
     ${BOARD_FIELDS}
     ORDER BY weekStart DESC, publishedAt DESC, id`,
    p,
  );
}

export async function getBoard(
  db: QueryRunner | TxRunner,
  p: { id: string; viewerRole: string; viewerDealershipId: string | null },
): Promise<BoardRow | null> {
  const q = `MATCH (b:Board {id: $id}) WHERE ${canReadCypher('b')} ${BOARD_FIELDS}`;
  const rows = await readIn<BoardRow>(db, q, p);
  return rows[0] ?? null;
}

/** The board already published for this store and week, with its testimonial ids in rank order. */
export async function findBoardOfWeek(tx: TxRunner, p: { dealershipId: string; week: string }): Promise<{ id: string; testimonialIds: string[] } | null> {
  const rows = await tx.run<{ id: string; testimonialIds: string[] }>(
    `MATCH (b:Board {dealershipId: $dealershipId, week: $week})
     CALL (b) { MATCH (b)-[:HAS_ENTRY]->(e:BoardEntry) WITH e ORDER BY e.rank RETURN collect(e.testimonialId) AS testimonialIds }
     RETURN b.id AS id, testimonialIds LIMIT 1`,
    p,
  );
  return rows[0] ?? null;
}

export interface NewBoard {
  id: string;
  week: string;
  weekStart: string;
  weekEnd: string;
  dealershipId: string;
  publishedBy: string;
  publishedByName: string;
  publishedReviewCount: number;
  entries: {
    id: string;
    rank: number;
    testimonialId: string;
    authorName: string;
    text: string;
    rating: number;
    date: string;
    brand: string | null;
    model: string | null;
    salespersonName: string | null;
  }[];
}

/** The board and a snapshot of each entry (name, text, rating as published), each QUOTES its testimonial. */
export async function insertBoard(tx: TxRunner, b: NewBoard): Promise<void> {
  await tx.run(
    // the name people know the publisher by, kept with the board as it was on the day
    `OPTIONAL MATCH (u:User {id: $publishedBy})
     CREATE (b:Board {id: $id, week: $week, weekStart: date($weekStart), weekEnd: date($weekEnd),
                      dealershipId: $dealershipId, publishedAt: datetime(), publishedBy: $publishedBy,
                      publishedByName: coalesce(u.displayName, $publishedByName),
                      publishedReviewCount: toInteger($publishedReviewCount)})
     WITH b
     UNWIND $entries AS e
     MATCH (t:Testimonial {id: e.testimonialId})
     CREATE (b)-[:HAS_ENTRY]->(x:BoardEntry {id: e.id, rank: toInteger(e.rank), testimonialId: e.testimonialId,
                                             authorName: e.authorName, text: e.text, rating: toInteger(e.rating),
                                             date: date(e.date), brand: e.brand, model: e.model,
                                             salespersonName: e.salespersonName, dealershipId: $dealershipId})
     CREATE (x)-[:QUOTES]->(t)`,
    { ...b },
  );
}

export interface TestimonialStatusRow {
  id: string;
  status: string;
  consentToPublish: boolean;
  dealershipId: string;
}

export async function lockTestimonial(tx: TxRunner, id: string): Promise<TestimonialStatusRow | null> {
  const rows = await tx.run<TestimonialStatusRow>(
    `MATCH (t:Testimonial {id: $id}) CALL apoc.lock.nodes([t])
     RETURN t.id AS id, t.status AS status, coalesce(t.consentToPublish, false) AS consentToPublish,
            t.dealershipId AS dealershipId`,
    { id },
  );
  return rows[0] ?? null;
}

export async function setTestimonialStatusRow(tx: TxRunner, p: { id: string; status: string; by: string }): Promise<TestimonialStatusRow> {
  const rows = await tx.run<TestimonialStatusRow>(
    `MATCH (t:Testimonial {id: $id})
     SET t.status = $status, t.statusChangedAt = datetime(), t.statusChangedBy = $by,
         t.withdrawnAt = CASE WHEN $status = 'WITHDRAWN' THEN datetime() ELSE t.withdrawnAt END,
         t.publishedAt = CASE WHEN $status = 'PUBLISHED' THEN datetime() ELSE t.publishedAt END
     RETURN t.id AS id, t.status AS status, coalesce(t.consentToPublish, false) AS consentToPublish,
            t.dealershipId AS dealershipId`,
    p,
  );
  return rows[0]!;
}
