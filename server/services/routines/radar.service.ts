import { badInput } from '../../errors.js';
import type { Viewer } from '../../graphql/context.js';
import type { QueryRunner } from '../../queries/driver.js';
import {
  HEALTH_BANDS,
  HEALTH_CAPS,
  HEALTH_WEIGHTS,
  HEALTH_WINDOWS,
  radarRows,
  repurchaseCells,
  type RadarRow,
} from '../../queries/routines-radar.queries.js';
import { viewerParams } from '../../queries/visibility.js';
import { requireViewer } from '../access.js';
import { addMonths, todayInDealerZone } from './dates.js';
import { pageSize, readScope } from './scope.js';

/** The radar looks at purchases younger than this; older ones belong to repurchaseStats' cohort. */
export const RADAR_MAX_MONTHS = 48;
/** The article's claim ("70% buy their second car from us three years later"): shown next to the measurement. */
export const ARTICLE_CLAIMED_RATE = 0.7;
const ANONYMOUS = '一位共同联系人';

const TIE_LABELS: Record<string, string> = {
  FAMILY: '家人',
  FRIEND: '朋友',
  COLLEAGUE: '同事',
  BUSINESS_PARTNER: '生意伙伴',
  ADVISES: '懂车的朋友',
  DRIVES_FOR: '司机',
};

export interface HealthPart {
  key: 'INTERACTIONS' | 'FOLLOW_UP' | 'SERVICE' | 'CIRCLE' | 'REFERRALS';
  points: number;
  maxPoints: number;
  /** The measured quantity: interactions, service visits, circle buyers, referrals; 1/0.5/0 for the call. */
  value: number;
}

export interface WayIn {
  kind: 'SALESPERSON' | 'CIRCLE';
  userId: string | null;
  personId: string | null;
  name: string;
  tieKind: string | null;
  strength: number | null;
  warmth: number;
  reason: string;
}

export interface RadarEntry {
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
  healthScore: number;
  band: string;
  parts: HealthPart[];
  reasons: string[];
  warmestWayIn: WayIn | null;
  waysIn: WayIn[];
}

export interface RepurchaseRate {
  key: string;
  buyers: number;
  repurchased: number;
  rate: number | null;
}

export interface RepurchaseStatsResult {
  definition: string;
  cohortCutoff: string;
  buyers: number;
  repurchased: number;
  rate: number | null;
  articleClaimedRate: number;
  byBand: RepurchaseRate[];
  byFollowUpCall: RepurchaseRate[];
  cells: (RepurchaseRate & { band: string; call: string })[];
}

const round2 = (x: number) => Math.round(x * 100) / 100;

function parts(r: RadarRow): HealthPart[] {
  return [
    { key: 'INTERACTIONS', points: r.pInteractions, maxPoints: HEALTH_WEIGHTS.interactions, value: r.interactions },
    {
      key: 'FOLLOW_UP',
      points: r.pFollowUp,
      maxPoints: HEALTH_WEIGHTS.followUp,
      value: r.followUp === 'REACHED' ? 1 : r.followUp === 'DONE' ? 0.5 : 0,
    },
    { key: 'SERVICE', points: r.pService, maxPoints: HEALTH_WEIGHTS.service, value: r.serviceVisits },
    { key: 'CIRCLE', points: r.pCircle, maxPoints: HEALTH_WEIGHTS.circle, value: r.circleBuyers },
    { key: 'REFERRALS', points: r.pReferrals, maxPoints: HEALTH_WEIGHTS.referrals, value: r.referrals },
  ];
}

/** zh-CN reasons: how long since the purchase, then what warms the relationship (largest first), then gaps. */
function reasons(r: RadarRow, ps: HealthPart[]): string[] {
  const car = [r.brand, r.model].filter(Boolean).join(' ');
  const out = [`购车已满 ${r.monthsSincePurchase} 个月${car ? `（${car}）` : ''}`];
  const text: Record<HealthPart['key'], string> = {
    INTERACTIONS: `近 ${HEALTH_WINDOWS.interactionMonths} 个月有 ${r.interactions} 次互动`,
    FOLLOW_UP: r.followUp === 'REACHED' ? '购车后的回访电话已接通' : '购车后已回访，但未接通或未深谈',
    SERVICE: `近 ${HEALTH_WINDOWS.serviceMonths} 个月回店保养维修 ${r.serviceVisits} 次`,
    CIRCLE: `圈子里有 ${r.circleBuyers} 人近一年购车${
      r.circle.length ? `：${r.circle.map((c) => c.name ?? ANONYMOUS).join('、')}` : ''
    }`,
    REFERRALS: `推荐过 ${r.referrals} 位朋友，其中 ${r.referralSales} 位已成交`,
  };
  for (const p of [...ps].filter((p) => p.points > 0).sort((a, b) => b.points - a.points)) out.push(text[p.key]);
  if (r.followUp === 'NONE') out.push('购车后未完成回访');
  if (r.interactions === 0) out.push(`近 ${HEALTH_WINDOWS.interactionMonths} 个月没有互动`);
  return out;
}

/**
 * Ways in, warmest first. The salesperson who sold the car: 0.5, +0.3 when their thank-you call reached the
 * customer, +0.2 when there was an interaction in the last year; 0.2 when they have left. A person in the
 * circle who bought in the last year: their tie strength. Equal warmth: the salesperson first.
 */
