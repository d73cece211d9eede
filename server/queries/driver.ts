import neo4j, { type Driver, type ManagedTransaction, type QueryResult, type RecordShape } from 'neo4j-driver';

export type { Driver, ManagedTransaction };

export interface DriverSettings {
  uri: string;
  user: string;
  password: string;
  database?: string | undefined;
  /** How long transient errors (leader switch, restart) are retried inside one transaction function. */
  maxRetryMs?: number;
  /** Longest a transaction may run (e.g. "30s"); sent with every transaction so the server aborts runaways. */
  txTimeout?: string;
  /**
   * Longest a batch job's read may run (the influence recompute's scans of every person and tie): minutes, not the
   * seconds a request may take. Neo4j 5.3+ honours a client timeout above db.transaction.timeout.
   */
  batchTxTimeout?: string;
}

/** "30s", "500ms", "2m", "1h" in milliseconds. */
export function durationMs(text: string): number {
  const m = /^(\d+)(ms|s|m|h)$/.exec(text);
  if (!m) throw new Error(`not a duration: ${text}`);
  return Number(m[1]) * { ms: 1, s: 1_000, m: 60_000, h: 3_600_000 }[m[2] as 'ms' | 's' | 'm' | 'h'];
}

// each driver's transaction timeouts (ms), so every runner made from it sends them without being told
const timeouts = new WeakMap<Driver, { request?: number; batch?: number }>();

/** The transaction config (timeout) for work run on this driver. */
export function txConfigOf(driver: Driver): { timeout?: number } {
  const timeout = timeouts.get(driver)?.request;
  return timeout === undefined ? {} : { timeout };
}

/** The transaction config of batch work (scans, schema builds): the batch timeout, else the ordinary one. */
export function batchTxConfigOf(driver: Driver): { timeout?: number } {
  const timeout = timeouts.get(driver)?.batch;
  return timeout === undefined ? txConfigOf(driver) : { timeout };
}

/** One driver per process; every query in the app goes through it. */
export function createDriver(s: DriverSettings): Driver {
  const driver = neo4j.driver(s.uri, neo4j.auth.basic(s.user, s.password), {
    maxConnectionPoolSize: 100,
    connectionAcquisitionTimeout: 20_000,
    maxTransactionRetryTime: s.maxRetryMs ?? 15_000,
    disableLosslessIntegers: false,
    userAgent: 'quanzi/0.1',
  });
  timeouts.set(driver, {
    ...(s.txTimeout ? { request: durationMs(s.txTimeout) } : {}),
    ...(s.batchTxTimeout ? { batch: durationMs(s.batchTxTimeout) } : {}),
  });
  return driver;
}

/** Converts Neo4j integers, temporals and nodes to plain JSON-friendly values. */
export function toPlain(value: unknown): unknown {
  // most values are strings, floats and booleans: return them before the type probes below
  const t = typeof value;
  if (t === 'string' || t === 'number' || t === 'boolean') return value;
  if (value === null || value === undefined) return null;
  // lists (traversal rows are lists of tuples) before the seven type probes below, which no list passes
  if (Array.isArray(value)) return value.map(toPlain);
  if (neo4j.isInt(value)) {
    return value.inSafeRange() ? value.toNumber() : value.toString();
  }
  if (
    neo4j.isDateTime(value) ||
    neo4j.isDate(value) ||
    neo4j.isLocalDateTime(value) ||
    neo4j.isTime(value) ||
    neo4j.isLocalTime(value) ||
    neo4j.isDuration(value)
  ) {
    if (neo4j.isDateTime(value)) return new Date(value.toString()).toISOString();
    return value.toString();
  }
  if (typeof value === 'object') {
    const v = value as { properties?: unknown; labels?: unknown; type?: unknown };
    if (v.properties && (v.labels || v.type)) return toPlain(v.properties);
    const out: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(value)) out[k] = toPlain(x);
    return out;
  }
  return value;
}

