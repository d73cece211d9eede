import { TIE_PATTERN } from '../domain.js';
import neo4j from 'neo4j-driver';
import type { QueryRunner } from './driver.js';

/** LIMIT needs a Neo4j integer; plain JS numbers travel as floats. */
const int = (n: number) => neo4j.int(Math.trunc(n));

/**
 * Cypher of the exporter and the handover package (server/data/export.ts, handover.ts). Large labels are read in
 * pages ordered by internal id (keyset on the unique id index), so no single result holds a whole label.
 * `$d` null means every dealership.
 */

export interface PersonOut {
  id: string;
  externalId: string | null;
  name: string | null;
  phone: string | null;
  region: string | null;
  city: string | null;
  employer: string | null;
  notes: string | null;
  kind: string | null;
  shareConsent: boolean;
  contactConsent: boolean;
  dealershipId: string | null;
}

const PERSON_OUT = `p.id AS id, p.externalId AS externalId, p.name AS name, p.phone AS phone, p.region AS region,
  p.city AS city, p.employer AS employer, p.notes AS notes, p.kind AS kind,
  coalesce(p.shareConsent, false) AS shareConsent, coalesce(p.contactConsent, false) AS contactConsent,
  p.dealershipId AS dealershipId`;

export function peoplePage(db: QueryRunner, d: string | null, after: string, limit: number): Promise<PersonOut[]> {
  return db.read(
    `MATCH (p:Person) WHERE p.id > $after AND ($d IS NULL OR p.dealershipId = $d)
     RETURN ${PERSON_OUT} ORDER BY p.id LIMIT $limit`,
    { d, after, limit: int(limit) },
  );
}

export function peopleByIds(db: QueryRunner, ids: string[]): Promise<PersonOut[]> {
  return db.read(`UNWIND $ids AS id MATCH (p:Person {id: id}) RETURN ${PERSON_OUT}`, { ids });
}

/** People of other dealerships that this dealership's sales, visits, testimonials and interactions name. */
export async function referencedOutsiders(db: QueryRunner, d: string): Promise<string[]> {
  const rows = await db.read<{ id: string }>(
    `CALL () {
       MATCH (p:Person)-[:BOUGHT]->(n:Sale {dealershipId: $d}) RETURN p
       UNION MATCH (p:Person)-[:MADE_VISIT|ACCOMPANIED]->(n:Visit {dealershipId: $d}) RETURN p
       UNION MATCH (p:Person)-[:WROTE]->(n:Testimonial {dealershipId: $d}) RETURN p
       UNION MATCH (p:Person)-[:HAD]->(n:Interaction {dealershipId: $d}) RETURN p
     }
     WITH p WHERE p.dealershipId IS NULL OR p.dealershipId <> $d
     RETURN DISTINCT p.id AS id ORDER BY id`,
    { d },
  );
  return rows.map((r) => r.id);
}

export interface TieOut {
  from: string;
  to: string;
  type: string;
  strength: number | null;
  source: string | null;
  since: string | null;
  confirmed: boolean | null;
}

export function tiesFrom(db: QueryRunner, ids: string[]): Promise<TieOut[]> {
  return db.read(
    `UNWIND $ids AS id
     MATCH (a:Person {id: id})-[t:${TIE_PATTERN}]->(b:Person)
     RETURN a.id AS from, b.id AS to, type(t) AS type, t.strength AS strength, t.source AS source,
            t.since AS since, t.confirmed AS confirmed`,
    { ids },
  );
}

export interface ReferralOut {
  from: string;
  to: string;
  date: string | null;
  channel: string | null;
  saleId: string | null;
}

export function referralsFrom(db: QueryRunner, ids: string[]): Promise<ReferralOut[]> {
  return db.read(
    `UNWIND $ids AS id
     MATCH (a:Person {id: id})-[r:REFERRED]->(b:Person)
     RETURN a.id AS from, b.id AS to, r.date AS date, r.channel AS channel, r.saleId AS saleId`,
    { ids },
  );
}

export interface EmploymentOut {
  person: string;
  org: string;
  title: string | null;
  since: string | null;
}

export function employmentsOf(db: QueryRunner, ids: string[]): Promise<EmploymentOut[]> {
  return db.read(
    `UNWIND $ids AS id
     MATCH (p:Person {id: id})-[w:WORKS_AT]->(o:Organization)
     RETURN p.id AS person, o.id AS org, w.title AS title, w.since AS since`,
    { ids },
  );
}

export interface OrgOut {
  id: string;
  externalId: string | null;
  name: string | null;
  industry: string | null;
  region: string | null;
}

const ORG_OUT = 'o.id AS id, o.externalId AS externalId, o.name AS name, o.industry AS industry, o.region AS region';

