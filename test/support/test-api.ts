import { inject } from 'vitest';
import { loadConfig, type Config } from '../../server/config.js';
import { setLogLevel } from '../../server/logger.js';
import { createDriver, createQueryRunner, type Driver, type QueryRunner } from '../../server/queries/driver.js';
import { runMigrations } from '../../server/queries/migrations.js';
import { startApi, type RunningApi } from '../../server/start.js';
import { signToken, type TokenClaims } from '../../server/auth/jwt.js';

export interface GqlResult<T = Record<string, unknown>> {
  status: number;
  data?: T | null;
  errors?: { message: string; path?: unknown[]; extensions?: { code?: string; field?: string; requestId?: string } }[];
}

export interface TestApi {
  url: string;
  config: Config;
  driver: Driver;
  db: QueryRunner;
  gql<T = Record<string, unknown>>(query: string, variables?: Record<string, unknown>, token?: string): Promise<GqlResult<T>>;
  /** Re-reads through Cypher, independent of the API. */
  cypher<T = Record<string, unknown>>(query: string, params?: Record<string, unknown>): Promise<T[]>;
  stop(): Promise<void>;
}

export function testEnv(extra: Record<string, string> = {}): Record<string, string | undefined> {
  return {
    ...process.env,
    NEO4J_URI: inject('neo4jUri'),
    NEO4J_USER: inject('neo4jUser'),
    NEO4J_PASSWORD: inject('neo4jPassword'),
    PORT: '0',
    QUANZI_MODE: 'test',
    QUANZI_SEED: 'none',
    LOG_LEVEL: 'warn',
    // one shared database: a whole-graph recompute after each upload would only slow the other files' tests
    QUANZI_INFLUENCE_AFTER_IMPORT: 'false',
    ...extra,
  };
}

/** The real HTTP API in-process, against the run's real Neo4j. */
export async function startTestApi(extraEnv: Record<string, string> = {}, opts = { migrate: true }): Promise<TestApi> {
  const config = loadConfig(testEnv(extraEnv));
  setLogLevel(config.logLevel);
  const driver = createDriver(config.neo4j);
  if (opts.migrate) await runMigrations(driver, config.neo4j.database);
  const api: RunningApi = await startApi(config, driver);
  const db = createQueryRunner(driver, config.neo4j.database);
  return {
    url: api.url,
    config,
    driver,
    db,
    async gql<T>(query: string, variables: Record<string, unknown> = {}, token?: string) {
      const res = await fetch(`${api.url}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
        body: JSON.stringify({ query, variables }),
      });
      const body = (await res.json()) as GqlResult<T>;
      return { ...body, status: res.status };
    },
    cypher: (q, params) => db.write(q, params),
    async stop() {
      await api.stop();
      await driver.close();
    },
  };
}

/** A token signed with the test secret, for tests that are not about login itself. */
export function tokenFor(config: Config, claims: Partial<TokenClaims> & Pick<TokenClaims, 'role'>): Promise<string> {
  return signToken(
    { sub: claims.sub ?? uid('user'), username: claims.username ?? 'test', dealershipId: claims.dealershipId ?? null, role: claims.role },
    config.auth.jwtSecret,
    300,
  );
}

/** A unique prefix so each test's data is its own. */
export function uid(prefix = 't'): string {
  return `${prefix}-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 8)}`;
}
