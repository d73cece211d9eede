import type { QueryRunner, TxRunner } from './driver.js';
import { AUTHOR_LABEL } from './migrations.js';
import { readIn } from './driver.js';
import { canNameCypher, canReadCypher, visibleNameCypher } from './visibility.js';

export interface FollowUpRow {
  id: string;
  dueDate: string;
  status: string;
  doneAt: string | null;
  outcome: string | null;
  notes: string | null;
  attempts: number;
  thanksGiven: boolean | null;
  helpRequested: string[];
  rating: number | null;
  testimonialId: string | null;
  dealershipId: string;
  assigneeId: string | null;
  saleId: string | null;
  saleDate: string | null;
  vin: string | null;
  brand: string | null;
  model: string | null;
  buyerId: string | null;
  buyerName: string | null;
  buyerPhone: string | null;
  buyerContactConsent: boolean | null;
}

/** Projection of a follow-up `f` with its sale and buyer; names and phones follow the consent rules. */
const FOLLOW_UP_FIELDS = `f.id AS id, f.dueDate AS dueDate, f.status AS status, f.doneAt AS doneAt, f.outcome AS outcome,
  CASE WHEN $viewerRole = 'admin' OR f.dealershipId = $viewerDealershipId THEN f.notes ELSE null END AS notes,
  coalesce(f.attempts, 0) AS attempts, f.thanksGiven AS thanksGiven, coalesce(f.helpRequested, []) AS helpRequested,
  f.rating AS rating, f.testimonialId AS testimonialId, f.dealershipId AS dealershipId, f.assigneeId AS assigneeId,
  s.id AS saleId, s.date AS saleDate, s.vin AS vin, m.brand AS brand, m.model AS model,
  b.id AS buyerId, ${visibleNameCypher('b')} AS buyerName,
  CASE WHEN b IS NULL OR b.phone IS NULL OR NOT ${canNameCypher('b')} THEN null
       WHEN $viewerRole IN ['marketing', 'analyst'] THEN left(b.phone, 6) + '****' + right(b.phone, 4)
       ELSE b.phone END AS buyerPhone,
  b.contactConsent AS buyerContactConsent`;

const WITH_SALE = `OPTIONAL MATCH (f)-[:FOLLOWS_UP]->(s:Sale)
  OPTIONAL MATCH (s)-[:OF_MODEL]->(m:VehicleModel)
  OPTIONAL MATCH (bb:Person)-[:BOUGHT]->(s)
  WITH f, s, m, bb ORDER BY bb.id
  WITH f, s, m, head(collect(bb)) AS b`;

export interface FollowUpListParams {
  assigneeId: string;
  status: string | null;
  dueBefore: string | null;
  today: string;
  first: number;
  viewerRole: string;
  viewerDealershipId: string | null;
}

/** The assignee's follow-ups: open and overdue first (most overdue first), then by due date. */
export async function listFollowUps(db: QueryRunner, p: FollowUpListParams): Promise<FollowUpRow[]> {
  return db.read<FollowUpRow>(
    `MATCH (f:FollowUp)
     WHERE f.assigneeId = $assigneeId AND ${canReadCypher('f')}
       AND ($status IS NULL OR f.status = $status)
       AND ($dueBefore IS NULL OR f.dueDate < date($dueBefore))
     WITH f, CASE WHEN f.status = 'OPEN' AND f.dueDate < date($today) THEN 0 ELSE 1 END AS overdueFirst
     ORDER BY overdueFirst, f.dueDate, f.id
     LIMIT toInteger($first)
     ${WITH_SALE}
     RETURN ${FOLLOW_UP_FIELDS}
     ORDER BY CASE WHEN f.status = 'OPEN' AND f.dueDate < date($today) THEN 0 ELSE 1 END, f.dueDate, f.id`,
    { ...p },
  );
}

export async function getFollowUp(
  db: QueryRunner | TxRunner,
  id: string,
  viewer: { viewerRole: string; viewerDealershipId: string | null },
): Promise<FollowUpRow | null> {
  const q = `MATCH (f:FollowUp {id: $id}) ${WITH_SALE} RETURN ${FOLLOW_UP_FIELDS}`;
  const rows = await readIn<FollowUpRow>(db, q, { id, ...viewer });
  return rows[0] ?? null;
}

export interface LockedFollowUp {
  id: string;
  status: string;
  dealershipId: string;
  assigneeId: string | null;
  saleId: string | null;
  buyerId: string | null;
  buyerErased: boolean;
}

