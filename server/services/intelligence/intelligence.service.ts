import DataLoader from 'dataloader';
import { TIE_TYPES, type TieType } from '../../domain.js';
import { badInput, forbidden, notFound } from '../../errors.js';
import type { Viewer } from '../../graphql/context.js';
import type { QueryRunner } from '../../queries/driver.js';
import { circleMembers, circleSignals } from '../../queries/intelligence-circle.queries.js';
import { storeRanksOf, topInfluencers } from '../../queries/intelligence-influence.queries.js';
import {
  circleSizeOf,
  influenceOf,
  personAccess,
  purchasesOf,
  readablePeople,
  referralsMadeOf,
  testimonialCountOf,
  type IdNumber,
  type PersonAccessRow,
  type TieTuple,
} from '../../queries/intelligence-people.queries.js';
import {
  chainOfSale,
  chainToPerson,
  referrersRanking,
  saleAccess,
  saleSummaries,
  type ChainRow,
} from '../../queries/intelligence-referrals.queries.js';
import { testimonialsByReached, type ReachedTuple } from '../../queries/intelligence-testimonials.queries.js';
import { requireRole, requireViewer } from '../access.js';
import { advisersOf, collectCircle, scoreCircle } from './circle.js';
import { creditShares } from './credit.js';
import { recomputeInfluence } from './influence.js';
import { BOUNDS, CAPS, checkId, checkRange } from './limits.js';
import { round9 } from './numbers.js';
import { halfPaths, joinPaths, type FullPath } from './paths.js';
import { byStrengthThenId, pathTo, storedDirection, traverse, type AdmitStarts, type ReachedNode, type SideResult } from './traversal.js';
import {
  personCard,
  type CircleMemberOut,
  type ContactTestimonialOut,
  type CreditOut,
  type InfluenceRunOut,
  type InfluencerOut,
  type NetworkOut,
  type PathOut,
  type PersonCardOut,
  type PersonInsightOut,
  type ReferralChainOut,
  type ReferrerOut,
  type SaleOut,
  type TieOut,
} from './types.js';

const GROUP_WIDE = new Set(['admin', 'marketing', 'analyst']);
/** How far down a store's influence ranking `storeRank` counts: as far as `influencers(first)` can list. */
export const STORE_RANK_TOP = BOUNDS.first[1];

/** Keys per DataLoader batch; lists are bounded by `limit`/`ids` (≤ 500), so a request's field is one batch. */
const MAX_BATCH = 1000;

export interface NetworkArgs {
  personId: string;
  depth: number;
  kinds?: TieType[] | null;
  limit: number;
}

export interface WarmPathArgs {
  fromId: string;
  toId: string;
  first: number;
  maxHops: number;
}

export interface TestimonialArgs {
  prospectId: string;
  maxHops: number;
  first: number;
}

export interface InfluencerArgs {
  first: number;
  region?: string | null;
  dealershipId?: string | null;
  /** Only people who agreed to be contacted (an invitation, a referral request). */
  contactableOnly?: boolean | null;
}

const cardOf = (n: ReachedNode): PersonCardOut => personCard(n.id, n.name, n.kind, n.influence);

function tieOut(at: string, tie: TieTuple): TieOut {
  return { ...storedDirection(at, tie), kind: tie[1], strength: tie[2] };
}

/**
 * Relationship intelligence: circles, influencers, referral chains, warm paths and known-contact testimonials.
 * Built per request (server/services/index.ts), so its DataLoaders batch and cache within one request only.
 */
export class IntelligenceService {
  constructor(
    private readonly db: QueryRunner,
    private readonly viewerOrNull: Viewer | null,
  ) {}

  private get viewer(): Viewer {
    return requireViewer(this.viewerOrNull);
  }

  // ---- per-person fields, one round trip per field per request -------------------------------------------

  private loader(fetch: (ids: readonly string[]) => Promise<IdNumber[]>, missing: number | null) {
    return new DataLoader<string, number | null>(
      async (ids) => {
        const byId = new Map((await fetch(ids)).map((r) => [r.id, r.n]));
        return ids.map((id) => byId.get(id) ?? missing);
      },
      { maxBatchSize: MAX_BATCH },
    );
  }

