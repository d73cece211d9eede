import { TIE_PATTERN } from '../domain.js';
import type { QueryRunner } from './driver.js';
import { canNameCypher, canReadCypher, visibleNameCypher } from './visibility.js';

/**
 * True when follow-up `f` was done on or before the date `bound` (in China's time zone). A follow-up marked done
 * without a time (written through the generated API or an import) counts as not done by then: CASE, because
 * Cypher does not promise to skip the datetime() of a null when the other side of an AND is false.
 */
const doneBy = (f: string, bound: string) =>
  `CASE WHEN ${f}.doneAt IS NULL THEN false ELSE date(datetime({datetime: ${f}.doneAt, timezone: 'Asia/Shanghai'})) <= ${bound} END`;

/**
 * Relationship health, 0..100, of buyer `b` around purchase `sale`, as of the date `asOf` (documented in
 * docs/routines.md). Parts, each capped:
 *   interactions  25 × min(interactions in the 12 months up to asOf, 6) / 6
 *   followUp      15 when the purchase's follow-up call reached the customer, 7 when it was closed otherwise
 *   service       20 × min(service visits on their cars in the 18 months up to asOf, 3) / 3
 *   circle        20 × min(Σ tie strength to 1-hop people who bought in the 12 months up to asOf, 2) / 2
 *   referrals     20 × min(referrals that led to a sale + ½ × other referrals made up to asOf, 2) / 2
 * Only records the viewer may read count (interactions, service records, circle purchases).
 */
export const HEALTH_WEIGHTS = { interactions: 25, followUp: 15, followUpOther: 7, service: 20, circle: 20, referrals: 20 } as const;
export const HEALTH_CAPS = { interactions: 6, service: 3, circleWeight: 2, referrals: 2 } as const;
export const HEALTH_WINDOWS = { interactionMonths: 12, serviceMonths: 18, circleMonths: 12 } as const;
/** Band limits on the 0..100 score. */
export const HEALTH_BANDS = { hot: 60, warm: 30 } as const;

const capped = (expr: string, cap: number) => `(CASE WHEN ${expr} > ${cap} THEN ${cap} ELSE ${expr} END)`;

/**
 * `recentBuyers`, when given, names a list of the people with a readable purchase in the circle window up to
 * `asOf` (the same for every row): membership in it replaces a walk of each neighbour's relationships to look for
 * a purchase, which was half the radar's work on a large graph.
 */
function healthCypher(b: string, sale: string, asOf: string, recentBuyers?: string): string {
  const W = HEALTH_WEIGHTS;
  const C = HEALTH_CAPS;
  const M = HEALTH_WINDOWS;
  const boughtRecently = recentBuyers
    ? `c IN ${recentBuyers}`
    : `EXISTS {
      MATCH (c)-[:BOUGHT]->(cs:Sale)
      WHERE cs.date > ${asOf} - duration({months: ${M.circleMonths}}) AND cs.date <= ${asOf} AND ${canReadCypher('cs')} }`;
  return `
  CALL (${b}, ${asOf}${recentBuyers ? `, ${recentBuyers}` : ''}) {
    OPTIONAL MATCH (${b})-[t:${TIE_PATTERN}]-(c:Person)
    WHERE c <> ${b} AND ${boughtRecently}
    // no match leaves one row with c null: it must weigh nothing
    WITH c, max(CASE WHEN c IS NULL THEN 0.0 ELSE coalesce(t.strength, 0.5) END) AS w
    RETURN count(c) AS circleBuyers, coalesce(sum(w), 0.0) AS circleWeight
  }
  WITH *,
    COUNT { MATCH (${b})-[:HAD]->(i:Interaction)
            WHERE i.date > ${asOf} - duration({months: ${M.interactionMonths}}) AND i.date <= ${asOf}
              AND ${canReadCypher('i')} } AS interactions,
    CASE WHEN EXISTS { MATCH (f:FollowUp)-[:FOLLOWS_UP]->(${sale})
                       WHERE f.status = 'DONE' AND f.outcome = 'REACHED' AND ${doneBy('f', asOf)} } THEN 'REACHED'
         WHEN EXISTS { MATCH (f:FollowUp)-[:FOLLOWS_UP]->(${sale})
                       WHERE f.status = 'DONE' AND ${doneBy('f', asOf)} } THEN 'DONE'
         ELSE 'NONE' END AS followUp,
    COUNT { MATCH (${b})-[:BOUGHT]->(:Sale)-[:SERVICED]->(r:ServiceRecord)
            WHERE r.date > ${asOf} - duration({months: ${M.serviceMonths}}) AND r.date <= ${asOf}
              AND ${canReadCypher('r')} } AS serviceVisits
  CALL (${b}, ${asOf}) {
    // one walk of the buyer's relationships for both counts
    OPTIONAL MATCH (${b})-[r:REFERRED]->(:Person) WHERE r.date <= ${asOf}
    RETURN count(r) AS referrals, count(r.saleId) AS referralSales
  }
  WITH *,
    ${W.interactions}.0 * ${capped('interactions', C.interactions)} / ${C.interactions}.0 AS pInteractions,
    CASE followUp WHEN 'REACHED' THEN ${W.followUp}.0 WHEN 'DONE' THEN ${W.followUpOther}.0 ELSE 0.0 END AS pFollowUp,
    ${W.service}.0 * ${capped('serviceVisits', C.service)} / ${C.service}.0 AS pService,
    ${W.circle}.0 * ${capped('circleWeight', C.circleWeight)} / ${C.circleWeight}.0 AS pCircle,
    ${W.referrals}.0 * ${capped('(referralSales + 0.5 * (referrals - referralSales))', C.referrals)} / ${C.referrals}.0
      AS pReferrals
  WITH *, pInteractions + pFollowUp + pService + pCircle + pReferrals AS score
  WITH *, CASE WHEN score >= ${HEALTH_BANDS.hot} THEN 'HOT' WHEN score >= ${HEALTH_BANDS.warm} THEN 'WARM' ELSE 'COLD' END
    AS band`;
}

