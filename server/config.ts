import path from 'node:path';

/** Thrown when the environment is unusable; the message names the variable. */
export class ConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ConfigError';
  }
}

export type NeoMode = 'embedded' | 'external';

export interface Config {
  readonly mode: 'development' | 'production' | 'test';
  readonly port: number;
  readonly host: string;
  readonly dataDir: string;
  readonly neo4j: {
    readonly neoMode: NeoMode;
    readonly uri: string;
    readonly user: string;
    readonly password: string;
    readonly database: string | undefined;
    readonly boltPort: number;
    readonly heap: string;
    readonly pageCache: string;
    /** Embedded only: read the store files into the OS file cache in the background after each start. */
    readonly warmup: boolean;
    readonly txTimeout: string;
    /** Batch jobs' long reads (the influence recompute's scans). */
    readonly batchTxTimeout: string;
    /** Embedded only: how much transaction log Neo4j keeps beyond what recovery needs. */
    readonly txLogRetention: string;
    readonly startTimeoutMs: number;
    readonly maxRetryMs: number;
  };
  readonly auth: {
    readonly jwtSecret: string;
    readonly jwtTtlSeconds: number;
    readonly adminUser: string;
    readonly adminPassword: string;
    /** Failed logins allowed per username, and per client address, within the window (then RATE_LIMITED). */
    readonly loginMaxFailuresPerAccount: number;
    readonly loginMaxFailuresPerAddress: number;
    readonly loginWindowSeconds: number;
    /** How long a user's disabled/role status is cached before a token is re-checked against the database. */
    readonly userStatusCacheMs: number;
  };
  /** What one GraphQL request may ask for; each refusal is a coded error (docs/security.md). */
  readonly limits: {
    readonly maxDepth: number;
    readonly maxAliases: number;
    readonly maxDirectives: number;
    readonly maxTokens: number;
    readonly maxCost: number;
    /** Assumed size of a list field when no first/limit is given (the @limit default of the SDL). */
    readonly defaultListSize: number;
    readonly maxInputDepth: number;
    readonly maxBodyBytes: number;
  };
  readonly seed: 'demo' | 'none';
  readonly followUpDays: number;
  readonly influenceRecomputeMinutes: number;
  /** Recompute influence in the background after an upload through importData (the CLI recomputes itself). */
  readonly influenceAfterImport: boolean;
  readonly logLevel: 'debug' | 'info' | 'warn' | 'error';
  readonly webDist: string;
  /**
   * Source-mapped stack traces (tsx turns them on). neo4j-driver captures a stack for every statement it runs, and
   * with source maps V8 maps every frame of it: off in production, where that cost ~2 ms a request (docs/performance.md).
   */
  readonly sourceMaps: boolean;
}

type Env = Record<string, string | undefined>;

/** Days after a sale its thank-you call is due, unless QUANZI_FOLLOWUP_DAYS says otherwise. */
export const DEFAULT_FOLLOWUP_DAYS = 7;

const MEMORY = /^\d+[kmgKMG]?$/;
const DURATION = /^\d+(ms|s|m|h)$/;
/** Neo4j's db.tx_log.rotation.retention_policy: keep_all / keep_none, or an amount of files, size, txs, hours or days. */
const RETENTION = /^(true|false|keep_all|keep_none|\d+[kmgKMG]? (files|size|txs|entries|hours|days))$/;

function str(env: Env, name: string, fallback: string): string {
  const v = env[name];
  return v === undefined || v === '' ? fallback : v;
}

function int(env: Env, name: string, fallback: number, min: number, max: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  if (!/^\d+$/.test(raw)) throw new ConfigError(`${name} must be a whole number, got "${raw}"`);
  const n = Number(raw);
  if (n < min || n > max) throw new ConfigError(`${name} must be between ${min} and ${max}, got ${n}`);
  return n;
}

function pattern(env: Env, name: string, fallback: string, re: RegExp, what: string): string {
  const v = str(env, name, fallback);
  if (!re.test(v)) throw new ConfigError(`${name} must be ${what}, got "${v}"`);
  return v;
}

function oneOf<T extends string>(env: Env, name: string, fallback: T, allowed: readonly T[]): T {
  const v = str(env, name, fallback);
  if (!(allowed as readonly string[]).includes(v)) {
    throw new ConfigError(`${name} must be one of ${allowed.join(', ')}, got "${v}"`);
  }
  return v as T;
}

const DEV_JWT_SECRET = 'quanzi-local-development-secret-change-me-0123456789';
const DEV_ADMIN_PASSWORD = 'quanzi-admin';

