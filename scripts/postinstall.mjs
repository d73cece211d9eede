// Fetches the Neo4j jars once (Maven caches them); never fails `npm install`, since NEO4J_URI is an alternative.
import { spawnSync } from 'node:child_process';

if (process.env.NEO4J_URI || process.env.QUANZI_SKIP_NEO4J_INSTALL === '1') {
  process.stdout.write('quanzi: skipping the embedded Neo4j install (NEO4J_URI or QUANZI_SKIP_NEO4J_INSTALL set)\n');
  process.exit(0);
}
const r = spawnSync('bash', ['server/neo4j/install.sh'], { stdio: 'inherit' });
if (r.status !== 0) {
  process.stderr.write(
    'quanzi: the embedded Neo4j could not be installed now (see above); `npm start` will try again, ' +
      'or set NEO4J_URI to use an existing Neo4j server.\n',
  );
}
