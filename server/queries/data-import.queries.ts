import { TIE_TYPES, SYMMETRIC_TIES, type TieType } from '../domain.js';
import { AUTHOR_LABEL } from './migrations.js';
import { createFollowUpCypher } from './routines-sales.queries.js';
import type { QueryRunner, TxRunner } from './driver.js';

/**
 * Cypher of the importer (server/data/import.ts). Every statement MERGEs on the internal id, so loading the
 * same rows twice changes nothing; rows travel as one UNWIND list per transaction.
 */

type Row = Record<string, unknown>;

const created = 'RETURN count(CASE WHEN isNew THEN 1 END) AS created';

async function one(tx: TxRunner, cypher: string, params: Row): Promise<number> {
  const rows = await tx.run<{ created: number }>(cypher, params);
  return rows[0]?.created ?? 0;
}

export function loadDealerships(tx: TxRunner, rows: Row[]): Promise<number> {
  return one(
    tx,
    `UNWIND $rows AS r
     OPTIONAL MATCH (old:Dealership {id: r.id})
     WITH r, old IS NULL AS isNew
     MERGE (d:Dealership {id: r.id})
     SET d.name = r.name, d.city = r.city, d.region = r.region, d.brands = r.brands
     ${created}`,
    { rows },
  );
}

export function loadUsers(tx: TxRunner, rows: Row[], now: string): Promise<number> {
  return one(
    tx,
    `UNWIND $rows AS r
     MERGE (u:User {id: r.id})
     ON CREATE SET u.createdAt = datetime($now)
     WITH u, r, u.createdAt = datetime($now) AS isNew
     SET u += r.props
     ${created}`,
    { rows, now },
  );
}

/** Vehicle models are matched on brand and model (as the app does); returns the id of each. */
export async function loadVehicleModels(
  tx: TxRunner,
  rows: Row[],
): Promise<{ brand: string; model: string; id: string; isNew: boolean }[]> {
  return tx.run(
    `UNWIND $rows AS r
     OPTIONAL MATCH (old:VehicleModel {brand: r.brand, model: r.model})
     WITH r, count(old) = 0 AS isNew
     MERGE (m:VehicleModel {brand: r.brand, model: r.model})
     ON CREATE SET m.id = r.id
     SET m += r.props
     RETURN r.brand AS brand, r.model AS model, m.id AS id, isNew ORDER BY id`,
    { rows },
  );
}

export function loadOrganizations(tx: TxRunner, rows: Row[]): Promise<number> {
  return one(
    tx,
    `UNWIND $rows AS r
     OPTIONAL MATCH (old:Organization {id: r.id})
     WITH r, old IS NULL AS isNew
     MERGE (o:Organization {id: r.id})
     SET o += r.props
     ${created}`,
    { rows },
  );
}

/** People: [id, propsMap]; an erased person keeps their blanked fields. */
export function loadPeople(tx: TxRunner, rows: unknown[], now: string, recordedBy: string | null): Promise<number> {
  // ON CREATE / ON MATCH apart: into an empty database every property is written once
  return one(
    tx,
    `UNWIND $rows AS r
     MERGE (p:Person {id: r[0]})
     ON CREATE SET p += r[1], p.createdAt = datetime($now), p.recordedBy = $recordedBy
     ON MATCH SET p += CASE WHEN p.erasedAt IS NULL THEN r[1] ELSE {} END
     WITH p WHERE p.createdAt = datetime($now)
     RETURN count(p) AS created`,
    { rows, now, recordedBy },
  );
}

export function loadSales(tx: TxRunner, rows: Row[], now: string): Promise<number> {
  return one(
    tx,
    `UNWIND $rows AS r
     MATCH (b:Person {id: r.buyer})
     MATCH (m:VehicleModel {id: r.model})
     MERGE (s:Sale {id: r.id})
     ON CREATE SET s.createdAt = datetime($now)
     WITH s, b, m, r, s.createdAt = datetime($now) AS isNew
     SET s += r.props, s.date = date(r.date)
     MERGE (b)-[:BOUGHT]->(s)
     MERGE (s)-[:OF_MODEL]->(m)
     WITH s, b, m, r, isNew
     CALL (s, b) { OPTIONAL MATCH (o:Person)-[x:BOUGHT]->(s) WHERE o <> b DELETE x }
     CALL (s, m) { OPTIONAL MATCH (s)-[x:OF_MODEL]->(o) WHERE o <> m DELETE x }
     // a recent sale's thank-you call, as recordSale creates it; never a second one (re-import, or recorded in the app)
     CALL (s, r) {
       WITH s, r WHERE r.followUp IS NOT NULL AND NOT EXISTS { (:FollowUp)-[:FOLLOWS_UP]->(s) }
       ${createFollowUpCypher('s', { id: 'r.followUp.id', dueDate: 'date(r.followUp.dueDate)', assigneeId: 'r.followUp.assigneeId', createdAt: 'datetime($now)' })}
     }
     ${created}`,
    { rows, now },
  );
}

