import { ConfigError, loadConfig } from './config.js';
import { EmbeddedNeo4jError } from './db/embedded-neo4j.js';
import { log, setLogLevel } from './logger.js';
import { startApi, startDatabase } from './start.js';

async function main(): Promise<void> {
  const config = loadConfig();
  setLogLevel(config.logLevel);
  const t0 = Date.now();
  const db = await startDatabase(config);
  const api = await startApi(config, db.driver);
  log.info('Quanzi is up', {
    url: api.url,
    graphql: `${api.url}/graphql`,
    neo4j: db.uri,
    neo4jStartupMs: db.startupMs,
    totalStartupMs: Date.now() - t0,
  });

  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    log.info('shutting down', { signal });
    await api.stop().catch((err: unknown) => log.error('API stop failed', { error: String(err) }));
    await db.stop().catch((err: unknown) => log.error('Neo4j stop failed', { error: String(err) }));
    process.exit(0);
  };
  process.on('SIGINT', () => void shutdown('SIGINT'));
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
  db.embedded?.exited.then((code) => {
    if (!stopping) {
      log.error('embedded Neo4j exited unexpectedly', { code, log: db.embedded?.logFile });
      process.exit(1);
    }
  });
}

main().catch((err: unknown) => {
  if (err instanceof ConfigError || err instanceof EmbeddedNeo4jError) {
    process.stderr.write(`\nquanzi: ${err.message}\n`);
  } else {
    process.stderr.write(`\nquanzi: start-up failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  }
  process.exit(1);
});
