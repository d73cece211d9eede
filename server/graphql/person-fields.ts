import type { AppContext } from './context.js';

/**
 * Resolvers of the generated Person type's `@customResolver` fields: the intelligence layer's per-person numbers,
 * each through the request's DataLoader, so a list of people costs one round trip per field.
 */
export const personFieldResolvers = {
  Person: {
    circleSize: (p: { id: string }, _args: unknown, ctx: AppContext) => ctx.services.intelligence.circleSize(p.id),
    testimonialCount: (p: { id: string }, _args: unknown, ctx: AppContext) => ctx.services.intelligence.testimonialCount(p.id),
    storeRank: (p: { id: string }, _args: unknown, ctx: AppContext) => ctx.services.intelligence.storeRank(p.id),
  },
};
