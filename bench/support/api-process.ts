/**
 * The API in a process of its own, as it is deployed, for `bench/run-all.ts`: the load generator's HTTP client,
 * JSON parsing and raw-Cypher replays then no longer run on the API's event loop. It records every statement it
 * sends (the same driver spy as before) and hands them over IPC, with neo4j Integers tagged so the replay sends
 * the same types.
 *
 *   started by run-all with NEO4J_URI pointing at the bench database; messages: take, keep, rssReset, rss, stop
 */
import fs from 'node:fs';
import neo4j from 'neo4j-driver';
import { loadConfig } from '../../server/config.js';
import { setLogLevel } from '../../server/logger.js';
import { createDriver, waitForBolt } from '../../server/queries/driver.js';
import { startApi } from '../../server/start.js';
import { spyOnDriver, type SpiedStatement } from '../../test/support/driver-spy.js';

/** What the benchmark asks the API (in this process or in its own, the same questions). */
export type ApiAsk = { type: 'take' } | { type: 'keep'; on: boolean } | { type: 'rssReset' } | { type: 'rss' } | { type: 'stop' };
export type ApiRequest = ApiAsk & { id: number };

export type ApiReply = { id: number; value: unknown } | { type: 'ready'; url: string; pid: number } | { id: number; error: string };

/** Params as plain data: Integers become { $int }, and anything else that is not plain data is refused. */
export function encodeParams(value: unknown): unknown {
  if (neo4j.isInt(value)) return { $int: value.toString() };
  if (value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.map(encodeParams);
  const proto = Object.getPrototypeOf(value) as unknown;
  if (proto !== Object.prototype && proto !== null) {
    throw new Error(`a statement parameter of type ${(value as object).constructor?.name} cannot be replayed from another process`);
  }
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, encodeParams(v)]));
}

export function decodeParams(value: unknown): unknown {
  if (value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.map(decodeParams);
  const o = value as Record<string, unknown>;
  if (typeof o.$int === 'string' && Object.keys(o).length === 1) return neo4j.int(o.$int);
  return Object.fromEntries(Object.entries(o).map(([k, v]) => [k, decodeParams(v)]));
}

/** This process's peak RSS since start or since the last write of 5 to /proc/self/clear_refs. */
export function vmHwmBytes(): number {
  const m = /VmHWM:\s+(\d+) kB/.exec(fs.readFileSync('/proc/self/status', 'utf8'));
  return m ? Number(m[1]) * 1024 : process.memoryUsage().rss;
}

async function main(): Promise<void> {
  setLogLevel('warn');
  const config = loadConfig(process.env);
  const driver = createDriver(config.neo4j);
  await waitForBolt(driver, 60_000);
  const spy = spyOnDriver(driver);
  const api = await startApi(config, driver);
  const send = (m: ApiReply) => process.send!(m);
  process.on('message', (m: ApiRequest) => {
    void (async () => {
      try {
        switch (m.type) {
          case 'take':
            return send({ id: m.id, value: spy.take().map((s: SpiedStatement) => ({ ...s, params: encodeParams(s.params) })) });
          case 'keep':
            spy.keep(m.on);
            return send({ id: m.id, value: null });
          case 'rssReset':
            // resets the peak (VmHWM) to the current RSS, so the setup does not count
            fs.writeFileSync('/proc/self/clear_refs', '5');
            return send({ id: m.id, value: null });
          case 'rss':
            return send({ id: m.id, value: vmHwmBytes() });
          case 'stop':
            await api.stop();
            await driver.close();
            send({ id: m.id, value: null });
            process.exit(0);
        }
      } catch (err) {
        send({ id: m.id, error: String((err as Error).message) });
      }
    })();
  });
  // the parent going away leaves nothing running
  process.on('disconnect', () => process.exit(0));
  send({ type: 'ready', url: api.url, pid: process.pid });
}

if (process.send) {
  main().catch((err: unknown) => {
    process.stderr.write(`api process: ${String((err as Error)?.stack ?? err)}\n`);
    process.exit(1);
  });
}
