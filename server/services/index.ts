import type { QueryRunner } from '../queries/driver.js';
import type { Viewer } from '../graphql/context.js';
import type { Config } from '../config.js';
import { GraphStatsService } from './graph-stats.service.js';

export interface Services {
  graphStats: GraphStatsService;
}

/** A fresh set per request, so per-request caches (DataLoaders) never leak between callers. */
export function createServices(db: QueryRunner, _viewer: Viewer | null, _config: Config): Services {
  return {
    graphStats: new GraphStatsService(db),
  };
}