  private loaders?: {
    influence: DataLoader<string, number | null>;
    circleSize: DataLoader<string, number | null>;
    testimonialCount: DataLoader<string, number | null>;
    purchases: DataLoader<string, number | null>;
    referralsMade: DataLoader<string, number | null>;
    storeRank: DataLoader<string, number | null>;
    sale: DataLoader<string, SaleOut | null>;
  };

  private get l() {
    if (!this.loaders) {
      const v = this.viewer;
      this.loaders = {
        influence: this.loader((ids) => influenceOf(this.db, ids), null),
        circleSize: this.loader((ids) => circleSizeOf(this.db, ids), 0),
        testimonialCount: this.loader((ids) => testimonialCountOf(this.db, v, ids), 0),
        purchases: this.loader((ids) => purchasesOf(this.db, v, ids), 0),
        referralsMade: this.loader((ids) => referralsMadeOf(this.db, ids), 0),
        storeRank: this.loader((ids) => storeRanksOf(this.db, v, ids, STORE_RANK_TOP), null),
        sale: new DataLoader<string, SaleOut | null>(
          async (ids) => {
            const rows = await saleSummaries(this.db, v, ids);
            const byId = new Map(
              rows.map((s) => [
                s.id,
                { id: s.id, date: s.date, price: s.price, vehicle: s.brand || s.model ? [s.brand, s.model].filter(Boolean).join(' ') : null },
              ]),
            );
            return ids.map((id) => byId.get(id) ?? null);
          },
          { maxBatchSize: MAX_BATCH },
        ),
      };
    }
    return this.loaders;
  }

  /** Synchronous when the traversal already read the score: no promise per node on big networks. */
  influence(p: PersonCardOut): number | null | Promise<number | null> {
    if (p.influenceValue !== undefined) return p.influenceValue;
    return this.l.influence.load(p.id);
  }
  async circleSize(id: string): Promise<number> {
    return (await this.l.circleSize.load(id)) ?? 0;
  }
  async testimonialCount(id: string): Promise<number> {
    return (await this.l.testimonialCount.load(id)) ?? 0;
  }
  async purchases(id: string): Promise<number> {
    return (await this.l.purchases.load(id)) ?? 0;
  }
  async referralsMade(id: string): Promise<number> {
    return (await this.l.referralsMade.load(id)) ?? 0;
  }
  /** Place in the store's influence ranking when within its top STORE_RANK_TOP, else null. */
  storeRank(id: string): Promise<number | null> {
    return this.l.storeRank.load(id);
  }
  sale(id: string | null): Promise<SaleOut | null> {
    return id ? this.l.sale.load(id) : Promise.resolve(null);
  }

  /** People the viewer may read, in the order asked; unknown, erased or other dealerships' people are left out. */
  async personInsights(ids: string[]): Promise<PersonInsightOut[]> {
    const v = this.viewer;
    const unique = [...new Set(ids)];
    checkRange('ids', unique.length, BOUNDS.ids);
    unique.forEach((id) => checkId('ids', id));
    const rows = new Map((await readablePeople(this.db, v, unique)).map((r) => [r.id, r]));
    return unique
      .map((id) => rows.get(id))
      .filter((r) => r !== undefined)
      .map((r) => ({ ...personCard(r.id, r.name, r.kind, r.influence), region: r.region }));
  }

  // ---- access -----------------------------------------------------------------------------------------------

  private mayRead(dealershipId: string | null): boolean {
    const v = this.viewer;
    return GROUP_WIDE.has(v.role) || (v.dealershipId !== null && v.dealershipId === dealershipId);
  }

  /** A traversal starts only from a live person of a dealership the viewer may read; otherwise NOT_FOUND. */
  private async startPeople(args: [field: string, id: string][]): Promise<PersonAccessRow[]> {
    const admit = this.admitter(args);
    return admit(await personAccess(this.db, this.viewer, args.map(([, id]) => id)));
  }

