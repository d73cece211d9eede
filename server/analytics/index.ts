import type { NonEmptyArray } from 'type-graphql';
import { AuthResolver } from './auth.resolver.js';
import { GraphStatsResolver } from './graph-stats.resolver.js';
import { PeopleResolver } from './people.resolver.js';

// eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
export const analyticsResolvers: NonEmptyArray<Function> = [
  GraphStatsResolver,
  AuthResolver,
  PeopleResolver,
];
