import { randomUUID } from 'node:crypto';
import type { Config } from '../../config.js';
import { badInput, forbidden } from '../../errors.js';
import type { Viewer } from '../../graphql/context.js';
import { writeAudit } from '../../queries/audit.queries.js';
import type { QueryRunner, TxRunner } from '../../queries/driver.js';
import { claimReferralForSale, referrerOfSale } from '../../queries/people.queries.js';
import { getFollowUp, type FollowUpRow } from '../../queries/routines-followups.queries.js';
import { toFollowUpItem, type FollowUpItem } from './follow-ups.service.js';
import {
  circleDemand,
  dimensionLabels,
  findExistingSale,
  insertSale,
  lockSaleContext,
  mergeVehicleModel,
  modelVelocity,
  SALES_DIMENSIONS,
  salesGroups,
  type SaleRow,
  type SalesDimension,
} from '../../queries/routines-sales.queries.js';
import { viewerParams } from '../../queries/visibility.js';
import { assertCanWriteDealership, canReadDealership, requireRole, requireViewer, targetDealership } from '../access.js';
import { addDays, addMonths, daysBetween, parseDate, previousMonth, todayInDealerZone } from './dates.js';
import { conflict, optionalText, pageSize, readScope, requiredId } from './scope.js';

export interface SaleInputData {
  buyerId: string;
  vehicleModelId?: string | null;
  brand?: string | null;
  model?: string | null;
  vin: string;
  price: number;
  date?: string | null;
  dealershipId?: string | null;
  salespersonId?: string | null;
  clientMutationId?: string | null;
}

export interface RecordedSale {
  id: string;
  vin: string | null;
  price: number;
  date: string;
  dealershipId: string;
  salespersonId: string | null;
  buyerId: string | null;
  vehicleModelId: string | null;
  brand: string | null;
  model: string | null;
  clientMutationId: string | null;
}

export interface RecordSaleResult {
  /** false when the call repeated an earlier one (same idempotency key or same VIN and details). */
  created: boolean;
  sale: RecordedSale;
  followUp: FollowUpItem | null;
  /** The referrer whose referral this sale completes (docs/routines.md), or null. */
  referrerId: string | null;
}

/** VINs use 0-9 and A-Z except I, O and Q (ISO 3779 / GB 16735). */
const VIN_RE = /^[A-HJ-NPR-Z0-9]{17}$/;
const MAX_PRICE = 100_000_000;
/** A visit with companions counts toward a sale when it happened in this many days up to the sale. */
export const COMPANION_WINDOW_DAYS = 180;
const MAX_GROUPS = 2000;

export const SOURCE_LABELS: Record<string, string> = {
  REFERRAL: '转介绍',
  COMPANION_VISIT: '亲友陪同到店',
  VISIT: '独自到店',
  DIRECT: '其他',
};

export function normaliseVin(raw: string): string {
  const vin = raw.replace(/\s+/g, '').toUpperCase();
  if (!VIN_RE.test(vin)) {
    throw badInput('vin', 'vin must be 17 characters of 0-9 and A-Z without I, O or Q');
  }
  return vin;
}

function toRecordedSale(r: SaleRow): RecordedSale {
  return {
    id: r.id,
    vin: r.vin,
    price: r.price,
    date: r.date,
    dealershipId: r.dealershipId,
    salespersonId: r.salespersonId,
    buyerId: r.buyerId,
    vehicleModelId: r.vehicleModelId,
    brand: r.brand,
    model: r.model,
    clientMutationId: r.clientMutationId,
  };
}

export interface SalesKey {
  dimension: SalesDimension;
  value: string | null;
  label: string;
}

export interface SalesMetrics {
  count: number;
  revenue: number;
  averagePrice: number | null;
  referralCount: number;
  referralShare: number | null;
  companionCount: number;
  companionShare: number | null;
}

export interface SalesGroup extends SalesMetrics {
  keys: SalesKey[];
  /** When grouped by MONTH: the same group a month earlier (zeros if it had no sales), null before `from`. */
  previousCount: number | null;
  previousRevenue: number | null;
  countChange: number | null;
  countChangeRate: number | null;
  revenueChangeRate: number | null;
}

export interface SalesStatsResult {
  from: string;
  to: string;
  groupBy: SalesDimension[];
  totals: SalesMetrics;
  groups: SalesGroup[];
  truncated: boolean;
}

export interface ModelDemandRow {
  vehicleModelId: string;
  brand: string;
  model: string;
  circleBuyers: number;
  prospectsReached: number;
  recentSales: number;
  previousSales: number;
  salesPerMonth: number;
  trend: number | null;
  velocity: 'HOT' | 'STEADY' | 'SLOW';
}