export function orgsByIds(db: QueryRunner, ids: string[]): Promise<OrgOut[]> {
  return db.read(`UNWIND $ids AS id MATCH (o:Organization {id: id}) RETURN ${ORG_OUT}`, { ids });
}

export function orgsPage(db: QueryRunner, after: string, limit: number): Promise<OrgOut[]> {
  return db.read(`MATCH (o:Organization) WHERE o.id > $after RETURN ${ORG_OUT} ORDER BY o.id LIMIT $limit`, { after, limit: int(limit) });
}

export function suppliesFrom(db: QueryRunner, ids: string[]): Promise<{ from: string; to: string }[]> {
  return db.read(
    `UNWIND $ids AS id MATCH (a:Organization {id: id})-[:SUPPLIES]->(b:Organization) RETURN a.id AS from, b.id AS to`,
    { ids },
  );
}

export interface SaleOut {
  id: string;
  externalId: string | null;
  buyer: string | null;
  brand: string | null;
  model: string | null;
  modelId: string | null;
  date: string | null;
  price: number | null;
  vin: string | null;
  salesperson: string | null;
  dealershipId: string | null;
}

const SALE_TAIL = `OPTIONAL MATCH (b:Person)-[:BOUGHT]->(s)
     OPTIONAL MATCH (s)-[:OF_MODEL]->(m:VehicleModel)
     OPTIONAL MATCH (u:User {id: s.salespersonId})
     WITH s, min(b.id) AS buyer, head(collect(m)) AS m, head(collect(u)) AS u
     RETURN s.id AS id, s.externalId AS externalId, buyer, m.brand AS brand, m.model AS model, m.id AS modelId,
            s.date AS date, s.price AS price, s.vin AS vin,
            CASE WHEN u IS NULL THEN s.salespersonId ELSE coalesce(u.externalId, u.id) END AS salesperson,
            s.dealershipId AS dealershipId
     ORDER BY id`;

export function salesPage(db: QueryRunner, d: string | null, after: string, limit: number): Promise<SaleOut[]> {
  return db.read(
    `MATCH (s:Sale) WHERE s.id > $after AND ($d IS NULL OR s.dealershipId = $d)
     WITH s ORDER BY s.id LIMIT $limit
     ${SALE_TAIL}`,
    { d, after, limit: int(limit) },
  );
}

/** The handover's sales: one dealership's, optionally of one brand. */
export function handoverSalesPage(
  db: QueryRunner,
  d: string,
  brand: string | null,
  after: string,
  limit: number,
): Promise<SaleOut[]> {
  return db.read(
    `MATCH (s:Sale) WHERE s.id > $after AND s.dealershipId = $d
       AND ($brand IS NULL OR EXISTS { MATCH (s)-[:OF_MODEL]->(:VehicleModel {brand: $brand}) })
     WITH s ORDER BY s.id LIMIT $limit
     ${SALE_TAIL}`,
    { d, brand, after, limit: int(limit) },
  );
}

export interface VisitOut {
  id: string;
  externalId: string | null;
  person: string | null;
  date: string | null;
  kind: string | null;
  notes: string | null;
  companions: { id: string; role: string | null }[];
  dealershipId: string | null;
}

export function visitsPage(db: QueryRunner, d: string | null, after: string, limit: number): Promise<VisitOut[]> {
  return db.read(
    `MATCH (v:Visit) WHERE v.id > $after AND ($d IS NULL OR v.dealershipId = $d)
     WITH v ORDER BY v.id LIMIT $limit
     OPTIONAL MATCH (p:Person)-[:MADE_VISIT]->(v)
     WITH v, min(p.id) AS person
     OPTIONAL MATCH (c:Person)-[a:ACCOMPANIED]->(v)
     WITH v, person, collect({id: c.id, role: a.role}) AS companions
     RETURN v.id AS id, v.externalId AS externalId, person, v.date AS date, v.kind AS kind, v.notes AS notes,
            [x IN companions WHERE x.id IS NOT NULL] AS companions, v.dealershipId AS dealershipId
     ORDER BY id`,
    { d, after, limit: int(limit) },
  );
}

export interface TestimonialOut {
  id: string;
  externalId: string | null;
  author: string | null;
  sale: string | null;
  text: string | null;
  rating: number | null;
  date: string | null;
  consentToPublish: boolean;
  consentToBeCalled: boolean;
  status: string | null;
  dealershipId: string | null;
}

