import { TIE_TYPES } from '../domain.js';
import type { TxRunner } from './driver.js';
import type { PersonRow } from './people.queries.js';
import { cypherInt } from './intelligence-people.queries.js';

/** Each list of a copy holds at most this many entries (a hub's ties are the longest: ~800 on `large`). */
export const PERSONAL_DATA_LIST_CAP = 2_000;

export interface PersonalDataRows {
  person: Omit<PersonRow, 'name' | 'erasedAt'> & { name: string; dealershipName: string | null; updatedAt: string | null };
  ties: { kind: string; outgoing: boolean; strength: number; since: string | null; otherName: string | null }[];
  referrals: { asReferrer: boolean; date: string; channel: string | null; otherName: string | null; ledToSale: boolean }[];
  visits: { date: string; kind: string; role: string | null }[];
  purchases: {
    date: string;
    brand: string | null;
    model: string | null;
    price: number;
    vin: string | null;
    salesperson: string | null;
    service: { date: string; kind: string; mileage: number | null; notes: string | null }[];
  }[];
  testimonials: { date: string; text: string; rating: number; status: string; consentToPublish: boolean; consentToBeCalled: boolean }[];
  followUps: { dueDate: string; status: string; outcome: string | null; notes: string | null; doneAt: string | null }[];
  interactions: { date: string; kind: string; notes: string | null }[];
  employers: { name: string; title: string | null }[];
  /** Lists that reached the cap. */
  truncated: string[];
}

/**
 * Everything the store holds about one person, as a copy for them (PIPL art. 45). Other people are named only
 * when they agreed to be named to other customers; staff appear by display name. Null when the person is unknown
 * or erased. Each list is capped at PERSONAL_DATA_LIST_CAP, newest first.
 */
export async function readPersonalData(tx: TxRunner, id: string): Promise<PersonalDataRows | null> {
  const rows = await tx.run<Omit<PersonalDataRows, 'truncated'>>(
    `MATCH (p:Person {id: $id}) WHERE p.erasedAt IS NULL
     CALL (p) {
       MATCH (p)-[r]-(o:Person) WHERE type(r) IN $tieTypes AND o.erasedAt IS NULL
       WITH p, r, o ORDER BY r.strength DESC, o.id LIMIT $cap
       RETURN collect({kind: type(r), outgoing: startNode(r) = p, strength: r.strength, since: r.since,
                       otherName: CASE WHEN coalesce(o.shareConsent, false) THEN o.name END}) AS ties
     }
     CALL (p) {
       MATCH (p)-[r:REFERRED]-(o:Person)
       WITH p, r, o ORDER BY r.date DESC, o.id LIMIT $cap
       RETURN collect({asReferrer: startNode(r) = p, date: r.date, channel: r.channel, ledToSale: r.saleId IS NOT NULL,
                       otherName: CASE WHEN coalesce(o.shareConsent, false) AND o.erasedAt IS NULL THEN o.name END}) AS referrals
     }
     CALL (p) {
       CALL (p) {
         MATCH (p)-[:MADE_VISIT]->(v:Visit) RETURN v, null AS role
         UNION ALL
         MATCH (p)-[a:ACCOMPANIED]->(v:Visit) RETURN v, a.role AS role
       }
       WITH v, role ORDER BY v.date DESC, v.id LIMIT $cap
       RETURN collect({date: v.date, kind: v.kind, role: role}) AS visits
     }
     CALL (p) {
       MATCH (p)-[:BOUGHT]->(s:Sale)
       WITH s ORDER BY s.date DESC, s.id LIMIT $cap
       OPTIONAL CALL (s) { MATCH (s)-[:OF_MODEL]->(m:VehicleModel) RETURN m LIMIT 1 }
       OPTIONAL CALL (s) { MATCH (u:User {id: s.salespersonId}) RETURN u.displayName AS salesperson }
       CALL (s) {
         OPTIONAL MATCH (s)-[:SERVICED]->(x:ServiceRecord)
         WITH x ORDER BY x.date DESC, x.id LIMIT $cap
         RETURN collect({date: x.date, kind: x.kind, mileage: x.mileage, notes: x.notes}) AS service
       }
       RETURN collect({date: s.date, brand: m.brand, model: m.model, price: s.price, vin: s.vin, salesperson: salesperson,
                       service: service}) AS purchases
     }
     CALL (p) {
       MATCH (p)-[:WROTE]->(t:Testimonial)
       WITH t ORDER BY t.date DESC, t.id LIMIT $cap
       RETURN collect({date: t.date, text: t.text, rating: t.rating, status: t.status,
                       consentToPublish: coalesce(t.consentToPublish, false),
                       consentToBeCalled: coalesce(t.consentToBeCalled, false)}) AS testimonials
     }
     CALL (p) {
       MATCH (p)-[:BOUGHT]->(:Sale)<-[:FOLLOWS_UP]-(f:FollowUp)
       WITH f ORDER BY f.dueDate DESC, f.id LIMIT $cap
       RETURN collect({dueDate: f.dueDate, status: f.status, outcome: f.outcome, notes: f.notes, doneAt: f.doneAt}) AS followUps
     }
     CALL (p) {
       MATCH (p)-[:HAD]->(i:Interaction)
       WITH i ORDER BY i.date DESC, i.id LIMIT $cap
       RETURN collect({date: i.date, kind: i.kind, notes: i.notes}) AS interactions
     }
     CALL (p) {
       MATCH (p)-[w:WORKS_AT]->(o:Organization)
       WITH w, o ORDER BY o.name LIMIT $cap
       RETURN collect({name: o.name, title: w.title}) AS employers
     }
     OPTIONAL CALL (p) { MATCH (d:Dealership {id: p.dealershipId}) RETURN d.name AS dealershipName }
     RETURN p {.id, .name, .phone, .region, .city, .employer, .notes, .kind, .dealershipId, .createdAt, .updatedAt,
               shareConsent: coalesce(p.shareConsent, false), contactConsent: coalesce(p.contactConsent, false),
               dealershipName: dealershipName} AS person,
            ties, referrals, visits, purchases, testimonials, followUps, interactions, employers`,
    { id, tieTypes: [...TIE_TYPES], cap: cypherInt(PERSONAL_DATA_LIST_CAP) },
  );
  const row = rows[0];
  if (!row) return null;
  const lists = ['ties', 'referrals', 'visits', 'purchases', 'testimonials', 'followUps', 'interactions', 'employers'] as const;
  return { ...row, truncated: lists.filter((k) => row[k].length >= PERSONAL_DATA_LIST_CAP) };
}
