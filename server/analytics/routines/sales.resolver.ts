import { Arg, Authorized, Ctx, ID, Int, Mutation, Query, Resolver } from 'type-graphql';
import type { AppContext } from '../../graphql/context.js';
import { ModelDemand, RecordSalePayload, SaleInput, SalesDimension, SalesStats } from './types.js';

@Resolver()
export class SalesRoutinesResolver {
  @Authorized('salesperson', 'manager', 'admin')
  @Mutation(() => RecordSalePayload, {
    description: 'Records a sale and schedules its thank-you call; retry-safe by clientMutationId or VIN',
  })
  recordSale(@Arg('input', () => SaleInput) input: SaleInput, @Ctx() ctx: AppContext): Promise<RecordSalePayload> {
    return ctx.services.routines.sales.recordSale(input);
  }

  @Authorized()
  @Query(() => SalesStats, { description: 'Sales counts, revenue, referral and companion shares by the given dimensions' })
  salesStats(
    @Arg('groupBy', () => [SalesDimension]) groupBy: SalesDimension[],
    @Arg('from', () => String, { nullable: true, description: 'YYYY-MM-DD; a year before `to` when omitted' }) from: string | null,
    @Arg('to', () => String, { nullable: true, description: 'YYYY-MM-DD, inclusive; today when omitted' }) to: string | null,
    @Arg('dealershipId', () => ID, { nullable: true }) dealershipId: string | null,
    @Ctx() ctx: AppContext,
  ): Promise<SalesStats> {
    return ctx.services.routines.sales.salesStats({ groupBy, from, to, dealershipId });
  }

  @Authorized()
  @Query(() => ModelDemand, { description: "What prospects' friends drive, next to every model's sales velocity" })
  modelDemand(
    @Arg('region', () => String, { nullable: true }) region: string | null,
    @Arg('months', () => Int, { defaultValue: 6 }) months: number,
    @Arg('first', () => Int, { defaultValue: 20 }) first: number,
    @Arg('dealershipId', () => ID, { nullable: true }) dealershipId: string | null,
    @Ctx() ctx: AppContext,
  ): Promise<ModelDemand> {
    return ctx.services.routines.sales.modelDemand({ region, months, first, dealershipId });
  }
}