/** The phone as the viewer may see it: hidden where the name is, masked for group-wide readers. */
const visiblePhoneCypher = (p: string) => `CASE WHEN ${p}.phone IS NULL OR NOT ${canNameCypher(p)} THEN null
  WHEN $viewerRole IN ['marketing', 'analyst'] THEN left(${p}.phone, 6) + '****' + right(${p}.phone, 4)
  ELSE ${p}.phone END`;

export interface RadarRow {
  personId: string;
  name: string | null;
  phone: string | null;
  contactConsent: boolean;
  dealershipId: string;
  saleId: string;
  saleDate: string;
  monthsSincePurchase: number;
  brand: string | null;
  model: string | null;
  salespersonId: string | null;
  salespersonName: string | null;
  salespersonActive: boolean;
  interactions: number;
  followUp: 'REACHED' | 'DONE' | 'NONE';
  serviceVisits: number;
  circleBuyers: number;
  circleWeight: number;
  referrals: number;
  referralSales: number;
  pInteractions: number;
  pFollowUp: number;
  pService: number;
  pCircle: number;
  pReferrals: number;
  score: number;
  band: 'HOT' | 'WARM' | 'COLD';
  circle: { personId: string; name: string | null; tieKind: string; strength: number; boughtOn: string; sameDealership: boolean }[];
}

/**
 * Buyers whose latest purchase (anywhere in the group) lies in (oldest, newest] and is readable by the viewer,
 * best relationship health first; with the three strongest ties to people who bought recently.
 */
