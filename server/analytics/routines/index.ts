import { BoardFieldsResolver, BoardRoutinesResolver } from './boards.resolver.js';
import { FollowUpRoutinesResolver } from './follow-ups.resolver.js';
import { RadarRoutinesResolver } from './radar.resolver.js';
import { SalesRoutinesResolver } from './sales.resolver.js';

/** The routines' resolvers (docs/routines.md), registered together. */
export const routinesResolvers = [
  SalesRoutinesResolver,
  FollowUpRoutinesResolver,
  BoardRoutinesResolver,
  BoardFieldsResolver,
  RadarRoutinesResolver,
] as const;