export function loadEmployments(tx: TxRunner, rows: Row[]): Promise<number> {
  return one(
    tx,
    `UNWIND $rows AS r
     MATCH (p:Person {id: r.person})
     MATCH (o:Organization {id: r.org})
     OPTIONAL MATCH (p)-[old:WORKS_AT]->(o)
     WITH p, o, r, old IS NULL AS isNew
     MERGE (p)-[w:WORKS_AT]->(o)
     SET w.title = r.title, w.since = date(r.since)
     ${created}`,
    { rows },
  );
}

export function loadSupplies(tx: TxRunner, rows: Row[]): Promise<number> {
  return one(
    tx,
    `UNWIND $rows AS r
     MATCH (a:Organization {id: r.from})
     MATCH (b:Organization {id: r.to})
     OPTIONAL MATCH (a)-[old:SUPPLIES]->(b)
     WITH a, b, old IS NULL AS isNew
     MERGE (a)-[:SUPPLIES]->(b)
     ${created}`,
    { rows },
  );
}

/**
 * Ties of one type: rows [fromId, toId, strength, source|null, since|''|null, confirmed|null] where null keeps the
 * stored value (the column was absent) and '' clears `since`. Symmetric types match either direction.
 */
export function loadTies(tx: TxRunner, type: TieType, rows: unknown[], now: string, recordedBy: string | null): Promise<number> {
  if (!TIE_TYPES.includes(type)) throw new Error(`not a tie type: ${type}`);
  const arrow = SYMMETRIC_TIES.includes(type) ? '-' : '->';
  return one(
    tx,
    `UNWIND $rows AS r
     MATCH (a:Person {id: r[0]})
     MATCH (b:Person {id: r[1]})
     MERGE (a)-[t:${type}]${arrow}(b)
     ON CREATE SET t.createdAt = datetime($now), t.strength = r[2], t.source = coalesce(r[3], 'IMPORT'),
                   t.confirmed = coalesce(r[5], false), t.since = CASE WHEN r[4] = '' THEN null ELSE date(r[4]) END,
                   t.recordedBy = $recordedBy
     ON MATCH SET t.strength = r[2], t.source = coalesce(r[3], t.source), t.confirmed = coalesce(r[5], t.confirmed),
                  t.since = CASE WHEN r[4] IS NULL THEN t.since WHEN r[4] = '' THEN null ELSE date(r[4]) END
     WITH t WHERE t.createdAt = datetime($now)
     RETURN count(t) AS created`,
    { rows, now, recordedBy },
  );
}

export function loadReferrals(tx: TxRunner, rows: Row[]): Promise<number> {
  return one(
    tx,
    `UNWIND $rows AS r
     MATCH (a:Person {id: r.from})
     MATCH (b:Person {id: r.to})
     OPTIONAL MATCH (a)-[old:REFERRED]->(b)
     WITH a, b, r, old IS NULL AS isNew
     MERGE (a)-[x:REFERRED]->(b)
     SET x += r.props, x.date = date(r.date)
     ${created}`,
    { rows },
  );
}

export function loadVisits(tx: TxRunner, rows: Row[]): Promise<number> {
  return one(
    tx,
    `UNWIND $rows AS r
     MATCH (p:Person {id: r.person})
     OPTIONAL MATCH (old:Visit {id: r.id})
     WITH p, r, old IS NULL AS isNew
     MERGE (v:Visit {id: r.id})
     SET v += r.props, v.date = date(r.date), v.kind = coalesce(r.kind, v.kind, 'SHOWROOM')
     MERGE (p)-[:MADE_VISIT]->(v)
     WITH v, p, r, isNew
     CALL (v, p) { OPTIONAL MATCH (o:Person)-[x:MADE_VISIT]->(v) WHERE o <> p DELETE x }
     CALL (v, r) {
       OPTIONAL MATCH (o:Person)-[x:ACCOMPANIED]->(v) WHERE NOT o.id IN [c IN r.companions | c.id]
       DELETE x
     }
     CALL (v, r) {
       UNWIND r.companions AS c
       MATCH (o:Person {id: c.id})
       MERGE (o)-[x:ACCOMPANIED]->(v)
       SET x.role = c.role
     }
     ${created}`,
    { rows },
  );
}

export function loadTestimonials(tx: TxRunner, rows: Row[]): Promise<number> {
  return one(
    tx,
    `UNWIND $rows AS r
     MATCH (a:Person {id: r.author})
     MATCH (s:Sale {id: r.sale})
     OPTIONAL MATCH (old:Testimonial {id: r.id})
     WITH a, s, r, old IS NULL AS isNew
     MERGE (t:Testimonial {id: r.id})
     SET t += r.props, t.date = date(r.date)
     MERGE (a)-[:WROTE]->(t)
     SET a:${AUTHOR_LABEL}
     MERGE (t)-[:ABOUT]->(s)
     WITH t, a, s, isNew
     CALL (t, a) { OPTIONAL MATCH (o:Person)-[x:WROTE]->(t) WHERE o <> a DELETE x }
     CALL (t, s) { OPTIONAL MATCH (t)-[x:ABOUT]->(o) WHERE o <> s DELETE x }
     ${created}`,
    { rows },
  );
}

