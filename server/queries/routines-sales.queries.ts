import { TIE_PATTERN } from '../domain.js';
import type { QueryRunner, TxRunner } from './driver.js';
import { canReadCypher } from './visibility.js';

// ---------------------------------------------------------------------------------------------------------------
// recordSale
// ---------------------------------------------------------------------------------------------------------------

export interface SaleRow {
  id: string;
  vin: string | null;
  price: number;
  date: string;
  dealershipId: string;
  salespersonId: string | null;
  clientMutationId: string | null;
  buyerId: string | null;
  vehicleModelId: string | null;
  brand: string | null;
  model: string | null;
  followUpId: string | null;
  followUpDueDate: string | null;
  followUpStatus: string | null;
  followUpCount: number;
}

const SALE_FIELDS = `s.id AS id, s.vin AS vin, s.price AS price, s.date AS date, s.dealershipId AS dealershipId,
  s.salespersonId AS salespersonId, s.clientMutationId AS clientMutationId,
  head([(b:Person)-[:BOUGHT]->(s) | b.id]) AS buyerId,
  head([(s)-[:OF_MODEL]->(m:VehicleModel) | m.id]) AS vehicleModelId,
  head([(s)-[:OF_MODEL]->(m:VehicleModel) | m.brand]) AS brand,
  head([(s)-[:OF_MODEL]->(m:VehicleModel) | m.model]) AS model,
  head([(f:FollowUp)-[:FOLLOWS_UP]->(s) | f.id]) AS followUpId,
  head([(f:FollowUp)-[:FOLLOWS_UP]->(s) | f.dueDate]) AS followUpDueDate,
  head([(f:FollowUp)-[:FOLLOWS_UP]->(s) | f.status]) AS followUpStatus,
  COUNT { (:FollowUp)-[:FOLLOWS_UP]->(s) } AS followUpCount`;

export interface SaleContext {
  buyer: { id: string; dealershipId: string; erasedAt: string | null } | null;
  dealershipExists: boolean;
  salesperson: { id: string; dealershipId: string | null; role: string; disabled: boolean } | null;
  vehicleModel: { id: string; brand: string; model: string } | null;
}

/**
 * Locks the buyer (and the dealership, when it exists) for the rest of the transaction, so a retried or
 * concurrent recordSale for the same buyer waits here and then sees the sale the first one committed.
 */
export async function lockSaleContext(
  tx: TxRunner,
  p: { buyerId: string; dealershipId: string; salespersonId: string; vehicleModelId: string | null },
): Promise<SaleContext> {
  const rows = await tx.run<SaleContext>(
    `OPTIONAL MATCH (b:Person {id: $buyerId})
     OPTIONAL MATCH (d:Dealership {id: $dealershipId})
     CALL apoc.lock.nodes([x IN [b, d] WHERE x IS NOT NULL])
     OPTIONAL MATCH (u:User {id: $salespersonId})
     OPTIONAL MATCH (m:VehicleModel {id: $vehicleModelId})
     RETURN CASE WHEN b IS NULL THEN null ELSE {id: b.id, dealershipId: b.dealershipId, erasedAt: b.erasedAt} END AS buyer,
            d IS NOT NULL AS dealershipExists,
            CASE WHEN u IS NULL THEN null
                 ELSE {id: u.id, dealershipId: u.dealershipId, role: u.role, disabled: coalesce(u.disabled, false)} END
              AS salesperson,
            CASE WHEN m IS NULL THEN null ELSE {id: m.id, brand: m.brand, model: m.model} END AS vehicleModel`,
    { ...p, vehicleModelId: p.vehicleModelId ?? null },
  );
  return rows[0]!;
}

/** A sale already recorded under this idempotency key (per dealership) or with this VIN. */
export async function findExistingSale(
  tx: TxRunner,
  p: { dealershipId: string; clientMutationId: string | null; vin: string },
): Promise<{ byKey: SaleRow | null; byVin: SaleRow | null }> {
  const byKey = p.clientMutationId
    ? (
        await tx.run<SaleRow>(
          `MATCH (s:Sale {dealershipId: $dealershipId, clientMutationId: $key}) RETURN ${SALE_FIELDS} LIMIT 1`,
          { dealershipId: p.dealershipId, key: p.clientMutationId },
        )
      )[0] ?? null
    : null;
  const byVin = (await tx.run<SaleRow>(`MATCH (s:Sale {vin: $vin}) RETURN ${SALE_FIELDS} LIMIT 1`, { vin: p.vin }))[0] ?? null;
  return { byKey, byVin };
}

