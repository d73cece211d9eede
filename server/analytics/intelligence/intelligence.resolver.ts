import {
  Arg,
  Authorized,
  Ctx,
  FieldResolver,
  Float,
  ID,
  Int,
  Mutation,
  Query,
  Resolver,
  Root,
  type ClassType,
} from 'type-graphql';
import type { TieType } from '../../domain.js';
import type { AppContext } from '../../graphql/context.js';
import { TieKind } from '../shared-types.js';
import {
  CircleMember,
  ContactTestimonial,
  Credit,
  InfluenceRun,
  Influencer,
  Network,
  NetworkNode,
  Path,
  PersonCard,
  PersonInsight,
  ReferralChain,
  ReferralHop,
  ReferralSale,
  Referrer,
} from './intelligence-types.js';

/** Thin: arguments in, service out. Validation, permissions and consent live in the service and the Cypher. */
@Resolver()
export class IntelligenceResolver {
  @Authorized()
  @Query(() => Network, { description: "A person's circle to `depth` (1..3), at most `limit` (1..500) people" })
  network(
    @Arg('personId', () => ID) personId: string,
    @Arg('depth', () => Int, { nullable: true, defaultValue: 2 }) depth: number | null,
    @Arg('kinds', () => [TieKind], { nullable: true }) kinds: TieType[] | null,
    @Arg('limit', () => Int, { nullable: true, defaultValue: 200 }) limit: number | null,
    @Ctx() ctx: AppContext,
  ): Promise<Network> {
    return ctx.services.intelligence.network({ personId, depth: depth ?? 2, kinds, limit: limit ?? 200 });
  }

  @Authorized()
  @Query(() => [CircleMember], { description: 'Who sways this buyer, heaviest first (at most 50)' })
  decisionCircle(@Arg('personId', () => ID) personId: string, @Ctx() ctx: AppContext): Promise<CircleMember[]> {
    return ctx.services.intelligence.decisionCircle(personId);
  }

  @Authorized()
  @Query(() => [Influencer], { description: 'People ranked by their stored influence score (see recomputeInfluence)' })
  influencers(
    @Arg('first', () => Int, { nullable: true, defaultValue: 20 }) first: number | null,
    @Arg('region', () => String, { nullable: true }) region: string | null,
    @Arg('dealershipId', () => ID, { nullable: true }) dealershipId: string | null,
    @Arg('contactableOnly', () => Boolean, { defaultValue: false, description: 'Only people who agreed to be contacted' })
    contactableOnly: boolean,
    @Ctx() ctx: AppContext,
  ): Promise<Influencer[]> {
    return ctx.services.intelligence.influencers({ first: first ?? 20, region, dealershipId, contactableOnly });
  }

  @Authorized('admin')
  @Mutation(() => InfluenceRun, { description: "Recomputes and stores every person's influence score" })
  recomputeInfluence(@Ctx() ctx: AppContext): Promise<InfluenceRun> {
    return ctx.services.intelligence.recomputeInfluence();
  }

  @Authorized()
  @Query(() => ReferralChain, { description: 'The referrals that led to this person, from the originator' })
  referralChain(@Arg('personId', () => ID) personId: string, @Ctx() ctx: AppContext): Promise<ReferralChain> {
    return ctx.services.intelligence.referralChain(personId);
  }

  @Authorized()
  @Query(() => [Referrer], { description: 'Originators ranked by the sales their referral chains produced' })
  topReferrers(@Arg('first', () => Int, { nullable: true, defaultValue: 20 }) first: number | null, @Ctx() ctx: AppContext): Promise<Referrer[]> {
    return ctx.services.intelligence.topReferrers(first ?? 20);
  }

  @Authorized()
  @Query(() => [Credit], { description: 'How credit for a sale splits along its referral chain (shares sum to 1)' })
  referralCredit(@Arg('saleId', () => ID) saleId: string, @Ctx() ctx: AppContext): Promise<Credit[]> {
    return ctx.services.intelligence.referralCredit(saleId);
  }

