import { SYMMETRIC_TIES, TIE_TYPES } from '../domain.js';
import { AUTHOR_LABEL } from './migrations.js';
import type { TxRunner } from './driver.js';

export interface MovedCount {
  type: string;
  count: number;
}

export interface MergeOutcome {
  moved: MovedCount[];
  tiesCombined: number;
  selfTiesDropped: number;
  fieldsFilled: string[];
  consentNarrowed: string[];
}

const FILLABLE = ['phone', 'region', 'city', 'employer', 'notes', 'externalId'] as const;

/**
 * Moves every relationship of `dropId` onto `keepId` and deletes the duplicate, in the caller's transaction.
 * Ties that both records had with the same person are combined (stronger strength, confirmed if either was).
 */
export async function mergePersonInto(tx: TxRunner, keepId: string, dropId: string): Promise<MergeOutcome> {
  const moved: MovedCount[] = [];
  let tiesCombined = 0;

  // ties between the two records would become self-loops: drop them
  const self = await tx.run<{ n: number }>(
    `MATCH (k:Person {id: $keepId})-[r]-(d:Person {id: $dropId}) WHERE type(r) IN $types DELETE r RETURN count(r) AS n`,
    { keepId, dropId, types: [...TIE_TYPES, 'REFERRED'] },
  );
  const selfTiesDropped = self[0]?.n ?? 0;

  for (const t of TIE_TYPES) {
    const symmetric = SYMMETRIC_TIES.includes(t);
    for (const dir of symmetric ? (['any'] as const) : (['out', 'in'] as const)) {
      const dropPattern = dir === 'in' ? `(d)<-[r:${t}]-(x)` : dir === 'out' ? `(d)-[r:${t}]->(x)` : `(d)-[r:${t}]-(x)`;
      const keepPattern = dir === 'in' ? `(k)<-[e:${t}]-(x)` : dir === 'out' ? `(k)-[e:${t}]->(x)` : `(k)-[e:${t}]-(x)`;
      const rows = await tx.run<{ moved: number; combined: number }>(
        `MATCH (k:Person {id: $keepId}), (d:Person {id: $dropId})
         MATCH ${dropPattern}
         OPTIONAL MATCH ${keepPattern}
         WITH k, d, r, x, head(collect(e)) AS e, startNode(r) = d AS outgoing
         CALL (k, r, x, e, outgoing) {
           WITH k, r, x, e, outgoing WHERE e IS NULL AND outgoing
           CREATE (k)-[n:${t}]->(x) SET n = properties(r)
           RETURN 0 AS combined
           UNION
           WITH k, r, x, e, outgoing WHERE e IS NULL AND NOT outgoing
           CREATE (x)-[n:${t}]->(k) SET n = properties(r)
           RETURN 0 AS combined
           UNION
           WITH r, e WHERE e IS NOT NULL
           SET e.strength = CASE WHEN coalesce(r.strength, 0) > coalesce(e.strength, 0) THEN r.strength ELSE e.strength END,
               e.confirmed = coalesce(e.confirmed, false) OR coalesce(r.confirmed, false),
               e.since = CASE WHEN e.since IS NULL OR (r.since IS NOT NULL AND r.since < e.since) THEN r.since ELSE e.since END
           RETURN 1 AS combined
         }
         DELETE r
         RETURN count(*) AS moved, sum(combined) AS combined`,
        { keepId, dropId },
      );
      const n = rows[0]?.moved ?? 0;
      tiesCombined += rows[0]?.combined ?? 0;
      if (n > 0) moved.push({ type: t, count: n });
    }
  }

  // everything else (referrals, purchases, visits, testimonials, interactions, employers, ...) moves as is
  const rest = await tx.run<{ type: string; count: number }>(
    `MATCH (k:Person {id: $keepId}), (d:Person {id: $dropId})
     CALL (k, d) {
       MATCH (d)-[r]->(x) WHERE NOT type(r) IN $ties
       CALL apoc.refactor.from(r, k) YIELD output
       RETURN type(r) AS type
       UNION ALL
       MATCH (d)<-[r]-(x) WHERE NOT type(r) IN $ties
       CALL apoc.refactor.to(r, k) YIELD output
       RETURN type(r) AS type
     }
     RETURN type, count(*) AS count ORDER BY type`,
    { keepId, dropId, ties: [...TIE_TYPES] },
  );
  moved.push(...rest);
  if (rest.some((r) => r.type === 'WROTE')) {
    await tx.run(`MATCH (k:Person {id: $keepId}) SET k:${AUTHOR_LABEL}`, { keepId });
  }

  const filled = await tx.run<{ filled: string[]; narrowed: string[] }>(
    `MATCH (k:Person {id: $keepId}), (d:Person {id: $dropId})
     WITH k, d, [f IN $fillable WHERE k[f] IS NULL AND d[f] IS NOT NULL] AS filled,
          [c IN ['shareConsent', 'contactConsent'] WHERE coalesce(k[c], false) <> coalesce(d[c], false)] AS narrowed
     SET k.phone = coalesce(k.phone, d.phone), k.region = coalesce(k.region, d.region), k.city = coalesce(k.city, d.city),
         k.employer = coalesce(k.employer, d.employer), k.notes = coalesce(k.notes, d.notes),
         k.externalId = coalesce(k.externalId, d.externalId),
         k.kind = CASE WHEN 'BUYER' IN [k.kind, d.kind] THEN 'BUYER' WHEN 'PROSPECT' IN [k.kind, d.kind] THEN 'PROSPECT' ELSE k.kind END,
         k.shareConsent = coalesce(k.shareConsent, false) AND coalesce(d.shareConsent, false),
         k.contactConsent = coalesce(k.contactConsent, false) AND coalesce(d.contactConsent, false),
         k.createdAt = CASE WHEN d.createdAt < k.createdAt THEN d.createdAt ELSE k.createdAt END,
         k.updatedAt = datetime()
     DETACH DELETE d
     RETURN filled, narrowed`,
    { keepId, dropId, fillable: [...FILLABLE] },
  );
  return {
    moved,
    tiesCombined,
    selfTiesDropped,
    fieldsFilled: filled[0]?.filled ?? [],
    consentNarrowed: filled[0]?.narrowed ?? [],
  };
}

