import type { Driver, QueryRunner, StatementRunner } from '../queries/driver.js';
import { createQueryRunner } from '../queries/driver.js';
import { createServices, type RequestInfo, type Services } from '../services/index.js';
import type { Role } from '../domain.js';
import type { Config } from '../config.js';

export interface Viewer {
  userId: string;
  username: string;
  role: Role;
  dealershipId: string | null;
}

/** Everything a resolver may touch; built fresh for each request. */
export interface AppContext {
  requestId: string;
  /** For @neo4j/graphql: the decoded, verified JWT payload. */
  jwt?: Record<string, unknown>;
  /** the driver, or for query operations an auto-commit read runner (auto-commit-reads-plugin.ts) */
  executionContext: Driver | StatementRunner;
  sessionConfig?: { database?: string };
  viewer: Viewer | null;
  db: QueryRunner;
  config: Config;
  services: Services;
}

export interface ContextDeps {
  driver: Driver;
  database: string | undefined;
  config: Config;
}

export function createContext(
  deps: ContextDeps,
  requestId: string,
  viewer: Viewer | null,
  req: RequestInfo = { clientIp: 'unknown' },
): AppContext {
  const db = createQueryRunner(deps.driver, deps.database);
  return {
    requestId,
    executionContext: deps.driver,
    ...(deps.database ? { sessionConfig: { database: deps.database } } : {}),
    viewer,
    db,
    config: deps.config,
    services: createServices(db, viewer, deps.config, req),
  };
}