/** Reads and validates the whole configuration once; throws ConfigError naming the bad variable. */
export function loadConfig(env: Env = process.env, cwd: string = process.cwd()): Config {
  const mode = oneOf(env, 'QUANZI_MODE', env.NODE_ENV === 'production' ? 'production' : 'development', [
    'development',
    'production',
    'test',
  ] as const);
  const uri = env.NEO4J_URI ?? '';
  if (uri !== '' && !/^(bolt|bolt\+s|bolt\+ssc|neo4j|neo4j\+s|neo4j\+ssc):\/\/[^\s]+$/.test(uri)) {
    throw new ConfigError(`NEO4J_URI must be a bolt://, neo4j:// or neo4j+s:// address, got "${uri}"`);
  }
  const boltPort = int(env, 'NEO4J_BOLT_PORT', 7687, 1, 65535);
  const password = str(env, 'NEO4J_PASSWORD', 'quanzi-dev-password');
  if (password.length < 8) throw new ConfigError('NEO4J_PASSWORD must be at least 8 characters');
  const jwtSecret = str(env, 'QUANZI_JWT_SECRET', mode === 'production' ? '' : DEV_JWT_SECRET);
  if (jwtSecret.length < 32) {
    throw new ConfigError('QUANZI_JWT_SECRET must be set to at least 32 characters (required in production)');
  }
  const adminPassword = str(env, 'QUANZI_ADMIN_PASSWORD', mode === 'production' ? '' : DEV_ADMIN_PASSWORD);
  if (adminPassword.length < 8) {
    throw new ConfigError('QUANZI_ADMIN_PASSWORD must be set to at least 8 characters (required in production)');
  }
  const database = env.NEO4J_DATABASE;
  if (database !== undefined && database !== '' && !/^[A-Za-z][A-Za-z0-9.-]{0,62}$/.test(database)) {
    throw new ConfigError(`NEO4J_DATABASE is not a valid database name: "${database}"`);
  }
  return {
    mode,
    port: int(env, 'PORT', 4000, 0, 65535),
    host: str(env, 'HOST', '127.0.0.1'),
    dataDir: path.resolve(cwd, str(env, 'QUANZI_DATA_DIR', '.data')),
    neo4j: {
      neoMode: uri === '' ? 'embedded' : 'external',
      uri: uri === '' ? `bolt://127.0.0.1:${boltPort}` : uri,
      user: str(env, 'NEO4J_USER', 'neo4j'),
      password,
      database: database === '' ? undefined : database,
      boltPort,
      heap: pattern(env, 'NEO4J_HEAP', '1g', MEMORY, 'a memory size such as 1g or 512m'),
      pageCache: pattern(env, 'NEO4J_PAGECACHE', '512m', MEMORY, 'a memory size such as 1g or 512m'),
      warmup: oneOf(env, 'NEO4J_WARMUP', 'true', ['true', 'false'] as const) === 'true',
      txTimeout: pattern(env, 'NEO4J_TX_TIMEOUT', '30s', DURATION, 'a duration such as 30s or 2m'),
      batchTxTimeout: pattern(env, 'NEO4J_BATCH_TX_TIMEOUT', '20m', DURATION, 'a duration such as 20m or 1h'),
      txLogRetention: pattern(env, 'NEO4J_TX_LOG_RETENTION', '1G size', RETENTION, 'a retention such as "1G size", "2 days" or "keep_none"'),
      startTimeoutMs: int(env, 'NEO4J_START_TIMEOUT_MS', 180_000, 1_000, 3_600_000),
      maxRetryMs: int(env, 'NEO4J_MAX_RETRY_MS', 15_000, 0, 300_000),
    },
    auth: {
      jwtSecret,
      jwtTtlSeconds: int(env, 'QUANZI_JWT_TTL_SECONDS', 8 * 3600, 60, 30 * 24 * 3600),
      adminUser: str(env, 'QUANZI_ADMIN_USER', 'admin'),
      adminPassword,
      loginMaxFailuresPerAccount: int(env, 'QUANZI_LOGIN_MAX_FAILURES_PER_ACCOUNT', 5, 1, 1000),
      loginMaxFailuresPerAddress: int(env, 'QUANZI_LOGIN_MAX_FAILURES_PER_ADDRESS', 20, 1, 100_000),
      loginWindowSeconds: int(env, 'QUANZI_LOGIN_WINDOW_SECONDS', 900, 1, 86_400),
      userStatusCacheMs: int(env, 'QUANZI_USER_STATUS_CACHE_MS', 5_000, 0, 300_000),
    },
    limits: {
      maxDepth: int(env, 'QUANZI_MAX_DEPTH', 12, 2, 100),
      maxAliases: int(env, 'QUANZI_MAX_ALIASES', 30, 0, 10_000),
      maxDirectives: int(env, 'QUANZI_MAX_DIRECTIVES', 30, 0, 10_000),
      maxTokens: int(env, 'QUANZI_MAX_TOKENS', 5_000, 100, 1_000_000),
      maxCost: int(env, 'QUANZI_MAX_COST', 20_000, 1, 100_000_000),
      defaultListSize: int(env, 'QUANZI_DEFAULT_LIST_SIZE', 50, 1, 10_000),
      maxInputDepth: int(env, 'QUANZI_MAX_INPUT_DEPTH', 12, 2, 100),
      maxBodyBytes: int(env, 'QUANZI_MAX_BODY_BYTES', 1_048_576, 1_024, 1_073_741_824),
    },
    seed: oneOf(env, 'QUANZI_SEED', 'demo', ['demo', 'none'] as const),
    followUpDays: int(env, 'QUANZI_FOLLOWUP_DAYS', DEFAULT_FOLLOWUP_DAYS, 1, 60),
    influenceRecomputeMinutes: int(env, 'QUANZI_INFLUENCE_RECOMPUTE_MINUTES', 360, 1, 10_080),
    influenceAfterImport: oneOf(env, 'QUANZI_INFLUENCE_AFTER_IMPORT', 'true', ['true', 'false'] as const) === 'true',
    logLevel: oneOf(env, 'LOG_LEVEL', 'info', ['debug', 'info', 'warn', 'error'] as const),
    webDist: path.resolve(cwd, str(env, 'QUANZI_WEB_DIST', 'web/dist')),
    sourceMaps: oneOf(env, 'QUANZI_SOURCE_MAPS', mode === 'production' ? 'false' : 'true', ['true', 'false'] as const) === 'true',
  };
}