export interface NewSale {
  id: string;
  followUpId: string;
  buyerId: string;
  vehicleModelId: string;
  vin: string;
  price: number;
  date: string;
  dealershipId: string;
  salespersonId: string;
  clientMutationId: string | null;
  recordedBy: string;
  followUpDays: number;
}

/** The model named by brand and model, created when it is new; returns its id. */
export async function mergeVehicleModel(tx: TxRunner, brand: string, model: string): Promise<string> {
  const rows = await tx.run<{ id: string }>(
    `MERGE (m:VehicleModel {brand: $brand, model: $model}) ON CREATE SET m.id = randomUUID() RETURN m.id AS id`,
    { brand, model },
  );
  return rows[0]!.id;
}

/**
 * Creates sale `s`'s thank-you call: OPEN, due `dueDate` (a Cypher date), assigned to `assigneeId`. The one shape
 * of a new call, for recordSale and for an import of a recent sale.
 */
export const createFollowUpCypher = (s: string, p: { id: string; dueDate: string; assigneeId: string; createdAt: string }) =>
  `CREATE (f:FollowUp {id: ${p.id}, dueDate: ${p.dueDate}, status: 'OPEN', dealershipId: ${s}.dealershipId,
                       assigneeId: ${p.assigneeId}, createdAt: ${p.createdAt}, attempts: 0})
   CREATE (f)-[:FOLLOWS_UP]->(${s})`;

/** Sale + BOUGHT + OF_MODEL + its one FollowUp, due `followUpDays` after the sale; the buyer becomes a BUYER. */
export async function insertSale(tx: TxRunner, n: NewSale): Promise<SaleRow> {
  const rows = await tx.run<SaleRow>(
    `MATCH (b:Person {id: $buyerId})
     MATCH (m:VehicleModel {id: $vehicleModelId})
     CREATE (s:Sale {id: $id, vin: $vin, price: $price, date: date($date), dealershipId: $dealershipId,
                     salespersonId: $salespersonId, clientMutationId: $clientMutationId, recordedBy: $recordedBy,
                     createdAt: datetime()})
     CREATE (b)-[:BOUGHT]->(s), (s)-[:OF_MODEL]->(m)
     ${createFollowUpCypher('s', { id: '$followUpId', dueDate: 'date($date) + duration({days: $followUpDays})', assigneeId: '$salespersonId', createdAt: 'datetime()' })}
     SET b.kind = 'BUYER', b.updatedAt = datetime()
     WITH s
     RETURN ${SALE_FIELDS}`,
    { ...n },
  );
  return rows[0]!;
}

// ---------------------------------------------------------------------------------------------------------------
// salesStats
// ---------------------------------------------------------------------------------------------------------------

export const SALES_DIMENSIONS = ['MODEL', 'BRAND', 'REGION', 'MONTH', 'DEALERSHIP', 'SALESPERSON', 'SOURCE'] as const;
export type SalesDimension = (typeof SALES_DIMENSIONS)[number];

/** The Cypher expression each grouping key reads; the only text ever placed into the query for a dimension. */
const DIMENSION_KEY: Record<SalesDimension, string> = {
  MODEL: 'm.id',
  BRAND: 'm.brand',
  REGION: 'b.region',
  MONTH: 'substring(toString(s.date), 0, 7)',
  DEALERSHIP: 's.dealershipId',
  SALESPERSON: 's.salespersonId',
  SOURCE: 'source',
};

export interface SalesGroupRow {
  keys: (string | null)[];
  count: number;
  revenue: number;
  referred: number;
  withCompanions: number;
}

export interface SalesStatsParams {
  groupBy: readonly SalesDimension[];
  from: string;
  to: string;
  dealershipId: string | null;
  companionWindowDays: number;
  limit: number;
  viewerRole: string;
  viewerDealershipId: string | null;
}

export interface SalesGroupsResult {
  /** Over every sale of the period, whatever the limit. */
  totals: SalesGroupRow;
  /** The largest groups first, at most `limit`. */
  groups: SalesGroupRow[];
}