export interface ModelDemandResult {
  region: string | null;
  months: number;
  since: string;
  medianSalesPerMonth: number;
  models: ModelDemandRow[];
}

function metrics(count: number, revenue: number, referred: number, withCompanions: number): SalesMetrics {
  return {
    count,
    revenue,
    averagePrice: count > 0 ? revenue / count : null,
    referralCount: referred,
    referralShare: count > 0 ? referred / count : null,
    companionCount: withCompanions,
    companionShare: count > 0 ? withCompanions / count : null,
  };
}

function median(values: number[]): number {
  if (values.length === 0) return 0;
  const s = [...values].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

export class SalesRoutines {
  constructor(
    private readonly db: QueryRunner,
    private readonly viewer: Viewer | null,
    private readonly config: Config,
  ) {}

  private async followUpItem(tx: TxRunner, id: string, v: Viewer, today: string): Promise<FollowUpItem | null> {
    const r: FollowUpRow | null = await getFollowUp(tx, id, viewerParams(v));
    return r ? toFollowUpItem(r, today) : null;
  }

  /**
   * Records a sale with its buyer, model and one thank-you call due `followUpDays` after the sale date. A retry
   * (same clientMutationId, or the same VIN with the same details) returns the sale already recorded.
   */
  async recordSale(input: SaleInputData): Promise<RecordSaleResult> {
    const v = requireRole(this.viewer, ['salesperson', 'manager', 'admin']);
    const dealershipId = targetDealership(v, optionalText('dealershipId', input.dealershipId, 200));
    const buyerId = requiredId('buyerId', input.buyerId);
    const vin = normaliseVin(input.vin ?? '');
    if (typeof input.price !== 'number' || !Number.isFinite(input.price) || input.price <= 0 || input.price > MAX_PRICE) {
      throw badInput('price', `price must be more than 0 and at most ${MAX_PRICE} yuan`);
    }
    const today = todayInDealerZone();
    const date = input.date ? parseDate('date', input.date) : today;
    if (date > today) throw badInput('date', 'The sale date is in the future');

    const vehicleModelId = optionalText('vehicleModelId', input.vehicleModelId, 200);
    const brand = optionalText('brand', input.brand, 60);
    const model = optionalText('model', input.model, 60);
    if (vehicleModelId && (brand || model)) {
      throw badInput('vehicleModelId', 'Give either vehicleModelId or brand and model, not both');
    }
    if (!vehicleModelId && !brand) throw badInput('brand', 'brand (with model) or vehicleModelId is required');
    if (!vehicleModelId && !model) throw badInput('model', 'model (with brand) or vehicleModelId is required');

    const salespersonId = optionalText('salespersonId', input.salespersonId, 200) ?? v.userId;
    if (salespersonId !== v.userId && v.role === 'salesperson') {
      throw forbidden('A salesperson records their own sales; a manager may record one for a colleague');
    }
    const clientMutationId = optionalText('clientMutationId', input.clientMutationId, 100);

    try {
      return await this.db.writeTx(async (tx) => {
        const c = await lockSaleContext(tx, { buyerId, dealershipId, salespersonId, vehicleModelId });
        if (!c.buyer || !canReadDealership(v, c.buyer.dealershipId)) throw badInput('buyerId', 'No such person');
        assertCanWriteDealership(v, c.buyer.dealershipId);
        if (c.buyer.dealershipId !== dealershipId) {
          throw badInput('buyerId', 'The buyer is recorded by another dealership; record the sale there');
        }
        if (c.buyer.erasedAt) throw badInput('buyerId', 'This person was erased');
        if (!c.dealershipExists && input.dealershipId) throw badInput('dealershipId', 'No such dealership');
        if (salespersonId !== v.userId) {
          const u = c.salesperson;
          if (!u || u.dealershipId !== dealershipId || u.disabled || !['SALESPERSON', 'MANAGER'].includes(u.role)) {
            throw badInput('salespersonId', 'No active salesperson with this id in the dealership');
          }
        }
        if (vehicleModelId && !c.vehicleModel) throw badInput('vehicleModelId', 'No such vehicle model');

        const existing = await findExistingSale(tx, { dealershipId, clientMutationId, vin });
        const same = (r: SaleRow) =>
          r.vin === vin &&
          r.buyerId === buyerId &&
          r.dealershipId === dealershipId &&
          r.date === date &&
          r.price === input.price &&
          r.salespersonId === salespersonId &&
          (vehicleModelId ? r.vehicleModelId === vehicleModelId : r.brand === brand && r.model === model);
        const repeat = async (r: SaleRow): Promise<RecordSaleResult> => ({
          created: false,
          sale: toRecordedSale(r),
          followUp: r.followUpId ? await this.followUpItem(tx, r.followUpId, v, today) : null,
          referrerId: await referrerOfSale(tx, r.id),
        });
        if (existing.byKey) {
          if (!same(existing.byKey)) {
            throw conflict('clientMutationId', 'This clientMutationId was already used for a different sale');
          }
          return repeat(existing.byKey);
        }
        if (existing.byVin) {
          if (!same(existing.byVin)) throw conflict('vin', 'A sale with this VIN is already recorded');
          return repeat(existing.byVin);
        }

        const modelId = c.vehicleModel?.id ?? (await mergeVehicleModel(tx, brand!, model!));
        const id = randomUUID();
        const followUpId = randomUUID();
        const row = await insertSale(tx, {
          id,
          followUpId,
          buyerId,
          vehicleModelId: modelId,
          vin,
          price: input.price,
          date,
          dealershipId,
          salespersonId,
          clientMutationId,
          recordedBy: v.userId,
          followUpDays: this.config.followUpDays,
        });
        // the buyer's open referral, if any, led to this sale: referralCredit, topReferrers and influence count it
        const referrerId = await claimReferralForSale(tx, { buyerId, saleId: id, date });
        await writeAudit(tx, v, 'recordSale', 'Sale', id, {
          buyerId,
          vin,
          price: input.price,
          date,
          dealershipId,
          salespersonId,
          vehicleModelId: modelId,
          followUpId,
          clientMutationId,
          referrerId,
        });
        return {
          created: true,
          sale: toRecordedSale(row),
          followUp: await this.followUpItem(tx, followUpId, v, today),
          referrerId,
        };
      });
    } catch (err) {
      // two different sales racing for one VIN: the unique constraint stops the second
      if (/ConstraintValidationFailed/.test(String((err as { code?: string }).code)) && /vin/i.test(String((err as Error).message))) {
        throw conflict('vin', 'A sale with this VIN is already recorded');
      }
      throw err;
    }
  }

  async salesStats(args: { groupBy: string[]; from?: string | null; to?: string | null; dealershipId?: string | null }): Promise<SalesStatsResult> {
    const v = requireViewer(this.viewer);
    const scope = readScope(v, args.dealershipId);
    const groupBy: SalesDimension[] = [];
    for (const g of args.groupBy) {
      const d = SALES_DIMENSIONS.find((x) => x === g);
      if (!d) throw badInput('groupBy', `groupBy takes ${SALES_DIMENSIONS.join(', ')}`);
      if (groupBy.includes(d)) throw badInput('groupBy', `${d} is listed twice`);
      groupBy.push(d);
    }
    if (groupBy.length > 3) throw badInput('groupBy', 'Group by at most three dimensions');
    const today = todayInDealerZone();
    const to = args.to ? parseDate('to', args.to) : today;
    const from = args.from ? parseDate('from', args.from) : addDays(addMonths(to, -12), 1);
    if (from > to) throw badInput('from', 'from must not be after to');
    if (daysBetween(from, to) > 3700) throw badInput('from', 'The period may span at most ten years');

    const base = { from, to, dealershipId: scope, companionWindowDays: COMPANION_WINDOW_DAYS, ...viewerParams(v) };
    const { totals: t, groups: rows } = await salesGroups(this.db, { ...base, groupBy, limit: MAX_GROUPS + 1 });
    const truncated = rows.length > MAX_GROUPS;
    const kept = rows.slice(0, MAX_GROUPS);

    const idsOf = (d: SalesDimension) => {
      const i = groupBy.indexOf(d);
      return i < 0 ? [] : [...new Set(kept.map((r) => r.keys[i]).filter((x): x is string => typeof x === 'string'))];
    };
    const labels = await dimensionLabels(this.db, {
      modelIds: idsOf('MODEL'),
      dealershipIds: idsOf('DEALERSHIP'),
      userIds: idsOf('SALESPERSON'),
    });
    const labelMap = (xs: { id: string; label: string }[]) => new Map(xs.map((x) => [x.id, x.label]));
    const models = labelMap(labels.models);
    const dealerships = labelMap(labels.dealerships);
    const users = labelMap(labels.users);
    const label = (d: SalesDimension, value: string | null): string => {
      if (value === null) return d === 'REGION' ? '未知地区' : '未知';
      switch (d) {
        case 'MODEL':
          return models.get(value) ?? value;
        case 'DEALERSHIP':
          return dealerships.get(value) ?? value;
        case 'SALESPERSON':
          return users.get(value) ?? value;
        case 'SOURCE':
          return SOURCE_LABELS[value] ?? value;
        default:
          return value;
      }
    };

    const monthAt = groupBy.indexOf('MONTH');
    const byKey = new Map(kept.map((r) => [JSON.stringify(r.keys), r]));
    const firstMonth = from.slice(0, 7);
    const groups: SalesGroup[] = kept.map((r) => {
      const m = metrics(r.count, r.revenue, r.referred, r.withCompanions);
      let previousCount: number | null = null;
      let previousRevenue: number | null = null;
      if (monthAt >= 0 && typeof r.keys[monthAt] === 'string') {
        const prevMonth = previousMonth(r.keys[monthAt] as string);
        if (prevMonth >= firstMonth) {
          const prevKeys = [...r.keys];
          prevKeys[monthAt] = prevMonth;
          const prev = byKey.get(JSON.stringify(prevKeys));
          previousCount = prev?.count ?? 0;
          previousRevenue = prev?.revenue ?? 0;
        }
      }
      return {
        ...m,
        keys: groupBy.map((d, i) => ({ dimension: d, value: r.keys[i] ?? null, label: label(d, r.keys[i] ?? null) })),
        previousCount,
        previousRevenue,
        countChange: previousCount === null ? null : r.count - previousCount,
        countChangeRate: previousCount ? (r.count - previousCount) / previousCount : null,
        revenueChangeRate: previousRevenue ? (r.revenue - previousRevenue) / previousRevenue : null,
      };
    });
    if (monthAt >= 0) {
      // a trend reads in time order
      groups.sort((a, b) => String(a.keys[monthAt]!.value).localeCompare(String(b.keys[monthAt]!.value)) || b.count - a.count);
    }
    return {
      from,
      to,
      groupBy,
      totals: metrics(t.count, t.revenue, t.referred, t.withCompanions),
      groups,
      truncated,
    };
  }

  /**
   * What prospects' friends drive: models bought in the last `months` by people within two hops of a prospect,
   * next to every model's sales velocity in the same period (HOT at 1.5x the median rate or more, SLOW at half or
   * less).
   */
  async modelDemand(args: { region?: string | null; months?: number | null; first?: number | null; dealershipId?: string | null }): Promise<ModelDemandResult> {
    const v = requireViewer(this.viewer);
    const scope = readScope(v, args.dealershipId);
    const months = pageSize('months', args.months, 6, 36);
    const first = pageSize('first', args.first, 20, 100);
    const region = optionalText('region', args.region, 60);
    const today = todayInDealerZone();
    const since = addMonths(today, -months);
    const before = addMonths(today, -2 * months);
    const params = { since, today, region, dealershipId: scope, ...viewerParams(v) };
    const [circle, velocity] = await Promise.all([circleDemand(this.db, params), modelVelocity(this.db, { ...params, before })]);

    const rows = new Map<string, ModelDemandRow>();
    const row = (id: string, brand: string, model: string): ModelDemandRow => {
      let r = rows.get(id);
      if (!r) {
        r = { vehicleModelId: id, brand, model, circleBuyers: 0, prospectsReached: 0, recentSales: 0, previousSales: 0, salesPerMonth: 0, trend: null, velocity: 'STEADY' };
        rows.set(id, r);
      }
      return r;
    };
    for (const c of circle) Object.assign(row(c.vehicleModelId, c.brand, c.model), { circleBuyers: c.circleBuyers, prospectsReached: c.prospectsReached });
    for (const s of velocity) Object.assign(row(s.vehicleModelId, s.brand, s.model), { recentSales: s.recentSales, previousSales: s.previousSales });
    const all = [...rows.values()];
    for (const r of all) {
      r.salesPerMonth = r.recentSales / months;
      r.trend = r.previousSales > 0 ? (r.recentSales - r.previousSales) / r.previousSales : null;
    }
    const med = median(all.map((r) => r.salesPerMonth));
    for (const r of all) {
      if (med === 0) r.velocity = r.salesPerMonth > 0 ? 'HOT' : 'SLOW';
      else if (r.salesPerMonth >= 1.5 * med) r.velocity = 'HOT';
      else if (r.salesPerMonth <= 0.5 * med) r.velocity = 'SLOW';
      else r.velocity = 'STEADY';
    }
    all.sort(
      (a, b) =>
        b.prospectsReached - a.prospectsReached ||
        b.circleBuyers - a.circleBuyers ||
        b.recentSales - a.recentSales ||
        `${a.brand} ${a.model}`.localeCompare(`${b.brand} ${b.model}`) ||
        a.vehicleModelId.localeCompare(b.vehicleModelId),
    );
    return { region, months, since, medianSalesPerMonth: med, models: all.slice(0, first) };
  }
}

