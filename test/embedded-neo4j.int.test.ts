import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { startEmbeddedNeo4j } from '../server/db/embedded-neo4j.js';
import { createDriver } from '../server/queries/driver.js';
import { freePort } from './support/global-setup.js';

// A second, private embedded Neo4j: restart and credentials are about the launcher itself.
describe('embedded Neo4j launcher', () => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'quanzi-launcher-'));
  afterAll(() => fs.rmSync(dataDir, { recursive: true, force: true }));

  it('keeps data across a restart, enforces the password and listens on loopback only', { timeout: 300_000 }, async () => {
    const boltPort = await freePort();
    const opts = {
      dataDir,
      boltPort,
      user: 'neo4j',
      password: 'launcher-test-pw',
      heap: '512m',
      pageCache: '64m',
      txTimeout: '120s',
      startTimeoutMs: 180_000,
    };
    const first = await startEmbeddedNeo4j(opts);
    expect(first.uri).toBe(`bolt://127.0.0.1:${boltPort}`);
    const good = createDriver({ uri: first.uri, user: 'neo4j', password: opts.password });
    const bad = createDriver({ uri: first.uri, user: 'neo4j', password: 'wrong-password' });
    try {
      await good.executeQuery('CREATE (:Marker {v: $v})', { v: 'persisted' });
      await expect(bad.verifyAuthentication()).resolves.toBe(false);
    } finally {
      await good.close();
      await bad.close();
    }
    expect(await first.stop()).toBe(true);

    const lines: string[] = [];
    const second = await startEmbeddedNeo4j({ ...opts, onOutput: (line) => lines.push(line) });
    const again = createDriver({ uri: second.uri, user: 'neo4j', password: opts.password });
    try {
      const { records } = await again.executeQuery('MATCH (m:Marker) RETURN m.v AS v');
      expect(records.map((r) => r.get('v'))).toEqual(['persisted']);
      const { records: conf } = await again.executeQuery(
        "CALL dbms.listConfig('server.bolt.listen_address') YIELD value RETURN value",
      );
      expect(conf[0]?.get('value')).toBe(`127.0.0.1:${boltPort}`);
      // transaction logs are capped (Neo4j's own default keeps two days of them, however large)
      const { records: retention } = await again.executeQuery(
        "CALL dbms.listConfig('db.tx_log.rotation.retention_policy') YIELD value RETURN value",
      );
      expect(retention[0]?.get('value')).toBe('1G size');
      // the store read-ahead after a restart reports what it read, within the page cache size
      const deadline = Date.now() + 30_000;
      while (!lines.some((l) => l.startsWith('QUANZI_NEO4J_WARMED')) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
      const warmed = /^QUANZI_NEO4J_WARMED files=(\d+) bytes=(\d+) ms=(\d+)$/.exec(lines.find((l) => l.startsWith('QUANZI_NEO4J_WARMED')) ?? '');
      expect(warmed, lines.join('\n')).not.toBeNull();
      const storeBytes = fs.readdirSync(path.join(dataDir, 'data/databases/neo4j'), { recursive: true, withFileTypes: true })
        .filter((e) => e.isFile())
        .reduce((sum, e) => sum + fs.statSync(path.join(e.parentPath, e.name)).size, 0);
      expect(Number(warmed![1])).toBeGreaterThan(5);
      expect(Number(warmed![2])).toBeGreaterThan(0);
      expect(Number(warmed![2])).toBeLessThanOrEqual(Math.min(storeBytes, 64 * 1024 * 1024));
    } finally {
      await again.close();
      await second.stop();
    }
  });

  it('with another user configured, drops the built-in neo4j account (an admin anyone could claim)', { timeout: 300_000 }, async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'quanzi-launcher-user-'));
    const lines: string[] = [];
    try {
      const neo = await startEmbeddedNeo4j({
        onOutput: (line) => lines.push(line),
        warmup: false,
        dataDir: dir,
        boltPort: await freePort(),
        user: 'quanzi',
        password: 'launcher-user-pw',
        heap: '512m',
        pageCache: '64m',
        txTimeout: '120s',
        startTimeoutMs: 180_000,
      });
      const ours = createDriver({ uri: neo.uri, user: 'quanzi', password: 'launcher-user-pw' });
      const builtIn = createDriver({ uri: neo.uri, user: 'neo4j', password: 'neo4j' });
      try {
        const { records } = await ours.executeQuery('SHOW USERS YIELD user RETURN user ORDER BY user', {}, { database: 'system' });
        expect(records.map((r) => r.get('user'))).toEqual(['quanzi']);
        await expect(builtIn.verifyAuthentication()).resolves.toBe(false);
      } finally {
        await ours.close();
        await builtIn.close();
        await neo.stop();
      }
      expect(lines.filter((l) => l.startsWith('QUANZI_NEO4J_WARMED'))).toEqual([]);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
