import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../server/config.js';

describe('config', () => {
  it('uses documented defaults', () => {
    const c = loadConfig({}, '/srv/q');
    expect(c.port).toBe(4000);
    expect(c.dataDir).toBe('/srv/q/.data');
    expect(c.neo4j.neoMode).toBe('embedded');
    expect(c.neo4j.uri).toBe('bolt://127.0.0.1:7687');
    expect(c.neo4j.warmup).toBe(true);
    expect(loadConfig({ NEO4J_WARMUP: 'false' }).neo4j.warmup).toBe(false);
    expect(c.neo4j.txLogRetention).toBe('1G size');
    expect(loadConfig({ NEO4J_TX_LOG_RETENTION: '2 days' }).neo4j.txLogRetention).toBe('2 days');
    expect(c.neo4j.txTimeout).toBe('30s');
    expect(c.neo4j.batchTxTimeout).toBe('20m');
    expect(loadConfig({ NEO4J_BATCH_TX_TIMEOUT: '1h' }).neo4j.batchTxTimeout).toBe('1h');
  });

  it.each([
    [{ PORT: 'abc' }, /PORT/],
    [{ PORT: '70000' }, /PORT/],
    [{ NEO4J_URI: 'http://x' }, /NEO4J_URI/],
    [{ NEO4J_PASSWORD: 'short' }, /NEO4J_PASSWORD/],
    [{ NEO4J_HEAP: 'lots' }, /NEO4J_HEAP/],
    [{ QUANZI_SEED: 'huge' }, /QUANZI_SEED/],
    [{ QUANZI_MODE: 'production' }, /QUANZI_JWT_SECRET/],
    [{ QUANZI_SOURCE_MAPS: 'yes' }, /QUANZI_SOURCE_MAPS/],
    [{ NEO4J_WARMUP: 'off' }, /NEO4J_WARMUP/],
    [{ NEO4J_TX_LOG_RETENTION: 'forever' }, /NEO4J_TX_LOG_RETENTION/],
    [{ NEO4J_BATCH_TX_TIMEOUT: 'never' }, /NEO4J_BATCH_TX_TIMEOUT/],
  ])('fails fast naming the bad variable: %o', (env, re) => {
    expect(() => loadConfig(env)).toThrow(ConfigError);
    expect(() => loadConfig(env)).toThrow(re);
  });

  it('keeps source-mapped stacks in development and turns them off in production unless asked', () => {
    const prod = { QUANZI_MODE: 'production', QUANZI_JWT_SECRET: 'x'.repeat(32), QUANZI_ADMIN_PASSWORD: 'long-enough', NEO4J_PASSWORD: 'long-enough' };
    expect(loadConfig({}).sourceMaps).toBe(true);
    expect(loadConfig(prod).sourceMaps).toBe(false);
    expect(loadConfig({ ...prod, QUANZI_SOURCE_MAPS: 'true' }).sourceMaps).toBe(true);
    expect(loadConfig({ QUANZI_SOURCE_MAPS: 'false' }).sourceMaps).toBe(false);
  });

  it('uses an external server when NEO4J_URI is set', () => {
    const c = loadConfig({ NEO4J_URI: 'neo4j+s://abc.databases.neo4j.io' });
    expect(c.neo4j.neoMode).toBe('external');
    expect(c.neo4j.uri).toBe('neo4j+s://abc.databases.neo4j.io');
  });
});