function waysIn(r: RadarRow): WayIn[] {
  const ways: WayIn[] = [];
  if (r.salespersonId) {
    const warmth = r.salespersonActive ? 0.5 + (r.followUp === 'REACHED' ? 0.3 : 0) + (r.interactions > 0 ? 0.2 : 0) : 0.2;
    const name = r.salespersonName ?? r.salespersonId;
    ways.push({
      kind: 'SALESPERSON',
      userId: r.salespersonId,
      personId: null,
      name,
      tieKind: null,
      strength: null,
      warmth: round2(warmth),
      reason: r.salespersonActive
        ? `当初的销售顾问 ${name}${r.followUp === 'REACHED' ? '，回访时已建立联系' : ''}`
        : `当初的销售顾问 ${name} 已离职，由门店接手`,
    });
  }
  for (const c of r.circle) {
    const name = c.name ?? ANONYMOUS;
    ways.push({
      kind: 'CIRCLE',
      userId: null,
      personId: c.personId,
      name,
      tieKind: c.tieKind,
      strength: c.strength,
      warmth: c.strength,
      reason: `${TIE_LABELS[c.tieKind] ?? c.tieKind}${name}于 ${c.boughtOn} 购车${c.sameDealership ? '（本店）' : ''}`,
    });
  }
  return ways.sort((a, b) => b.warmth - a.warmth || (a.kind === 'SALESPERSON' ? -1 : b.kind === 'SALESPERSON' ? 1 : 0));
}

export class RadarRoutines {
  constructor(
    private readonly db: QueryRunner,
    private readonly viewer: Viewer | null,
  ) {}

  /**
   * Buyers whose latest purchase is monthsSincePurchase..48 months old, healthiest relationships first; with `mine`,
   * only those whose latest car the viewer sold (the salesperson who sold it makes the repurchase call).
   */
  async repurchaseRadar(args: {
    monthsSincePurchase?: number | null;
    first?: number | null;
    dealershipId?: string | null;
    mine?: boolean | null;
  }): Promise<RadarEntry[]> {
    const v = requireViewer(this.viewer);
    const scope = readScope(v, args.dealershipId);
    const months = args.monthsSincePurchase ?? 30;
    if (!Number.isInteger(months) || months < 1 || months >= RADAR_MAX_MONTHS) {
      throw badInput('monthsSincePurchase', `monthsSincePurchase must be a whole number from 1 to ${RADAR_MAX_MONTHS - 1}`);
    }
    const first = pageSize('first', args.first, 50, 200);
    const today = todayInDealerZone();
    const rows = await radarRows(this.db, {
      newest: addMonths(today, -months),
      oldest: addMonths(today, -RADAR_MAX_MONTHS),
      today,
      first,
      dealershipId: scope,
      salespersonId: args.mine ? v.userId : null,
      ...viewerParams(v),
    });
    return rows.map((r) => {
      const ps = parts(r);
      const ways = waysIn(r);
      return {
        personId: r.personId,
        name: r.name,
        phone: r.phone,
        contactConsent: r.contactConsent,
        dealershipId: r.dealershipId,
        saleId: r.saleId,
        saleDate: r.saleDate,
        monthsSincePurchase: r.monthsSincePurchase,
        brand: r.brand,
        model: r.model,
        healthScore: r.score,
        band: r.band,
        parts: ps,
        reasons: reasons(r, ps),
        warmestWayIn: ways[0] ?? null,
        waysIn: ways,
      };
    });
  }

  async repurchaseStats(args: { dealershipId?: string | null }): Promise<RepurchaseStatsResult> {
    const v = requireViewer(this.viewer);
    const scope = readScope(v, args.dealershipId);
    const cutoff = addMonths(todayInDealerZone(), -RADAR_MAX_MONTHS);
    const cells = await repurchaseCells(this.db, { cutoff, dealershipId: scope, ...viewerParams(v) });
    const rate = (key: string, xs: { buyers: number; repurchased: number }[]): RepurchaseRate => {
      const buyers = xs.reduce((a, x) => a + x.buyers, 0);
      const repurchased = xs.reduce((a, x) => a + x.repurchased, 0);
      return { key, buyers, repurchased, rate: buyers > 0 ? repurchased / buyers : null };
    };
    const all = rate('ALL', cells);
    return {
      definition:
        'Cohort: buyers whose first purchase is at least 48 months old. Repurchased: a further purchase at the same ' +
        'dealership 24 to 48 months after the first. Health band as of 24 months after the first purchase ' +
        `(HOT >= ${HEALTH_BANDS.hot}, WARM >= ${HEALTH_BANDS.warm}, else COLD); call: the first purchase's ` +
        'follow-up reached the customer by its due date (ON_TIME), later (LATE), or not (NOT_CALLED).',
      cohortCutoff: cutoff,
      buyers: all.buyers,
      repurchased: all.repurchased,
      rate: all.rate,
      articleClaimedRate: ARTICLE_CLAIMED_RATE,
      byBand: (['HOT', 'WARM', 'COLD'] as const).map((b) => rate(b, cells.filter((c) => c.band === b))),
      byFollowUpCall: (['ON_TIME', 'LATE', 'NOT_CALLED'] as const).map((k) => rate(k, cells.filter((c) => c.call === k))),
      cells: cells
        .map((c) => ({ ...rate(`${c.band}/${c.call}`, [c]), band: c.band, call: c.call }))
        .sort((a, b) => a.key.localeCompare(b.key)),
    };
  }
}

/** Exposed for the docs and tests: the weights and caps the health score uses. */
export const HEALTH_MODEL = { weights: HEALTH_WEIGHTS, caps: HEALTH_CAPS, windows: HEALTH_WINDOWS, bands: HEALTH_BANDS };
