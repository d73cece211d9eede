import type { NonEmptyArray } from 'type-graphql';
import { GraphStatsResolver } from './graph-stats.resolver.js';

// eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
export const analyticsResolvers: NonEmptyArray<Function> = [GraphStatsResolver];