/**
 * One row per combination of the grouping keys, and the totals, in one pass over the period's sales (the totals
 * are the sums of all groups before the limit: each sale is in exactly one group). A sale counts as referred when
 * a buyer of it had an incoming REFERRED dated on or before the sale, or one whose saleId names the sale; as "with
 * companions" when a buyer made a visit with at least one companion in the window before the sale. SOURCE is
 * REFERRAL, then COMPANION_VISIT, then VISIT, then DIRECT, the first that applies; the visit check it needs runs
 * only when SOURCE is grouped on.
 */
export async function salesGroups(db: QueryRunner, p: SalesStatsParams): Promise<SalesGroupsResult> {
  const keyExprs = p.groupBy.map((d) => DIMENSION_KEY[d]);
  const keyList = keyExprs.length ? `[${keyExprs.join(', ')}]` : '[]';
  const needsModel = p.groupBy.includes('MODEL') || p.groupBy.includes('BRAND');
  const needsBuyer = p.groupBy.includes('REGION');
  const needsSource = p.groupBy.includes('SOURCE');
  const rows = await db.read<{ totals: SalesGroupRow | null; groups: SalesGroupRow[] }>(
    `MATCH (s:Sale)
     WHERE s.date >= date($from) AND s.date <= date($to) AND ${canReadCypher('s')}
       AND ($dealershipId IS NULL OR s.dealershipId = $dealershipId)
     WITH s,
          ${needsModel ? 'COLLECT { MATCH (s)-[:OF_MODEL]->(m:VehicleModel) RETURN m LIMIT 1 }[0]' : 'null'} AS m,
          ${needsBuyer ? 'COLLECT { MATCH (x:Person)-[:BOUGHT]->(s) RETURN x ORDER BY x.id LIMIT 1 }[0]' : 'null'} AS b,
          EXISTS { MATCH (:Person)-[r:REFERRED]->(y:Person)-[:BOUGHT]->(s) WHERE r.date <= s.date OR r.saleId = s.id }
            AS referred,
          EXISTS { MATCH (y:Person)-[:BOUGHT]->(s)
                   MATCH (y)-[:MADE_VISIT]->(v:Visit)<-[:ACCOMPANIED]-(c:Person)
                   WHERE c <> y AND v.date <= s.date AND v.date >= s.date - duration({days: $companionWindowDays}) }
            AS withCompanions
     WITH s, m, b, referred, withCompanions,
          ${
            needsSource
              ? `CASE WHEN referred THEN 'REFERRAL' WHEN withCompanions THEN 'COMPANION_VISIT'
               WHEN EXISTS { MATCH (y:Person)-[:BOUGHT]->(s)
                             MATCH (y)-[:MADE_VISIT]->(v:Visit)
                             WHERE v.date <= s.date AND v.date >= s.date - duration({days: $companionWindowDays}) }
               THEN 'VISIT' ELSE 'DIRECT' END`
              : 'null'
          } AS source
     WITH ${keyList} AS keys, s, referred, withCompanions
     WITH keys, count(s) AS count, sum(s.price) AS revenue,
          sum(CASE WHEN referred THEN 1 ELSE 0 END) AS referred,
          sum(CASE WHEN withCompanions THEN 1 ELSE 0 END) AS withCompanions
     ORDER BY count DESC, keys
     WITH collect({keys: keys, count: count, revenue: revenue, referred: referred, withCompanions: withCompanions}) AS all
     RETURN {keys: [], count: reduce(t = 0, g IN all | t + g.count), revenue: reduce(t = 0, g IN all | t + g.revenue),
             referred: reduce(t = 0, g IN all | t + g.referred),
             withCompanions: reduce(t = 0, g IN all | t + g.withCompanions)} AS totals,
            all[0..toInteger($limit)] AS groups`,
    {
      from: p.from,
      to: p.to,
      dealershipId: p.dealershipId,
      companionWindowDays: p.companionWindowDays,
      limit: p.limit,
      viewerRole: p.viewerRole,
      viewerDealershipId: p.viewerDealershipId,
    },
  );
  const r = rows[0];
  return { totals: r?.totals ?? { keys: [], count: 0, revenue: 0, referred: 0, withCompanions: 0 }, groups: r?.groups ?? [] };
}