  /** Checks the ids now, and later the people found for them (for traversals, whose first hop reads them). */
  private admitter(args: [field: string, id: string][]): AdmitStarts {
    for (const [field, id] of args) checkId(field, id);
    return (found) => {
      const rows = new Map(found.map((r) => [r.id, r]));
      return args.map(([, id]) => {
        const r = rows.get(id);
        // other dealerships' people look the same as unknown ones, as in the generated API (no existence leak)
        if (!r || r.erased || !this.mayRead(r.dealershipId)) throw notFound('Person');
        return r;
      });
    };
  }

  // ---- network ------------------------------------------------------------------------------------------------

  async network(a: NetworkArgs): Promise<NetworkOut> {
    const v = this.viewer;
    checkRange('depth', a.depth, BOUNDS.depth);
    checkRange('limit', a.limit, BOUNDS.limit);
    if (a.kinds && a.kinds.length === 0) throw badInput('kinds', 'kinds must name at least one kind of tie, or be left out');
    const kinds = a.kinds ? a.kinds.filter((k) => (TIE_TYPES as readonly string[]).includes(k)) : undefined;
    const admit = this.admitter([['personId', a.personId]]);
    const res = await traverse(
      this.db,
      v,
      [{ id: a.personId, depth: a.depth }],
      {
        kinds,
        // the centre may show up to limit - 1 of its strongest ties; everyone else their strongest few
        fanout: (level, remaining) => (level === 1 ? remaining : Math.min(CAPS.networkFanout, remaining)),
        maxNodes: a.limit,
        frontierCap: a.limit,
      },
      admit,
    );
    const [start] = res.starts;
    const side = res.sides[0]!;
    const nodes = side.order.map((id) => {
      const n = side.reached.get(id)!;
      return { ...cardOf(n), hops: n.hops, pathStrength: round9(n.strength) };
    });
    const edges = new Map<string, TieOut>();
    for (const [at, ties] of res.adj) {
      if (!side.reached.has(at)) continue;
      for (const t of ties) {
        if (!side.reached.has(t[0])) continue;
        const e = tieOut(at, t);
        edges.set(`${e.kind}|${e.from}|${e.to}`, e);
      }
    }
    const edgeList = [...edges.values()].sort(
      (x, y) => y.strength - x.strength || (x.from + x.to + x.kind < y.from + y.to + y.kind ? -1 : 1),
    );
    return { centerId: start!.id, depth: a.depth, limit: a.limit, nodes, edges: edgeList, truncated: res.truncated };
  }

  // ---- decision circle ------------------------------------------------------------------------------------------

  async decisionCircle(personId: string): Promise<CircleMemberOut[]> {
    const v = this.viewer;
    const [start] = await this.startPeople([['personId', personId]]);
    const raw = await circleSignals(this.db, v, start!.id);
    const acc = collectCircle(raw);
    if (acc.size === 0) return [];
    const members = await circleMembers(this.db, v, [...acc.keys()], advisersOf(acc));
    return scoreCircle(acc, members, CAPS.circleMembers);
  }

  // ---- influence ------------------------------------------------------------------------------------------------

  async influencers(a: InfluencerArgs): Promise<InfluencerOut[]> {
    const v = this.viewer;
    checkRange('first', a.first, BOUNDS.first);
    if (a.region !== undefined && a.region !== null && (a.region.trim() === '' || a.region.length > 100)) {
      throw badInput('region', 'region must be a non-empty name');
    }
    let dealershipId = a.dealershipId ?? null;
    if (!GROUP_WIDE.has(v.role)) {
      if (dealershipId !== null && dealershipId !== v.dealershipId) {
        throw forbidden('You may only rank people of your own dealership');
      }
      dealershipId = v.dealershipId;
      if (dealershipId === null) return [];
    }
    const rows = await topInfluencers(this.db, v, { first: a.first, region: a.region ?? null, dealershipId, contactableOnly: a.contactableOnly === true });
    return rows.map((r, i) => ({
      person: personCard(r.id, r.name, r.kind, r.score),
      rank: i + 1,
      score: r.score,
      centrality: r.centrality ?? 0,
      advisedBought: r.advisedBought ?? 0,
      referralSales: r.referralSales ?? 0,
      accompaniedSales: r.accompaniedSales ?? 0,
      region: r.region,
      dealershipId: r.dealershipId,
      contactConsent: r.contactConsent,
      computedAt: r.computedAt,
    }));
  }

