import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Config } from './config.js';
import { startEmbeddedNeo4j, type EmbeddedNeo4j } from './db/embedded-neo4j.js';
import { buildAppSchema } from './graphql/build-schema.js';
import { createApp } from './http/app.js';
import { log } from './logger.js';
import { createDriver, createQueryRunner, waitForBolt, type Driver } from './queries/driver.js';
import { ensureAdmin } from './services/auth.service.js';
import { loadDemoIfEmpty } from './data/demo-seed.js';
import { recomputeInfluence, scheduleInfluenceRecompute } from './services/intelligence/influence.js';
import { runMigrations } from './queries/migrations.js';

export interface RunningDatabase {
  driver: Driver;
  uri: string;
  embedded: EmbeddedNeo4j | null;
  startupMs: number;
  stop(): Promise<void>;
}

/** Starts the embedded Neo4j when NEO4J_URI is unset, otherwise connects to the given server. */
export async function startDatabase(config: Config): Promise<RunningDatabase> {
  const t0 = Date.now();
  let embedded: EmbeddedNeo4j | null = null;
  let uri = config.neo4j.uri;
  if (config.neo4j.neoMode === 'embedded') {
    log.info('starting embedded Neo4j', { dataDir: config.dataDir, boltPort: config.neo4j.boltPort });
    embedded = await startEmbeddedNeo4j({ dataDir: config.dataDir, ...config.neo4j });
    uri = embedded.uri;
  }
  const driver = createDriver({ ...config.neo4j, uri });
  await waitForBolt(driver, config.neo4j.startTimeoutMs);
  await runMigrations(driver, config.neo4j.database);
  if (await ensureAdmin(createQueryRunner(driver, config.neo4j.database), config)) {
    log.info('created the first admin account', { username: config.auth.adminUser });
  }
  const runner = createQueryRunner(driver, config.neo4j.database);
  if (config.seed === 'demo') {
    const demo = await loadDemoIfEmpty(runner, { log: (message) => log.info(message), followUpDays: config.followUpDays });
    // the ranking is stored, so fresh data needs one recompute before influencers can answer
    if (demo.loaded) await recomputeInfluence(runner);
  }
  const startupMs = Date.now() - t0;
  log.info('Neo4j ready', { uri, embedded: embedded !== null, startupMs });
  const influence = scheduleInfluenceRecompute(runner, { intervalMs: config.influenceRecomputeMinutes * 60_000 });
  return {
    driver,
    uri,
    embedded,
    startupMs,
    async stop() {
      influence.stop();
      await driver.close();
      await embedded?.stop();
    },
  };
}

export interface RunningApi {
  url: string;
  port: number;
  stop(): Promise<void>;
}

export async function startApi(config: Config, driver: Driver): Promise<RunningApi> {
  if (!config.sourceMaps) process.setSourceMapsEnabled(false);
  const schema = await buildAppSchema({ driver, jwtSecret: config.auth.jwtSecret });
  const { express, apollo } = await createApp({ config, driver, schema });
  const server: Server = await new Promise((resolve, reject) => {
    const s = express.listen(config.port, config.host, () => resolve(s));
    s.once('error', reject);
  });
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://${config.host}:${port}`,
    port,
    async stop() {
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      // keep-alive sockets would hold close() open forever
      server.closeIdleConnections();
      setTimeout(() => server.closeAllConnections(), 2_000).unref();
      await closed;
      await apollo.stop();
    },
  };
}