export interface EraseOutcome {
  tiesRemoved: number;
  linksRemoved: number;
  salesKept: number;
  testimonialsWithdrawn: number;
}

/** Removes personal data; purchases stay as anonymous figures (the node keeps only region, kind and dates). */
export async function erasePersonData(tx: TxRunner, id: string): Promise<EraseOutcome | null> {
  const rows = await tx.run<EraseOutcome>(
    `MATCH (p:Person {id: $id}) WHERE p.erasedAt IS NULL
     CALL (p) { MATCH (p)-[r]-(:Person) DELETE r RETURN count(r) AS tiesRemoved }
     CALL (p) { MATCH (p)-[r:ACCOMPANIED|MADE_VISIT|WORKS_AT]->() DELETE r RETURN count(r) AS visitLinks }
     CALL (p) { MATCH (p)-[:HAD]->(i:Interaction) DETACH DELETE i RETURN count(i) AS interactions }
     CALL (p) {
       MATCH (p)-[:WROTE]->(t:Testimonial)
       SET t.status = 'WITHDRAWN', t.text = '', t.consentToPublish = false, t.consentToBeCalled = false
       RETURN count(t) AS testimonialsWithdrawn
     }
     CALL (p) { OPTIONAL MATCH (p)-[:BOUGHT]->(s:Sale) RETURN count(s) AS salesKept }
     SET p.name = null, p.phone = null, p.notes = null, p.employer = null, p.externalId = null, p.city = null,
         p.shareConsent = false, p.contactConsent = false, p.erasedAt = datetime(), p.updatedAt = datetime()
     RETURN tiesRemoved, visitLinks + interactions AS linksRemoved, salesKept, testimonialsWithdrawn`,
    { id },
  );
  return rows[0] ?? null;
}
