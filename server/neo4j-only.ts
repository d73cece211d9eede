import { ConfigError, loadConfig } from './config.js';
import { EmbeddedNeo4jError, startEmbeddedNeo4j } from './db/embedded-neo4j.js';

// `npm run neo4j`: the database alone, for Neo4j Browser or cypher-shell users.
async function main(): Promise<void> {
  const config = loadConfig();
  const t0 = Date.now();
  const neo = await startEmbeddedNeo4j({ dataDir: config.dataDir, ...config.neo4j });
  process.stdout.write(
    `Neo4j is up at ${neo.uri} (user ${config.neo4j.user}) in ${Date.now() - t0} ms; data in ${config.dataDir}. Ctrl-C stops it.\n`,
  );
  const stop = () => void neo.stop().then(() => process.exit(0));
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
  await neo.exited;
}

main().catch((err: unknown) => {
  const known = err instanceof ConfigError || err instanceof EmbeddedNeo4jError;
  process.stderr.write(`quanzi: ${known ? (err as Error).message : String(err)}\n`);
  process.exit(1);
});