export function testimonialsPage(db: QueryRunner, d: string | null, after: string, limit: number): Promise<TestimonialOut[]> {
  return db.read(
    `MATCH (t:Testimonial) WHERE t.id > $after AND ($d IS NULL OR t.dealershipId = $d)
     WITH t ORDER BY t.id LIMIT $limit
     OPTIONAL MATCH (p:Person)-[:WROTE]->(t)
     OPTIONAL MATCH (t)-[:ABOUT]->(s:Sale)
     WITH t, min(p.id) AS author, min(s.id) AS sale
     RETURN t.id AS id, t.externalId AS externalId, author, sale, t.text AS text, t.rating AS rating, t.date AS date,
            coalesce(t.consentToPublish, false) AS consentToPublish, coalesce(t.consentToBeCalled, false) AS consentToBeCalled,
            t.status AS status, t.dealershipId AS dealershipId
     ORDER BY id`,
    { d, after, limit: int(limit) },
  );
}

export interface ServiceOut {
  id: string;
  externalId: string | null;
  sale: string | null;
  date: string | null;
  kind: string | null;
  mileage: number | null;
  notes: string | null;
  dealershipId: string | null;
}

const SERVICE_OUT = `r.id AS id, r.externalId AS externalId, sale, r.date AS date, r.kind AS kind, r.mileage AS mileage,
  r.notes AS notes, r.dealershipId AS dealershipId`;

export function servicePage(db: QueryRunner, d: string | null, after: string, limit: number): Promise<ServiceOut[]> {
  return db.read(
    `MATCH (r:ServiceRecord) WHERE r.id > $after AND ($d IS NULL OR r.dealershipId = $d)
     WITH r ORDER BY r.id LIMIT $limit
     OPTIONAL MATCH (s:Sale)-[:SERVICED]->(r)
     WITH r, min(s.id) AS sale
     RETURN ${SERVICE_OUT} ORDER BY id`,
    { d, after, limit: int(limit) },
  );
}

/** Service records this dealership made on the given vehicles (the handover). */
export function serviceOfSales(db: QueryRunner, d: string, saleIds: string[]): Promise<ServiceOut[]> {
  return db.read(
    `UNWIND $saleIds AS sid
     MATCH (s:Sale {id: sid})-[:SERVICED]->(r:ServiceRecord {dealershipId: $d})
     WITH r, s.id AS sale
     RETURN ${SERVICE_OUT}`,
    { d, saleIds },
  );
}

export interface InteractionOut {
  id: string;
  externalId: string | null;
  person: string | null;
  date: string | null;
  kind: string | null;
  notes: string | null;
  dealershipId: string | null;
}

export function interactionsPage(db: QueryRunner, d: string | null, after: string, limit: number): Promise<InteractionOut[]> {
  return db.read(
    `MATCH (i:Interaction) WHERE i.id > $after AND ($d IS NULL OR i.dealershipId = $d)
     WITH i ORDER BY i.id LIMIT $limit
     OPTIONAL MATCH (p:Person)-[:HAD]->(i)
     WITH i, min(p.id) AS person
     RETURN i.id AS id, i.externalId AS externalId, person, i.date AS date, i.kind AS kind, i.notes AS notes,
            i.dealershipId AS dealershipId
     ORDER BY id`,
    { d, after, limit: int(limit) },
  );
}

export interface ModelOut {
  id: string;
  brand: string;
  model: string;
  segment: string | null;
  basePrice: number | null;
}

export function vehicleModels(db: QueryRunner, ids: string[] | null): Promise<ModelOut[]> {
  return db.read(
    `MATCH (m:VehicleModel) WHERE $ids IS NULL OR m.id IN $ids
     RETURN m.id AS id, m.brand AS brand, m.model AS model, m.segment AS segment, m.basePrice AS basePrice ORDER BY id`,
    { ids },
  );
}

export interface DealershipOut {
  id: string;
  name: string | null;
  city: string | null;
  region: string | null;
  brands: string[] | null;
}

export function dealerships(db: QueryRunner, ids: string[] | null): Promise<DealershipOut[]> {
  return db.read(
    `MATCH (d:Dealership) WHERE $ids IS NULL OR d.id IN $ids
     RETURN d.id AS id, d.name AS name, d.city AS city, d.region AS region, d.brands AS brands ORDER BY id`,
    { ids },
  );
}

export interface UserOut {
  id: string;
  externalId: string | null;
  username: string;
  displayName: string | null;
  role: string | null;
  dealershipId: string | null;
  passwordHash: string | null;
  disabled: boolean;
}

export function users(db: QueryRunner): Promise<UserOut[]> {
  return db.read(
    `MATCH (u:User)
     RETURN u.id AS id, u.externalId AS externalId, u.username AS username, u.displayName AS displayName, u.role AS role,
            u.dealershipId AS dealershipId, u.passwordHash AS passwordHash, coalesce(u.disabled, false) AS disabled
     ORDER BY id`,
  );
}