function records<T>(result: QueryResult<RecordShape>): T[] {
  return result.records.map((r) => toPlain(r.toObject()) as T);
}

export interface QueryRunner {
  read<T>(cypher: string, params?: Record<string, unknown>): Promise<T[]>;
  write<T>(cypher: string, params?: Record<string, unknown>): Promise<T[]>;
  /** Several statements in one write transaction, retried as a whole on transient errors. */
  writeTx<T>(work: (tx: TxRunner) => Promise<T>): Promise<T>;
  readTx<T>(work: (tx: TxRunner) => Promise<T>): Promise<T>;
  /**
   * One read whose records are handed to `onRecord` as they arrive, never held all at once (a scan of millions
   * of rows). Auto-commit and not retried: a retry would hand the same records over twice. Resolves to the count.
   * Runs under the batch timeout (batchTxTimeout): a scan of millions outlasts a request's.
   */
  stream<T>(cypher: string, params: Record<string, unknown>, onRecord: (row: T) => void): Promise<number>;
  /** A batch job's read over the whole graph (an aggregate of every sale), under the batch timeout. */
  readBatch<T>(cypher: string, params?: Record<string, unknown>): Promise<T[]>;
  /** A batch job's write over the whole graph or a wait for index builds, under the batch timeout. */
  writeBatch<T>(cypher: string, params?: Record<string, unknown>): Promise<T[]>;
  /** Counts round trips, so tests can check batching. */
  readonly roundTrips: () => number;
}

export interface TxRunner {
  run<T>(cypher: string, params?: Record<string, unknown>): Promise<T[]>;
}

function txRunner(tx: ManagedTransaction): TxRunner {
  return {
    run: async <T>(cypher: string, params: Record<string, unknown> = {}) => records<T>(await tx.run(cypher, params)),
  };
}

const READ_ATTEMPTS = 3;
const STREAM_FETCH_SIZE = 20_000;

/** A read that works inside a caller's transaction (so it sees that transaction's writes) or on its own. */
export function readIn<T>(db: QueryRunner | TxRunner, cypher: string, params: Record<string, unknown> = {}): Promise<T[]> {
  return 'run' in db ? db.run<T>(cypher, params) : db.read<T>(cypher, params);
}

/**
 * One statement as an auto-commit read on a READ session: one network round trip where a managed transaction
 * needs two (BEGIN+RUN+PULL, then COMMIT). Transient failures are retried here, as executeRead would.
 */
async function autoCommitRead(
  driver: Driver,
  database: string | undefined,
  cypher: string,
  params: Record<string, unknown>,
  config: { timeout?: number; metadata?: Record<string, unknown> },
): Promise<QueryResult> {
  for (let attempt = 1; ; attempt++) {
    const s = driver.session({ database, defaultAccessMode: neo4j.session.READ, bookmarkManager: driver.executeQueryBookmarkManager });
    try {
      return await s.run(cypher, params, config);
    } catch (err) {
      if (attempt >= READ_ATTEMPTS || !neo4j.isRetryableError(err as Error)) throw err;
      await new Promise((r) => setTimeout(r, 100 * attempt));
    } finally {
      await s.close();
    }
  }
}

