import type { Viewer } from '../graphql/context.js';
import type { QueryRunner } from './driver.js';
import { cypherInt } from './intelligence-people.queries.js';
import { canReadCypher, viewerParams, visibleNameCypher } from './visibility.js';

/** Referral chains are followed at most this many hops back (and topReferrers looks this deep). */
export const REFERRAL_MAX_HOPS = 10;

/** [referrer id, visible name, kind, influence, date, channel, saleId] for one step back along a chain. */
export type ChainStepTuple = [string, string | null, string | null, number | null, string | null, string | null, string | null];

export interface ChainRow {
  personId: string;
  personName: string | null;
  personKind: string | null;
  personInfluence: number | null;
  /** Steps from the person back towards the originator; entries past the chain's start are null. */
  steps: (ChainStepTuple | null)[];
  /** True when the chain goes on beyond REFERRAL_MAX_HOPS. */
  more: boolean;
}

const stepTuple = (i: number) =>
  `CASE WHEN p${i} IS NULL THEN null ELSE [p${i}.id, ${visibleNameCypher(`p${i}`)}, p${i}.kind, p${i}.influence,
     toString(r${i}.date), r${i}.channel, r${i}.saleId] END`;

// Each step takes the earliest referral into the previous person (then the lowest referrer id), so a person
// referred twice still has one chain. The steps are unrolled rather than a variable-length pattern, which would
// enumerate every ancestor path when people have several referrers.
function chainSteps(from: number): string {
  const out: string[] = [];
  for (let i = from; i <= REFERRAL_MAX_HOPS; i++) {
    out.push(`OPTIONAL CALL (p${i - 1}) {
       MATCH (p${i - 1})<-[r:REFERRED]-(a:Person)
       RETURN a AS p${i}, r AS r${i} ORDER BY r.date ASC, a.id ASC LIMIT 1
     }`);
  }
  const steps = Array.from({ length: REFERRAL_MAX_HOPS }, (_, k) => stepTuple(k + 1)).join(',\n            ');
  out.push(`RETURN p0.id AS personId, ${visibleNameCypher('p0')} AS personName, p0.kind AS personKind,
            p0.influence AS personInfluence,
            [${steps}] AS steps,
            EXISTS { (p${REFERRAL_MAX_HOPS})<-[:REFERRED]-(:Person) } AS more`);
  return out.join('\n     ');
}

const CHAIN_TO_PERSON = `MATCH (p0:Person {id: $id})
     ${chainSteps(1)}`;

const CHAIN_OF_SALE = `MATCH (s:Sale {id: $saleId})<-[:BOUGHT]-(p0:Person)<-[r1:REFERRED]-(p1:Person)
     WHERE r1.saleId = $saleId
     WITH p0, r1, p1 ORDER BY r1.date ASC, p1.id ASC LIMIT 1
     ${chainSteps(2)}`;

/** The chain of referrals that led to this person, in one round trip. */
export async function chainToPerson(db: QueryRunner, viewer: Viewer, personId: string): Promise<ChainRow | null> {
  const rows = await db.read<ChainRow>(CHAIN_TO_PERSON, { id: personId, ...viewerParams(viewer) });
  return rows[0] ?? null;
}

/** The chain behind a sale: the referral naming the sale into one of its buyers, then back to the originator. */
export async function chainOfSale(db: QueryRunner, viewer: Viewer, saleId: string): Promise<ChainRow | null> {
  const rows = await db.read<ChainRow>(CHAIN_OF_SALE, { saleId, ...viewerParams(viewer) });
  return rows[0] ?? null;
}

export interface SaleAccessRow {
  id: string;
  dealershipId: string | null;
}

export function saleAccess(db: QueryRunner, saleId: string): Promise<SaleAccessRow[]> {
  return db.read<SaleAccessRow>(`MATCH (s:Sale {id: $id}) RETURN s.id AS id, s.dealershipId AS dealershipId`, { id: saleId });
}

export interface SaleSummaryRow {
  id: string;
  date: string | null;
  price: number | null;
  dealershipId: string | null;
  brand: string | null;
  model: string | null;
}

/** Sales the viewer may read, with their vehicle; one round trip for any number of ids. */
export function saleSummaries(db: QueryRunner, viewer: Viewer, ids: readonly string[]): Promise<SaleSummaryRow[]> {
  return db.read<SaleSummaryRow>(
    `UNWIND $ids AS sid
     MATCH (s:Sale {id: sid})
     WHERE ${canReadCypher('s')}
     OPTIONAL CALL (s) { MATCH (s)-[:OF_MODEL]->(m:VehicleModel) RETURN m LIMIT 1 }
     RETURN s.id AS id, toString(s.date) AS date, s.price AS price, s.dealershipId AS dealershipId,
            m.brand AS brand, m.model AS model`,
    { ids, ...viewerParams(viewer) },
  );
}

export interface ReferrerRow {
  id: string;
  name: string | null;
  kind: string | null;
  influence: number | null;
  sales: number;
  people: number;
  depth: number;
  breadth: number;
  direct: number;
}

/**
 * Originators (people who referred someone and were referred by no one) ranked by the sales their chains
 * produced, then chain size, depth and id. Chains are followed REFERRAL_MAX_HOPS deep; a person reached by
 * several paths counts once, at their nearest level.
 */
export function referrersRanking(db: QueryRunner, viewer: Viewer, first: number): Promise<ReferrerRow[]> {
  return db.read<ReferrerRow>(
    `MATCH (o:Person)-[:REFERRED]->(:Person)
     WHERE o.erasedAt IS NULL AND NOT EXISTS { (:Person)-[:REFERRED]->(o) } AND ${canReadCypher('o')}
     WITH DISTINCT o
     CALL (o) {
       MATCH path = (o)-[:REFERRED*1..${REFERRAL_MAX_HOPS}]->(x:Person)
       WHERE x <> o
       WITH x, min(length(path)) AS lvl
       WITH lvl, count(x) AS atLevel
       RETURN sum(atLevel) AS people, max(lvl) AS depth, max(atLevel) AS breadth,
              sum(CASE WHEN lvl = 1 THEN atLevel ELSE 0 END) AS direct
     }
     CALL (o) {
       MATCH (o)-[:REFERRED*0..${REFERRAL_MAX_HOPS - 1}]->(:Person)-[r:REFERRED]->(:Person)
       WHERE r.saleId IS NOT NULL
       RETURN count(DISTINCT r.saleId) AS sales
     }
     WITH o, people, depth, breadth, direct, sales
     ORDER BY sales DESC, people DESC, depth DESC, o.id ASC
     LIMIT $first
     RETURN o.id AS id, ${visibleNameCypher('o')} AS name, o.kind AS kind, o.influence AS influence,
            sales, people, depth, breadth, direct`,
    { first: cypherInt(first), ...viewerParams(viewer) },
  );
}
