import type { Driver } from 'neo4j-driver';

/** One statement as the driver saw it: the session's access mode and the transaction function used. */
export interface SpiedStatement {
  /** the session's defaultAccessMode ("READ" routes to followers/read replicas on a cluster) */
  sessionMode: 'READ' | 'WRITE';
  /** executeRead / executeWrite, or auto-commit `session.run`, or an explicit beginTransaction */
  via: 'executeRead' | 'executeWrite' | 'run' | 'beginTransaction';
  database: string | undefined;
  cypher: string;
  params: Record<string, unknown>;
}

export interface DriverSpy {
  /** statements since the last take(), cleared */
  take(): SpiedStatement[];
  /** all statements recorded since the spy was installed (or the last reset) */
  count(): number;
  reset(): void;
  /** stop/start keeping statement texts (counting goes on), so long load phases do not hold them all */
  keep(on: boolean): void;
}

type AnyFn = (...args: unknown[]) => unknown;

/**
 * Records every statement run through `driver.session()` (what both our QueryRunner and @neo4j/graphql use), without
 * changing what runs: the session and transaction objects are wrapped, not replaced. Used by the benchmark to count
 * round trips and replay the exact Cypher, and by the scaling test to check reads go out as read transactions.
 */
export function spyOnDriver(driver: Driver): DriverSpy {
  let log: SpiedStatement[] = [];
  let total = 0;
  let keeping = true;
  const origSession = driver.session.bind(driver) as AnyFn;
  const wrapTx = <T extends object>(tx: T, meta: Omit<SpiedStatement, 'cypher' | 'params'>): T =>
    new Proxy(tx, {
      get(target, prop) {
        const v = Reflect.get(target, prop, target) as unknown;
        if (prop === 'run' && typeof v === 'function') {
          return (cypher: unknown, params?: unknown, ...rest: unknown[]) => {
            total++;
            if (keeping) log.push({ ...meta, cypher: String(cypher), params: (params ?? {}) as Record<string, unknown> });
            return (v as AnyFn).call(target, cypher, params, ...rest);
          };
        }
        return typeof v === 'function' ? (v as AnyFn).bind(target) : v;
      },
    });
  (driver as unknown as { session: AnyFn }).session = (...args: unknown[]) => {
    const cfg = (args[0] ?? {}) as { defaultAccessMode?: string; database?: string };
    const sessionMode = cfg.defaultAccessMode === 'READ' ? 'READ' : 'WRITE';
    const database = cfg.database;
    const session = origSession(...args) as Record<string, AnyFn>;
    const base = { sessionMode, database } as const;
    return new Proxy(session, {
      get(target, prop) {
        const v = Reflect.get(target, prop, target) as unknown;
        if (typeof v !== 'function') return v;
        if (prop === 'executeRead' || prop === 'executeWrite') {
          return (work: (tx: object) => unknown, ...rest: unknown[]) =>
            (v as AnyFn).call(target, (tx: object) => work(wrapTx(tx, { ...base, via: prop })), ...rest);
        }
        if (prop === 'beginTransaction') {
          return (...a: unknown[]) => wrapTx((v as AnyFn).apply(target, a) as object, { ...base, via: 'beginTransaction' });
        }
        if (prop === 'run') {
          return (cypher: unknown, params?: unknown, ...rest: unknown[]) => {
            total++;
            if (keeping) log.push({ ...base, via: 'run', cypher: String(cypher), params: (params ?? {}) as Record<string, unknown> });
            return (v as AnyFn).call(target, cypher, params, ...rest);
          };
        }
        return (v as AnyFn).bind(target);
      },
    });
  };
  return {
    take() {
      const out = log;
      log = [];
      return out;
    },
    count: () => total,
    reset() {
      log = [];
      total = 0;
    },
    keep(on: boolean) {
      keeping = on;
    },
  };
}