  recomputeInfluence(): Promise<InfluenceRunOut> {
    requireRole(this.viewerOrNull, ['admin']);
    return recomputeInfluence(this.db);
  }

  // ---- referrals --------------------------------------------------------------------------------------------------

  /** The chain's steps from the originator down to the person; stops at a repeat (a referral loop). */
  private chainHops(row: ChainRow): { hops: ReferralChainOut['hops']; originator: PersonCardOut; person: PersonCardOut; truncated: boolean } {
    const person = personCard(row.personId, row.personName, row.personKind, row.personInfluence);
    const backwards: ReferralChainOut['hops'] = [];
    const seen = new Set([row.personId]);
    let below = person;
    let loop = false;
    for (const s of row.steps) {
      if (!s) break;
      const [id, name, kind, influence, date, channel, saleId] = s;
      if (seen.has(id)) {
        loop = true;
        break;
      }
      seen.add(id);
      const referrer = personCard(id, name, kind, influence);
      backwards.push({ from: referrer, to: below, date, channel, saleId });
      below = referrer;
    }
    const hops = backwards.reverse();
    return { hops, originator: hops[0]?.from ?? person, person, truncated: row.more && !loop };
  }

  async referralChain(personId: string): Promise<ReferralChainOut> {
    const v = this.viewer;
    const [start] = await this.startPeople([['personId', personId]]);
    const row = await chainToPerson(this.db, v, start!.id);
    if (!row) throw notFound('Person');
    const c = this.chainHops(row);
    return { person: c.person, originator: c.originator, depth: c.hops.length, hops: c.hops, truncated: c.truncated };
  }

  async topReferrers(first: number): Promise<ReferrerOut[]> {
    const v = this.viewer;
    checkRange('first', first, BOUNDS.first);
    const rows = await referrersRanking(this.db, v, first);
    return rows.map((r, i) => ({
      person: personCard(r.id, r.name, r.kind, r.influence),
      rank: i + 1,
      sales: r.sales,
      people: r.people,
      depth: r.depth,
      breadth: r.breadth,
      directReferrals: r.direct,
    }));
  }

  async referralCredit(saleId: string): Promise<CreditOut[]> {
    const v = this.viewer;
    checkId('saleId', saleId);
    const [sale] = await saleAccess(this.db, saleId);
    if (!sale || !this.mayRead(sale.dealershipId)) throw notFound('Sale');
    const row = await chainOfSale(this.db, v, saleId);
    if (!row) return [];
    const { hops } = this.chainHops(row);
    // hops run originator → buyer; credit goes direct referrer first
    const referrers = hops.map((h) => ({ person: h.from, date: h.date })).reverse();
    const shares = creditShares(referrers.length);
    return referrers.map((r, i) => ({
      person: r.person,
      position: shares[i]!.position,
      share: shares[i]!.share,
      shareNumerator: shares[i]!.numerator,
      shareDenominator: shares[i]!.denominator,
      referralDate: r.date,
    }));
  }

  // ---- warm paths -------------------------------------------------------------------------------------------------

  async warmPaths(a: WarmPathArgs): Promise<PathOut[]> {
    const v = this.viewer;
    checkRange('first', a.first, BOUNDS.first);
    checkRange('maxHops', a.maxHops, BOUNDS.warmMaxHops);
    if (a.fromId === a.toId) throw badInput('toId', 'toId must differ from fromId');
    const admit = this.admitter([
      ['fromId', a.fromId],
      ['toId', a.toId],
    ]);
    const leftDepth = Math.ceil(a.maxHops / 2);
    const rightDepth = Math.floor(a.maxHops / 2);
    const res = await traverse(
      this.db,
      v,
      [
        { id: a.fromId, depth: leftDepth },
        { id: a.toId, depth: rightDepth },
      ],
      {
        fanout: (level) => (level === 1 ? CAPS.startFanout : CAPS.pathFanout),
        maxNodes: 1 + CAPS.startFanout + CAPS.pathFrontier * CAPS.pathFanout,
        frontierCap: CAPS.pathFrontier,
      },
      admit,
    );
    const [from, to] = res.starts;
    const left = halfPaths(from!.id, leftDepth, res.adj);
    const right = halfPaths(to!.id, rightDepth, res.adj);
    const found = joinPaths(left, right, a.maxHops).slice(0, a.first);
    const cards = this.cardsFrom(res.sides, [from!, to!]);
    return found.map((p) => this.pathOut(p, cards));
  }