/** The query layer's only door to the database; values always travel as parameters. */
export function createQueryRunner(driver: Driver, database?: string): QueryRunner {
  let trips = 0;
  const tx = txConfigOf(driver);
  const batchTx = batchTxConfigOf(driver);
  // one bookmark manager per driver: on a cluster a read after a write waits for a follower that has the write
  const session = (mode: 'READ' | 'WRITE') =>
    driver.session({
      database,
      defaultAccessMode: mode === 'READ' ? neo4j.session.READ : neo4j.session.WRITE,
      bookmarkManager: driver.executeQueryBookmarkManager,
    });
  // one statement under a given transaction config: the request timeout, or the batch one
  const reader =
    (config: { timeout?: number }) =>
    async <T>(cypher: string, params: Record<string, unknown> = {}): Promise<T[]> => {
      trips++;
      return records<T>(await autoCommitRead(driver, database, cypher, params, config));
    };
  const writer =
    (config: { timeout?: number }) =>
    async <T>(cypher: string, params: Record<string, unknown> = {}): Promise<T[]> => {
      trips++;
      const s = session('WRITE');
      try {
        return await s.executeWrite(async (t) => records<T>(await t.run(cypher, params)), config);
      } finally {
        await s.close();
      }
    };
  return {
    read: reader(tx),
    readBatch: reader(batchTx),
    write: writer(tx),
    writeBatch: writer(batchTx),
    async writeTx<T>(work: (tx: TxRunner) => Promise<T>) {
      trips++;
      const s = session('WRITE');
      try {
        return await s.executeWrite((t) => work(txRunner(t)), tx);
      } finally {
        await s.close();
      }
    },
    async readTx<T>(work: (tx: TxRunner) => Promise<T>) {
      trips++;
      const s = session('READ');
      try {
        return await s.executeRead((t) => work(txRunner(t)), tx);
      } finally {
        await s.close();
      }
    },
    async stream<T>(cypher: string, params: Record<string, unknown>, onRecord: (row: T) => void) {
      trips++;
      const s = driver.session({
        database,
        defaultAccessMode: neo4j.session.READ,
        bookmarkManager: driver.executeQueryBookmarkManager,
        // large pulls: a few hundred round trips for millions of records, not thousands
        fetchSize: STREAM_FETCH_SIZE,
      });
      let n = 0;
      try {
        await new Promise<void>((resolve, reject) => {
          s.run(cypher, params, batchTx).subscribe({
            onNext: (record) => {
              n++;
              try {
                onRecord(toPlain(record.toObject()) as T);
              } catch (err) {
                reject(err);
              }
            },
            onCompleted: () => resolve(),
            onError: reject,
          });
        });
        return n;
      } finally {
        await s.close();
      }
    },
    roundTrips: () => trips,
  };
}

/** What @neo4j/graphql accepts as `executionContext` besides a driver: something with `run` (a transaction). */
export interface StatementRunner {
  run(cypher: string, params?: Record<string, unknown>): Promise<QueryResult>;
}

/**
 * For the statements @neo4j/graphql generates for a query operation: each one an auto-commit read on a READ
 * session. Given the driver it would use managed transactions, BEGIN+RUN+PULL then COMMIT, two round trips
 * (three socket writes) per statement; this is one. It only ever runs one statement per root field, and a query
 * operation writes nothing, so no atomicity is lost. Transient failures are retried like QueryRunner.read.
 */
export function autoCommitReads(driver: Driver, database: string | undefined, metadata: Record<string, unknown>): StatementRunner {
  const config = { ...txConfigOf(driver), metadata };
  return { run: (cypher, params = {}) => autoCommitRead(driver, database, cypher, params, config) };
}

/** True when the server answers a trivial query within the timeout. */
export async function isReachable(driver: Driver, database: string | undefined, timeoutMs = 2_000): Promise<boolean> {
  const s = driver.session({ database, defaultAccessMode: neo4j.session.READ });
  try {
    await Promise.race([
      s.run('RETURN 1'),
      new Promise((_, reject) => setTimeout(() => reject(new Error('timeout')), timeoutMs)),
    ]);
    return true;
  } catch {
    return false;
  } finally {
    void s.close().catch(() => undefined);
  }
}

export async function waitForBolt(driver: Driver, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  while (Date.now() < deadline) {
    try {
      await driver.verifyConnectivity();
      return;
    } catch (err) {
      lastError = err;
      await new Promise((r) => setTimeout(r, 250));
    }
  }
  throw new Error(`Neo4j did not answer within ${timeoutMs} ms: ${String((lastError as Error)?.message ?? lastError)}`);
}