export function loadServiceRecords(tx: TxRunner, rows: Row[]): Promise<number> {
  return one(
    tx,
    `UNWIND $rows AS r
     MATCH (s:Sale {id: r.sale})
     OPTIONAL MATCH (old:ServiceRecord {id: r.id})
     WITH s, r, old IS NULL AS isNew
     MERGE (x:ServiceRecord {id: r.id})
     SET x += r.props, x.date = date(r.date)
     MERGE (s)-[:SERVICED]->(x)
     WITH x, s, isNew
     CALL (x, s) { OPTIONAL MATCH (o:Sale)-[y:SERVICED]->(x) WHERE o <> s DELETE y }
     ${created}`,
    { rows },
  );
}

export function loadInteractions(tx: TxRunner, rows: Row[]): Promise<number> {
  return one(
    tx,
    `UNWIND $rows AS r
     MATCH (p:Person {id: r.person})
     OPTIONAL MATCH (old:Interaction {id: r.id})
     WITH p, r, old IS NULL AS isNew
     MERGE (i:Interaction {id: r.id})
     SET i += r.props, i.date = date(r.date)
     MERGE (p)-[:HAD]->(i)
     WITH i, p, isNew
     CALL (i, p) { OPTIONAL MATCH (o:Person)-[y:HAD]->(i) WHERE o <> p DELETE y }
     ${created}`,
    { rows },
  );
}

// ---- checks against what the database already holds (run before anything is written) ----

export async function existingDealerships(db: QueryRunner, ids: string[]): Promise<Set<string>> {
  const rows = await db.read<{ id: string }>('MATCH (d:Dealership) WHERE d.id IN $ids RETURN d.id AS id', { ids });
  return new Set(rows.map((r) => r.id));
}

/** Labels whose records may be named by an app-made id in a file. */
export const APP_ID_LABELS = ['Person', 'Sale', 'Visit', 'Testimonial', 'ServiceRecord', 'Interaction', 'User', 'Organization'] as const;
export type AppIdLabel = (typeof APP_ID_LABELS)[number];

/** Which of these ids name a record made in the app (no externalId) of that label and, if given, dealership. */
export async function appRecordIds(
  db: QueryRunner,
  label: AppIdLabel,
  rows: { id: string; dealershipId: string | null }[],
): Promise<Set<string>> {
  if (!APP_ID_LABELS.includes(label)) throw new Error(`not a label: ${label}`);
  const found = await db.read<{ id: string }>(
    `UNWIND $rows AS r
     MATCH (n:${label} {id: r.id})
     WHERE n.externalId IS NULL AND (r.dealershipId IS NULL OR n.dealershipId = r.dealershipId)
     RETURN n.id AS id`,
    { rows },
  );
  return new Set(found.map((r) => r.id));
}

/** Usernames in the file held by a different user in the database. */
export async function usernameConflicts(db: QueryRunner, rows: { id: string; username: string }[]): Promise<Set<string>> {
  const found = await db.read<{ username: string }>(
    `UNWIND $rows AS r MATCH (u:User {username: r.username}) WHERE u.id <> r.id RETURN r.username AS username`,
    { rows },
  );
  return new Set(found.map((r) => r.username));
}

export async function anySale(db: QueryRunner): Promise<boolean> {
  const rows = await db.read<{ n: number }>('MATCH (s:Sale) RETURN count(s) > 0 AS n LIMIT 1');
  return Boolean(rows[0]?.n);
}

/** VINs in the file that belong to a different sale in the database. */
export async function vinConflicts(db: QueryRunner, rows: { id: string; vin: string }[]): Promise<Set<string>> {
  const found = await db.read<{ vin: string }>(
    `UNWIND $rows AS r MATCH (s:Sale {vin: r.vin}) WHERE s.id <> r.id RETURN r.vin AS vin`,
    { rows },
  );
  return new Set(found.map((r) => r.vin));
}

/** A salesperson value may be a user's id or the id it had in an imported users.csv. */
export async function usersByIdOrExternalId(db: QueryRunner, values: string[]): Promise<Map<string, string>> {
  const rows = await db.read<{ value: string; id: string }>(
    `UNWIND $values AS v
     OPTIONAL MATCH (a:User {id: v})
     OPTIONAL MATCH (b:User {externalId: v})
     WITH v, coalesce(a.id, b.id) AS id WHERE id IS NOT NULL
     RETURN v AS value, min(id) AS id`,
    { values },
  );
  return new Map(rows.map((r) => [r.value, r.id]));
}

export async function anyPerson(db: QueryRunner): Promise<boolean> {
  const rows = await db.read<{ id: string }>('MATCH (p:Person) RETURN p.id AS id LIMIT 1');
  return rows.length > 0;
}