/** Display labels for the ids some dimensions group by. */
export async function dimensionLabels(
  db: QueryRunner,
  p: { modelIds: string[]; dealershipIds: string[]; userIds: string[] },
): Promise<{ models: { id: string; label: string }[]; dealerships: { id: string; label: string }[]; users: { id: string; label: string }[] }> {
  const rows = await db.read<{
    models: { id: string; label: string }[];
    dealerships: { id: string; label: string }[];
    users: { id: string; label: string }[];
  }>(
    `CALL { MATCH (m:VehicleModel) WHERE m.id IN $modelIds RETURN collect({id: m.id, label: m.brand + ' ' + m.model}) AS models }
     CALL { MATCH (d:Dealership) WHERE d.id IN $dealershipIds RETURN collect({id: d.id, label: d.name}) AS dealerships }
     CALL { MATCH (u:User) WHERE u.id IN $userIds RETURN collect({id: u.id, label: u.displayName}) AS users }
     RETURN models, dealerships, users`,
    p,
  );
  return rows[0] ?? { models: [], dealerships: [], users: [] };
}

// ---------------------------------------------------------------------------------------------------------------
// modelDemand
// ---------------------------------------------------------------------------------------------------------------

export interface CircleDemandRow {
  vehicleModelId: string;
  brand: string;
  model: string;
  circleBuyers: number;
  prospectsReached: number;
}

/**
 * Models bought since `since` by people within two hops (ties of any kind) of a prospect the viewer may read,
 * counted as distinct buyers and distinct prospects reached. Starts from the recent sales, so the work is
 * bounded by the period's sales and two hops around each buyer.
 */
export async function circleDemand(
  db: QueryRunner,
  p: { since: string; today: string; region: string | null; dealershipId: string | null; viewerRole: string; viewerDealershipId: string | null },
): Promise<CircleDemandRow[]> {
  return db.read<CircleDemandRow>(
    `MATCH (s:Sale)-[:OF_MODEL]->(m:VehicleModel)
     WHERE s.date > date($since) AND s.date <= date($today) AND ${canReadCypher('s')}
       AND ($dealershipId IS NULL OR s.dealershipId = $dealershipId)
     MATCH (b:Person)-[:BOUGHT]->(s)
     WITH DISTINCT m, b
     CALL (b) {
       MATCH (b)-[:${TIE_PATTERN}*1..2]-(pr:Person)
       WHERE pr <> b AND pr.kind = 'PROSPECT' AND pr.erasedAt IS NULL AND ${canReadCypher('pr')}
         AND ($dealershipId IS NULL OR pr.dealershipId = $dealershipId)
         AND ($region IS NULL OR pr.region = $region)
       RETURN collect(DISTINCT pr.id) AS prospects
     }
     WITH m, b, prospects WHERE size(prospects) > 0
     UNWIND prospects AS pid
     RETURN m.id AS vehicleModelId, m.brand AS brand, m.model AS model,
            count(DISTINCT b) AS circleBuyers, count(DISTINCT pid) AS prospectsReached`,
    p,
  );
}

export interface VelocityRow {
  vehicleModelId: string;
  brand: string;
  model: string;
  recentSales: number;
  previousSales: number;
}

/** Sales per model in (since, today] and in the equally long period before, by buyer region when given. */
export async function modelVelocity(
  db: QueryRunner,
  p: { since: string; before: string; today: string; region: string | null; dealershipId: string | null; viewerRole: string; viewerDealershipId: string | null },
): Promise<VelocityRow[]> {
  return db.read<VelocityRow>(
    `MATCH (s:Sale)-[:OF_MODEL]->(m:VehicleModel)
     WHERE s.date > date($before) AND s.date <= date($today) AND ${canReadCypher('s')}
       AND ($dealershipId IS NULL OR s.dealershipId = $dealershipId)
       AND ($region IS NULL OR EXISTS { MATCH (b:Person)-[:BOUGHT]->(s) WHERE b.region = $region })
     RETURN m.id AS vehicleModelId, m.brand AS brand, m.model AS model,
            sum(CASE WHEN s.date > date($since) THEN 1 ELSE 0 END) AS recentSales,
            sum(CASE WHEN s.date <= date($since) THEN 1 ELSE 0 END) AS previousSales`,
    p,
  );
}