  @Authorized()
  @Query(() => [Path], { description: 'The strongest paths between two people, at most maxHops (1..4) ties long' })
  warmPaths(
    @Arg('fromId', () => ID) fromId: string,
    @Arg('toId', () => ID) toId: string,
    @Arg('first', () => Int, { nullable: true, defaultValue: 3 }) first: number | null,
    @Arg('maxHops', () => Int, { nullable: true, defaultValue: 4 }) maxHops: number | null,
    @Ctx() ctx: AppContext,
  ): Promise<Path[]> {
    return ctx.services.intelligence.warmPaths({ fromId, toId, first: first ?? 3, maxHops: maxHops ?? 4 });
  }

  @Authorized()
  @Query(() => [ContactTestimonial], {
    description: 'Published testimonials by people within maxHops (1..3) of the prospect, nearest first',
  })
  knownContactTestimonials(
    @Arg('prospectId', () => ID) prospectId: string,
    @Arg('maxHops', () => Int, { nullable: true, defaultValue: 3 }) maxHops: number | null,
    @Arg('first', () => Int, { nullable: true, defaultValue: 10 }) first: number | null,
    @Ctx() ctx: AppContext,
  ): Promise<ContactTestimonial[]> {
    return ctx.services.intelligence.knownContactTestimonials({ prospectId, maxHops: maxHops ?? 3, first: first ?? 10 });
  }

  @Authorized()
  @Query(() => [PersonInsight], {
    description: 'Per-person numbers for up to 500 people you may read, in the order asked (others left out)',
  })
  personInsights(@Arg('ids', () => [ID]) ids: string[], @Ctx() ctx: AppContext): Promise<PersonInsight[]> {
    return ctx.services.intelligence.personInsights(ids);
  }
}

/** influence / circleSize / testimonialCount on a person-like type, each through a per-request DataLoader. */
function personFieldsResolver<T extends PersonCard>(target: ClassType<T>) {
  @Resolver(() => target)
  class PersonFields {
    @FieldResolver(() => Float, { nullable: true, description: 'Stored influence score (null before the first recompute)' })
    influence(@Root() p: T, @Ctx() ctx: AppContext): number | null | Promise<number | null> {
      return ctx.services.intelligence.influence(p);
    }

    @FieldResolver(() => Int, { description: 'Distinct people one tie away' })
    circleSize(@Root() p: T, @Ctx() ctx: AppContext): Promise<number> {
      return ctx.services.intelligence.circleSize(p.id);
    }

    @FieldResolver(() => Int, { description: 'Published testimonials with consent to publish that you may read' })
    testimonialCount(@Root() p: T, @Ctx() ctx: AppContext): Promise<number> {
      return ctx.services.intelligence.testimonialCount(p.id);
    }
  }
  return PersonFields;
}

export const PersonCardFieldsResolver = personFieldsResolver(PersonCard);
export const NetworkNodeFieldsResolver = personFieldsResolver(NetworkNode);

@Resolver(() => PersonInsight)
export class PersonInsightFieldsResolver extends personFieldsResolver(PersonInsight) {
  @FieldResolver(() => Int, { description: 'Purchases you may read' })
  purchases(@Root() p: PersonInsight, @Ctx() ctx: AppContext): Promise<number> {
    return ctx.services.intelligence.purchases(p.id);
  }

  @FieldResolver(() => Int, { description: 'People this person referred' })
  referralsMade(@Root() p: PersonInsight, @Ctx() ctx: AppContext): Promise<number> {
    return ctx.services.intelligence.referralsMade(p.id);
  }

  @FieldResolver(() => Int, {
    nullable: true,
    description: "Place in the store's influence ranking (influencers with the person's dealershipId) when in its top 100, else null",
  })
  storeRank(@Root() p: PersonInsight, @Ctx() ctx: AppContext): Promise<number | null> {
    return ctx.services.intelligence.storeRank(p.id);
  }
}

@Resolver(() => ReferralHop)
export class ReferralHopFieldsResolver {
  @FieldResolver(() => ReferralSale, { nullable: true, description: 'The sale, when you may read it' })
  sale(@Root() h: ReferralHop, @Ctx() ctx: AppContext): Promise<ReferralSale | null> {
    return ctx.services.intelligence.sale(h.saleId);
  }
}

// eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
export const intelligenceResolvers: Function[] = [
  IntelligenceResolver,
  PersonCardFieldsResolver,
  NetworkNodeFieldsResolver,
  PersonInsightFieldsResolver,
  ReferralHopFieldsResolver,
];