export async function radarRows(
  db: QueryRunner,
  p: {
    newest: string;
    oldest: string;
    today: string;
    first: number;
    dealershipId: string | null;
    /** Only buyers whose latest purchase this user sold (a salesperson's own radar). */
    salespersonId: string | null;
    viewerRole: string;
    viewerDealershipId: string | null;
  },
): Promise<RadarRow[]> {
  return db.read<RadarRow>(
    `MATCH (s:Sale)
     WHERE s.date <= date($newest) AND s.date > date($oldest) AND ${canReadCypher('s')}
       AND ($dealershipId IS NULL OR s.dealershipId = $dealershipId)
       AND ($salespersonId IS NULL OR s.salespersonId = $salespersonId)
     MATCH (b:Person)-[:BOUGHT]->(s) WHERE b.erasedAt IS NULL
     WITH DISTINCT b
     CALL (b) { MATCH (b)-[:BOUGHT]->(x:Sale) RETURN x AS latest ORDER BY x.date DESC, x.id DESC LIMIT 1 }
     WITH b, latest
     WHERE latest.date <= date($newest) AND latest.date > date($oldest) AND ${canReadCypher('latest')}
       AND ($dealershipId IS NULL OR latest.dealershipId = $dealershipId)
       AND ($salespersonId IS NULL OR latest.salespersonId = $salespersonId)
     WITH collect({b: b, latest: latest}) AS candidates
     // every candidate is measured as of today, so who bought in the circle window is one set, read once
     CALL () {
       MATCH (cs:Sale)
       WHERE cs.date > date($today) - duration({months: ${HEALTH_WINDOWS.circleMonths}}) AND cs.date <= date($today)
         AND ${canReadCypher('cs')}
       MATCH (c:Person)-[:BOUGHT]->(cs)
       RETURN collect(DISTINCT c) AS recentBuyers
     }
     UNWIND candidates AS candidate
     WITH candidate.b AS b, candidate.latest AS latest, recentBuyers, date($today) AS asOf
     ${healthCypher('b', 'latest', 'asOf', 'recentBuyers')}
     WITH * ORDER BY score DESC, latest.date, b.id LIMIT toInteger($first)
     CALL (b, asOf) {
       MATCH (b)-[t:${TIE_PATTERN}]-(c:Person)
       WHERE c <> b
       CALL (c, asOf) {
         MATCH (c)-[:BOUGHT]->(cs:Sale)
         WHERE cs.date > asOf - duration({months: ${HEALTH_WINDOWS.circleMonths}}) AND cs.date <= asOf
           AND ${canReadCypher('cs')}
         RETURN cs ORDER BY cs.date DESC, cs.id LIMIT 1
       }
       WITH c, t, cs ORDER BY coalesce(t.strength, 0.5) DESC, cs.date DESC, c.id
       WITH c, head(collect({t: t, cs: cs})) AS best
       WITH c, best.t AS t, best.cs AS cs ORDER BY coalesce(t.strength, 0.5) DESC, cs.date DESC, c.id LIMIT 3
       RETURN collect({personId: CASE WHEN ${canNameCypher('c')} THEN c.id ELSE null END,
                       name: ${visibleNameCypher('c')}, tieKind: type(t), strength: coalesce(t.strength, 0.5),
                       boughtOn: cs.date, sameDealership: cs.dealershipId = b.dealershipId}) AS circle
     }
     OPTIONAL MATCH (u1:User {id: latest.salespersonId})
     WITH *, head([(latest)-[:OF_MODEL]->(m:VehicleModel) | m]) AS m1
     RETURN b.id AS personId, ${visibleNameCypher('b')} AS name, ${visiblePhoneCypher('b')} AS phone,
            coalesce(b.contactConsent, false) AS contactConsent, latest.dealershipId AS dealershipId,
            latest.id AS saleId, latest.date AS saleDate,
            duration.inMonths(latest.date, asOf).months AS monthsSincePurchase,
            m1.brand AS brand, m1.model AS model, latest.salespersonId AS salespersonId,
            u1.displayName AS salespersonName, u1 IS NOT NULL AND NOT coalesce(u1.disabled, false) AS salespersonActive,
            interactions, followUp, serviceVisits, circleBuyers, circleWeight, referrals, referralSales,
            pInteractions, pFollowUp, pService, pCircle, pReferrals, score, band, circle
     ORDER BY score DESC, saleDate, personId`,
    p,
  );
}

export interface RepurchaseCellRow {
  band: 'HOT' | 'WARM' | 'COLD';
  call: 'ON_TIME' | 'LATE' | 'NOT_CALLED';
  buyers: number;
  repurchased: number;
}

/**
 * The cohort: buyers whose first purchase (anywhere in the group) is readable by the viewer and dated on or
 * before `cutoff` (48 months ago). Repurchased: another purchase at the same dealership dated 24..48 months
 * after the first. Health is measured as of 24 months after the first purchase, before the decision; the call
 * is the first purchase's follow-up (reached the customer, on or before its due date / later / not at all).
 */
export async function repurchaseCells(
  db: QueryRunner,
  p: { cutoff: string; dealershipId: string | null; viewerRole: string; viewerDealershipId: string | null },
): Promise<RepurchaseCellRow[]> {
  return db.read<RepurchaseCellRow>(
    `MATCH (s:Sale)
     WHERE s.date <= date($cutoff) AND ${canReadCypher('s')} AND ($dealershipId IS NULL OR s.dealershipId = $dealershipId)
     MATCH (b:Person)-[:BOUGHT]->(s)
     WITH DISTINCT b
     CALL (b) { MATCH (b)-[:BOUGHT]->(x:Sale) RETURN x AS first ORDER BY x.date, x.id LIMIT 1 }
     WITH b, first
     WHERE first.date <= date($cutoff) AND ${canReadCypher('first')}
       AND ($dealershipId IS NULL OR first.dealershipId = $dealershipId)
     WITH b, first, first.date + duration({months: 24}) AS asOf
     ${healthCypher('b', 'first', 'asOf')}
     WITH band,
          EXISTS { MATCH (b)-[:BOUGHT]->(y:Sale)
                   WHERE y <> first AND y.dealershipId = first.dealershipId
                     AND y.date >= first.date + duration({months: 24}) AND y.date <= first.date + duration({months: 48}) }
            AS repurchased,
          CASE WHEN EXISTS { MATCH (f:FollowUp)-[:FOLLOWS_UP]->(first)
                             WHERE f.status = 'DONE' AND f.outcome = 'REACHED' AND ${doneBy('f', 'f.dueDate')} }
                 THEN 'ON_TIME'
               WHEN EXISTS { MATCH (f:FollowUp)-[:FOLLOWS_UP]->(first) WHERE f.status = 'DONE' AND f.outcome = 'REACHED' }
                 THEN 'LATE'
               ELSE 'NOT_CALLED' END AS call
     RETURN band, call, count(*) AS buyers, sum(CASE WHEN repurchased THEN 1 ELSE 0 END) AS repurchased`,
    p,
  );
}

