import type { NonEmptyArray } from 'type-graphql';
import { AuthResolver } from './auth.resolver.js';
import { GraphStatsResolver } from './graph-stats.resolver.js';
import { DataImportResolver } from './data-import.resolver.js';
import { routinesResolvers } from './routines/index.js';
import { PeopleResolver } from './people.resolver.js';
import { PersonalDataResolver } from './personal-data.resolver.js';
import { intelligenceResolvers } from './intelligence/intelligence.resolver.js';

// eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
export const analyticsResolvers: NonEmptyArray<Function> = [
  GraphStatsResolver,
  ...routinesResolvers,
  AuthResolver,
  PeopleResolver,
  PersonalDataResolver,
  ...intelligenceResolvers,
  DataImportResolver,
];
