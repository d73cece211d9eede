import type { QueryRunner } from '../queries/driver.js';
import type { Viewer } from '../graphql/context.js';
import type { Config } from '../config.js';
import { AuthService, type LoginLimiter } from './auth.service.js';
import { GraphStatsService } from './graph-stats.service.js';
import { RoutinesService } from './routines/index.js';
import { PeopleService } from './people.service.js';
import { IntelligenceService } from './intelligence/intelligence.service.js';

/** Per-request facts services may need beyond the viewer. */
export interface RequestInfo {
  clientIp: string;
  loginLimiter?: LoginLimiter | undefined;
}

export interface Services {
  graphStats: GraphStatsService;
  routines: RoutinesService;
  auth: AuthService;
  people: PeopleService;
  intelligence: IntelligenceService;
}

/** A fresh set per request, so per-request caches (DataLoaders) never leak between callers. */
export function createServices(db: QueryRunner, viewer: Viewer | null, config: Config, req: RequestInfo): Services {
  return {
    graphStats: new GraphStatsService(db),
    routines: new RoutinesService(db, viewer, config),
    auth: new AuthService(db, viewer, config, req.loginLimiter, req.clientIp),
    people: new PeopleService(db, viewer),
    intelligence: new IntelligenceService(db, viewer),
  };
}