/** Locks the follow-up for this transaction, so two completions of one call cannot both go through. */
export async function lockFollowUp(tx: TxRunner, id: string): Promise<LockedFollowUp | null> {
  const rows = await tx.run<LockedFollowUp>(
    `MATCH (f:FollowUp {id: $id})
     CALL apoc.lock.nodes([f])
     OPTIONAL MATCH (f)-[:FOLLOWS_UP]->(s:Sale)
     OPTIONAL MATCH (b:Person)-[:BOUGHT]->(s)
     WITH f, s, b ORDER BY b.id
     WITH f, s, head(collect(b)) AS b
     RETURN f.id AS id, f.status AS status, f.dealershipId AS dealershipId, f.assigneeId AS assigneeId,
            s.id AS saleId, b.id AS buyerId, b IS NOT NULL AND b.erasedAt IS NOT NULL AS buyerErased`,
    { id },
  );
  return rows[0] ?? null;
}

export interface FollowUpCompletion {
  id: string;
  status: 'OPEN' | 'DONE';
  outcome: string;
  thanksGiven: boolean | null;
  helpRequested: string[];
  helpNotes: string | null;
  /** Feedback kept on the follow-up only (no publish consent). */
  notes: string | null;
  rating: number | null;
  callConsent: boolean | null;
  publishConsent: boolean | null;
  completedBy: string;
}

/** Records the call on the follow-up; a NO_ANSWER attempt only counts the attempt and keeps it open. */
export async function saveFollowUpCompletion(tx: TxRunner, c: FollowUpCompletion): Promise<void> {
  await tx.run(
    `MATCH (f:FollowUp {id: $id})
     SET f.attempts = coalesce(f.attempts, 0) + 1, f.lastAttemptAt = datetime(), f.outcome = $outcome,
         f.status = $status
     WITH f WHERE $status = 'DONE'
     SET f.doneAt = datetime(), f.completedBy = $completedBy, f.thanksGiven = $thanksGiven,
         f.helpRequested = $helpRequested, f.helpNotes = $helpNotes, f.notes = $notes, f.rating = toInteger($rating),
         f.callConsent = $callConsent, f.publishConsent = $publishConsent`,
    { ...c },
  );
}

/** The customer's feedback, with consent to publish, as a DRAFT testimonial by the buyer about the sale. */
export async function insertDraftTestimonial(
  tx: TxRunner,
  p: { id: string; followUpId: string; saleId: string; buyerId: string; text: string; rating: number; date: string; consentToBeCalled: boolean },
): Promise<void> {
  await tx.run(
    `MATCH (s:Sale {id: $saleId}), (b:Person {id: $buyerId}), (f:FollowUp {id: $followUpId})
     CREATE (t:Testimonial {id: $id, text: $text, rating: toInteger($rating), date: date($date), consentToPublish: true,
                            consentToBeCalled: $consentToBeCalled, status: 'DRAFT', dealershipId: s.dealershipId,
                            followUpId: $followUpId, createdAt: datetime()})
     CREATE (b)-[:WROTE]->(t), (t)-[:ABOUT]->(s)
     SET f.testimonialId = $id, b:${AUTHOR_LABEL}`,
    p,
  );
}

export interface NewTask {
  id: string;
  kind: string;
}

/** One Task per kind of help the customer asked for, assigned to the follow-up's assignee. */
export async function insertHelpTasks(
  tx: TxRunner,
  p: { followUpId: string; tasks: NewTask[]; notes: string | null; dueDate: string; createdBy: string },
): Promise<{ id: string; kind: string }[]> {
  return tx.run(
    `MATCH (f:FollowUp {id: $followUpId})
     OPTIONAL MATCH (f)-[:FOLLOWS_UP]->(s:Sale)
     OPTIONAL MATCH (b:Person)-[:BOUGHT]->(s)
     WITH f, s, head(collect(b.id)) AS buyerId
     UNWIND $tasks AS t
     CREATE (k:Task {id: t.id, kind: t.kind, status: 'OPEN', notes: $notes, dueDate: date($dueDate),
                     dealershipId: f.dealershipId, assigneeId: f.assigneeId, followUpId: f.id, saleId: s.id,
                     personId: buyerId, createdBy: $createdBy, createdAt: datetime()})
     RETURN k.id AS id, k.kind AS kind`,
    p,
  );
}

