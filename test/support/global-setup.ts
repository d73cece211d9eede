import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import type { TestProject } from 'vitest/node';
import { startEmbeddedNeo4j, type EmbeddedNeo4j } from '../../server/db/embedded-neo4j.js';

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(port));
    });
    srv.once('error', reject);
  });
}

declare module 'vitest' {
  export interface ProvidedContext {
    neo4jUri: string;
    neo4jUser: string;
    neo4jPassword: string;
    neo4jDataDir: string;
    neo4jEmbedded: boolean;
  }
}

let neo: EmbeddedNeo4j | undefined;
let dataDir: string | undefined;

/** One real Neo4j for the whole run: a fresh embedded one, or NEO4J_URI when set. */
export async function setup(project: TestProject): Promise<void> {
  const user = process.env.NEO4J_USER ?? 'neo4j';
  const password = process.env.NEO4J_PASSWORD ?? 'quanzi-test-password';
  if (process.env.NEO4J_URI) {
    project.provide('neo4jUri', process.env.NEO4J_URI);
    project.provide('neo4jDataDir', '');
    project.provide('neo4jEmbedded', false);
  } else {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'quanzi-test-neo4j-'));
    const t0 = Date.now();
    neo = await startEmbeddedNeo4j({
      dataDir,
      boltPort: await freePort(),
      user,
      password,
      heap: '1g',
      pageCache: '256m',
      txTimeout: '30s',
      startTimeoutMs: 180_000,
    });
    process.stderr.write(`[test] embedded Neo4j ready at ${neo.uri} in ${Date.now() - t0} ms\n`);
    project.provide('neo4jUri', neo.uri);
    project.provide('neo4jDataDir', dataDir);
    project.provide('neo4jEmbedded', true);
  }
  project.provide('neo4jUser', user);
  project.provide('neo4jPassword', password);
}

export async function teardown(): Promise<void> {
  await neo?.stop();
  if (dataDir) fs.rmSync(dataDir, { recursive: true, force: true });
}
