import { Arg, Authorized, Ctx, ID, Int, Query, Resolver } from 'type-graphql';
import type { AppContext } from '../../graphql/context.js';
import { RadarEntry, RepurchaseStats } from './types.js';

@Resolver()
export class RadarRoutinesResolver {
  @Authorized()
  @Query(() => [RadarEntry], {
    description: 'Buyers nearing their next car (latest purchase monthsSincePurchase..48 months ago), healthiest first',
  })
  repurchaseRadar(
    @Arg('monthsSincePurchase', () => Int, { defaultValue: 30 }) monthsSincePurchase: number,
    @Arg('first', () => Int, { defaultValue: 50 }) first: number,
    @Arg('dealershipId', () => ID, { nullable: true }) dealershipId: string | null,
    @Arg('mine', () => Boolean, { defaultValue: false, description: 'Only buyers whose latest car you sold' }) mine: boolean,
    @Ctx() ctx: AppContext,
  ): Promise<RadarEntry[]> {
    return ctx.services.routines.radar.repurchaseRadar({ monthsSincePurchase, first, dealershipId, mine });
  }

  @Authorized()
  @Query(() => RepurchaseStats, { description: 'The measured repurchase rate, by health band and by the thank-you call' })
  repurchaseStats(
    @Arg('dealershipId', () => ID, { nullable: true }) dealershipId: string | null,
    @Ctx() ctx: AppContext,
  ): Promise<RepurchaseStats> {
    return ctx.services.routines.radar.repurchaseStats({ dealershipId });
  }
}