export interface TaskRow {
  id: string;
  kind: string;
  status: string;
  notes: string | null;
  dueDate: string | null;
  doneAt: string | null;
  dealershipId: string;
  assigneeId: string | null;
  followUpId: string | null;
  saleId: string | null;
  personId: string | null;
}

const TASK_FIELDS = `k.id AS id, k.kind AS kind, k.status AS status, k.notes AS notes, k.dueDate AS dueDate,
  k.doneAt AS doneAt, k.dealershipId AS dealershipId, k.assigneeId AS assigneeId, k.followUpId AS followUpId,
  k.saleId AS saleId, k.personId AS personId`;

export async function tasksOfFollowUp(db: QueryRunner | TxRunner, followUpId: string): Promise<TaskRow[]> {
  const q = `MATCH (k:Task {followUpId: $followUpId}) RETURN ${TASK_FIELDS} ORDER BY k.kind`;
  return readIn<TaskRow>(db, q, { followUpId });
}

export async function lockTask(tx: TxRunner, id: string): Promise<TaskRow | null> {
  const rows = await tx.run<TaskRow>(`MATCH (k:Task {id: $id}) CALL apoc.lock.nodes([k]) RETURN ${TASK_FIELDS}`, { id });
  return rows[0] ?? null;
}

export async function closeTask(tx: TxRunner, p: { id: string; notes: string | null; doneBy: string }): Promise<TaskRow> {
  const rows = await tx.run<TaskRow>(
    `MATCH (k:Task {id: $id})
     SET k.status = 'DONE', k.doneAt = datetime(), k.doneBy = $doneBy,
         k.notes = CASE WHEN $notes IS NULL THEN k.notes ELSE $notes END
     RETURN ${TASK_FIELDS}`,
    p,
  );
  return rows[0]!;
}

export interface FollowUpStatsRow {
  dealershipId: string;
  dealershipName: string | null;
  assigneeId: string | null;
  assigneeName: string | null;
  due: number;
  done: number;
  reached: number;
  onTime: number;
  overdueOpen: number;
  /** Days from the sale to the completed call, one per completed follow-up. */
  daysToCall: number[];
}

/**
 * Follow-ups due in [from, to] (cancelled ones left out), per dealership and assignee. The call's day is read on
 * China time; "on time" means done on or before the due date.
 */
export async function followUpStatsRows(
  db: QueryRunner,
  p: { from: string; to: string; today: string; dealershipId: string | null; viewerRole: string; viewerDealershipId: string | null },
): Promise<FollowUpStatsRow[]> {
  return db.read<FollowUpStatsRow>(
    `MATCH (f:FollowUp)
     WHERE f.dueDate >= date($from) AND f.dueDate <= date($to) AND f.status <> 'CANCELLED' AND ${canReadCypher('f')}
       AND ($dealershipId IS NULL OR f.dealershipId = $dealershipId)
     OPTIONAL MATCH (f)-[:FOLLOWS_UP]->(s:Sale)
     WITH f, head(collect(s)) AS s
     WITH f, s, CASE WHEN f.doneAt IS NULL THEN null
                     ELSE date(datetime({datetime: f.doneAt, timezone: 'Asia/Shanghai'})) END AS doneDate
     WITH f.dealershipId AS dealershipId, f.assigneeId AS assigneeId,
          count(f) AS due,
          sum(CASE WHEN f.status = 'DONE' THEN 1 ELSE 0 END) AS done,
          sum(CASE WHEN f.status = 'DONE' AND f.outcome = 'REACHED' THEN 1 ELSE 0 END) AS reached,
          sum(CASE WHEN f.status = 'DONE' AND doneDate <= f.dueDate THEN 1 ELSE 0 END) AS onTime,
          sum(CASE WHEN f.status = 'OPEN' AND f.dueDate < date($today) THEN 1 ELSE 0 END) AS overdueOpen,
          collect(CASE WHEN f.status = 'DONE' AND s IS NOT NULL THEN duration.inDays(s.date, doneDate).days END)
            AS daysToCall
     OPTIONAL MATCH (d:Dealership {id: dealershipId})
     OPTIONAL MATCH (u:User {id: assigneeId})
     RETURN dealershipId, d.name AS dealershipName, assigneeId, u.displayName AS assigneeName,
            due, done, reached, onTime, overdueOpen, daysToCall
     ORDER BY dealershipId, assigneeId
     LIMIT 5000`,
    p,
  );
}