  private cardsFrom(sides: SideResult[], starts: PersonAccessRow[]): Map<string, PersonCardOut> {
    const cards = new Map<string, PersonCardOut>();
    for (const s of starts) cards.set(s.id, personCard(s.id, s.name, s.kind, s.influence));
    for (const side of sides) for (const n of side.reached.values()) if (!cards.has(n.id)) cards.set(n.id, cardOf(n));
    return cards;
  }

  private pathOut(p: FullPath, cards: Map<string, PersonCardOut>): PathOut {
    const people = p.nodes.map((id) => {
      const c = cards.get(id);
      if (c) return c;
      // reached only through the other side's ties: the tie tuple carries what may be shown
      const t = p.ties.find((x) => x.tie[0] === id)?.tie;
      return personCard(id, t?.[4] ?? null, t?.[5] ?? null, t?.[6] ?? null);
    });
    return { hops: p.ties.length, strength: round9(p.strength), people, ties: p.ties.map((x) => tieOut(x.at, x.tie)) };
  }

  // ---- known-contact testimonials ---------------------------------------------------------------------------------

  async knownContactTestimonials(a: TestimonialArgs): Promise<ContactTestimonialOut[]> {
    const v = this.viewer;
    checkRange('maxHops', a.maxHops, BOUNDS.testimonialMaxHops);
    checkRange('first', a.first, BOUNDS.first);
    const res = await traverse(
      this.db,
      v,
      [{ id: a.prospectId, depth: a.maxHops }],
      {
        // on the last hop only ties to testimonial authors matter
        fanout: (level) => (level === a.maxHops ? 0 : level === 1 ? CAPS.startFanout : CAPS.testimonialFanout),
        authorFanout: () => CAPS.authorFanout,
        maxNodes: CAPS.testimonialReach,
        frontierCap: CAPS.testimonialFrontier,
        // results sort by hops first: when the people within two hops have written `first` testimonials, the third
        // hop (ties to authors around up to 400 people, the costly one) cannot change the answer. Its statement
        // checks that first and then expands nothing, so the round trips stay the same whatever the page size.
        ...(a.maxHops >= 3 ? { skipHopIfTestimonials: { level: 3, atLeast: a.first } } : {}),
      },
      this.admitter([['prospectId', a.prospectId]]),
    );
    const side = res.sides[0]!;
    const hits = await testimonialsByReached(this.db, v, reachedOf(side), a.first);
    hits.sort(
      (x, y) =>
        x.hops - y.hops ||
        byStrengthThenId({ strength: x.strength, id: '' }, { strength: y.strength, id: '' }) ||
        (y.rating ?? 0) - (x.rating ?? 0) ||
        (x.date === y.date ? 0 : (x.date ?? '') < (y.date ?? '') ? 1 : -1) ||
        (x.id < y.id ? -1 : 1),
    );
    return hits.map((h) => {
      const chain = pathTo(side, h.authorId);
      const people = chain.map(cardOf);
      const ties = chain.slice(1).map((n) => tieOut(n.parent!, n.via!));
      return {
        id: h.id,
        text: h.text,
        rating: h.rating,
        date: h.date,
        vehicle: h.brand || h.model ? [h.brand, h.model].filter(Boolean).join(' ') : null,
        author: people[people.length - 1]!,
        hops: h.hops,
        pathStrength: round9(h.strength),
        path: { hops: ties.length, strength: round9(h.strength), people, ties },
        canCall: h.consentToBeCalled === true && h.authorContactConsent === true,
      };
    });
  }
}

/** Everyone a side reached but its start, as the testimonial query takes them. */
function reachedOf(side: SideResult): ReachedTuple[] {
  return side.order
    .map((id) => side.reached.get(id)!)
    .filter((n) => n.hops > 0)
    .map((n) => [n.id, n.hops, n.strength]);
}
